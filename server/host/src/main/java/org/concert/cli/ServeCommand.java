package org.concert.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.concert.server.ConcertServer;
import org.concert.server.JoinAddress;
import org.concert.server.net.NetConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code concert serve}: the game server, on its embedded database by default. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {
      "Runs the game server: WebSocket and HTTP on one port (the web client, /health,"
          + " /metrics), length-prefixed protobuf over TCP for bots. Matches are kept in an"
          + " embedded SQLite database under --data, or in PostgreSQL with --db; unfinished"
          + " matches are recovered at start.",
      "Prints the host (instructor) token once; keep it."})
public final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--http-port", paramLabel = "PORT",
      defaultValue = "" + NetConfig.DEFAULT_HTTP_PORT,
      description = "HTTP and WebSocket port (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(names = "--tcp-port", paramLabel = "PORT", defaultValue = "" + NetConfig.DEFAULT_TCP_PORT,
      description = "TCP port for bots and tools (default: ${DEFAULT-VALUE}).")
  int tcpPort;

  @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "0.0.0.0",
      description = "Address to listen on (default: ${DEFAULT-VALUE}; 127.0.0.1 for this"
          + " machine only).")
  String bind;

  @Option(names = "--data", paramLabel = "DIR", defaultValue = "data",
      description = "Folder of the embedded database (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--db", paramLabel = "JDBC-URL",
      description = "A PostgreSQL JDBC URL to use instead of the embedded database, e.g."
          + " jdbc:postgresql://localhost/concert?user=concert&password=...")
  String db;

  @Option(names = "--public-url", paramLabel = "URL",
      description = "The address students join at, shown on the projector and in its QR code,"
          + " e.g. https://concert.example.edu (default: this machine's address on the local"
          + " network).")
  String publicUrl;

  @Option(names = "--ladder", paramLabel = "SCENARIO",
      description = "Run a ladder for bot programs on this scenario, e.g. symmetric-4: bots with"
          + " a bot token enter it (concert bot --ladder NAME) and are rated game after game.")
  String ladder;

  @Option(names = "--host-token", paramLabel = "TOKEN",
      description = "Accept this host token (default: make a new one and print it).")
  String hostToken;

  @Override
  public Integer call() throws InterruptedException {
    if (db != null && !db.startsWith("jdbc:postgresql:")) {
      throw new ParameterException(spec.commandLine(),
          "--db: only PostgreSQL URLs (jdbc:postgresql://...) are supported, not " + db);
    }
    if (hostToken != null && hostToken.length() < 16) {
      throw new ParameterException(spec.commandLine(),
          "--host-token: use at least 16 characters (or let the server make one)");
    }
    if (publicUrl != null) {
      try {
        JoinAddress.configured(publicUrl);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--public-url: " + e.getMessage());
      }
    }
    NetConfig net;
    try {
      net = NetConfig.defaults().withBindHost(bind).withPorts(tcpPort, httpPort)
          .withWebRoot(NetConfig.WebRoot.classpath("web"));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    long started = System.nanoTime();
    if (ladder != null && !org.concert.maps.Scenarios.ids().contains(ladder)) {
      throw new ParameterException(spec.commandLine(), "--ladder: no scenario \"" + ladder
          + "\"; there are " + String.join(", ", org.concert.maps.Scenarios.ids()));
    }
    ConcertServer server = ConcertServer.start(new ConcertServer.Options(net, data, db,
        hostToken, publicUrl, ladder));
    var out = spec.commandLine().getOut();
    String address = "http://" + ("0.0.0.0".equals(bind) ? "localhost" : bind) + ":"
        + server.httpPort();
    out.printf("Concert is serving (started in %d ms; %d unfinished matches recovered)%n",
        (System.nanoTime() - started) / 1_000_000, server.recoveredMatches());
    out.printf("  players and instructors: %s/%n", address);
    JoinAddress join = server.joinAddress();
    out.printf("  students join at:        %s%n", switch (join.source()) {
      case CONFIGURED, NETWORK -> join.url() + "/  (the projector shows it, with a QR code)";
      case NONE -> "0.0.0.0".equals(bind) || "::".equals(bind)
          ? "no network address found: connect this machine to the room's network"
          : "nowhere else: --bind " + bind + " serves this machine only";
    });
    out.printf("  bots (TCP):              %s:%d%n", "0.0.0.0".equals(bind) ? "localhost" : bind,
        server.tcpPort());
    out.printf("  health:                  %s/health%n", address);
    if (ladder != null) {
      out.printf("  ladder:                  %s/#/ladder (%s; concert bot --ladder NAME)%n",
          address, ladder);
    }
    if (hostToken == null) {
      out.printf("  host token:              %s%n", server.hostToken());
      out.printf("  host link:               %s/#host=%s%n", address, server.hostToken());
    }
    out.println("Press Ctrl-C to stop.");
    out.flush();
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      out.println("Stopping: connections are told, the journal is closed.");
      out.flush();
      server.close();
      out.println("Concert stopped; unfinished matches resume at the next start.");
      out.flush();
      stop.countDown();
    }, "concert-shutdown"));
    stop.await();
    return Concert.OK;
  }
}
