package org.concert.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import org.concert.server.ConcertServer;
import org.concert.server.net.NetConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The server load test: chat and proposal traffic from many clients in many matches over
 * loopback against the game server with its durable journal (started in this JVM on SQLite in a
 * temporary folder, or a running one), and the same traffic against a plain Netty echo server
 * in the same run; prints commands per second, latency percentiles, and the ratio.
 */
@Command(name = "server-load", mixinStandardHelpOptions = true,
    description = "Load test of the game server against a plain Netty echo server.")
public final class ServerLoad implements Callable<Integer> {
  @Option(names = "--matches", defaultValue = "40", description = "Matches (default: ${DEFAULT-VALUE}).")
  int matches;

  @Option(names = "--clients-per-match", defaultValue = "5",
      description = "Clients in each match, a seat each (default: ${DEFAULT-VALUE}).")
  int clientsPerMatch;

  @Option(names = "--in-flight", defaultValue = "1",
      description = "Commands a client may have unanswered (default: ${DEFAULT-VALUE}).")
  int inFlight;

  @Option(names = "--warm-up", defaultValue = "10",
      description = "Seconds of traffic before the measured window (default: ${DEFAULT-VALUE}).")
  int warmUp;

  @Option(names = "--window", defaultValue = "20",
      description = "Seconds measured (default: ${DEFAULT-VALUE}).")
  int window;

  @Option(names = "--commands", defaultValue = "0",
      description = "Commands per client instead of a time window (default: by time).")
  int commands;

  @Option(names = "--proposals-per-turn", defaultValue = "10",
      description = "Proposals a client makes in a turn before it says ready; the matches'"
          + " rules allow exactly that many (default: ${DEFAULT-VALUE}, as the rules' default;"
          + " at most 100).")
  int proposalsPerTurn;

  @Option(names = "--client-threads", defaultValue = "1",
      description = "Event loop threads of the clients (default: ${DEFAULT-VALUE}).")
  int clientThreads;

  @Option(names = "--server-threads", defaultValue = "0",
      description = "Event loop threads of the in-process server and of the echo server;"
          + " 0: one per core, as in production (default: ${DEFAULT-VALUE}).")
  int serverThreads;

  @Option(names = "--runs", defaultValue = "3",
      description = "Rounds of (server, echo); medians are reported (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--no-echo", description = "Measure the game server only.")
  boolean noEcho;

  @Option(names = "--server", paramLabel = "HOST:PORT",
      description = "A running server's TCP address instead of one in this JVM (its rate and"
          + " per-address limits apply).")
  String server;

  @Option(names = "--host-token", paramLabel = "TOKEN",
      description = "The host token of the running server (with --server).")
  String hostToken;

  @Option(names = "--data", paramLabel = "DIR",
      description = "Data folder of the in-process server (default: a new temporary folder).")
  Path data;

  private final String[] args;
  private final PrintWriter out;

  ServerLoad(String[] args, PrintWriter out) {
    this.args = args.clone();
    this.out = out;
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    System.exit(new CommandLine(new ServerLoad(args, out)).execute(args));
  }

  /** What a whole invocation measured: each round's server and echo results. */
  record Report(List<LoadResult> server, List<LoadResult> echo, long serverCommands,
      long records, long transactions) {}

  @Override
  public Integer call() throws Exception {
    if ((server == null) != (hostToken == null)) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "--server and --host-token go together");
    }
    LoadSettings settings = new LoadSettings(matches, clientsPerMatch, inFlight,
        Duration.ofSeconds(warmUp), Duration.ofSeconds(window), commands, proposalsPerTurn,
        clientThreads);
    out.println("reproduce: java -cp server/bench/target/benchmarks.jar "
        + ServerLoad.class.getName() + (args.length == 0 ? "" : " " + String.join(" ", args)));
    out.printf(Locale.ROOT, "%d matches x %d clients, %d in flight each, %s%n", matches,
        clientsPerMatch, inFlight, settings.byCount() ? commands + " commands per client"
            : warmUp + " s warm-up + " + window + " s measured");
    Report r = measure(settings);
    summarize(r);
    boolean clean = r.server().stream().allMatch(LoadResult::clean)
        && r.echo().stream().allMatch(LoadResult::clean);
    return clean ? 0 : 1;
  }

  Report measure(LoadSettings settings) throws Exception {
    List<LoadResult> serverResults = new ArrayList<>();
    List<LoadResult> echoResults = new ArrayList<>();
    long serverCommands;
    long records = -1;
    long transactions = -1;
    if (server != null) {
      int colon = server.lastIndexOf(':');
      LoadGenerator.Target t = new LoadGenerator.Target(server.substring(0, colon),
          Integer.parseInt(server.substring(colon + 1)), hostToken, "");
      rounds(settings, t, serverResults, echoResults);
      serverCommands = -1; // not counted: the metrics endpoint is the running server's
    } else {
      Path dir = data != null ? data : Files.createTempDirectory("concert-load");
      String token = "load-" + Long.toHexString(System.nanoTime()) + "-host-token";
      NetConfig net = NetConfig.defaults().withBindHost("127.0.0.1").withPorts(0, 0)
          .withRateLimit(0, 200) // no per-connection rate limit: the load is the point
          .withMaxConnectionsPerAddress(0) // every client comes from 127.0.0.1
          .withIoThreads(serverThreads);
      try (ConcertServer s = ConcertServer.start(new ConcertServer.Options(net, dir, null,
          token))) {
        out.println("server: in this JVM, SQLite under " + dir);
        long before = metric(s.httpPort(), "concert_commands_total");
        long recordsBefore = metric(s.httpPort(), "concert_records_total");
        long transactionsBefore = metric(s.httpPort(), "concert_journal_transactions_total");
        rounds(settings, new LoadGenerator.Target("127.0.0.1", s.tcpPort(), token, "concert-"),
            serverResults, echoResults);
        serverCommands = metric(s.httpPort(), "concert_commands_total") - before;
        records = metric(s.httpPort(), "concert_records_total") - recordsBefore;
        transactions = metric(s.httpPort(), "concert_journal_transactions_total")
            - transactionsBefore;
      }
      if (data == null) {
        deleteTree(dir);
      }
    }
    return new Report(serverResults, echoResults, serverCommands, records, transactions);
  }

  private void rounds(LoadSettings settings, LoadGenerator.Target target,
      List<LoadResult> serverResults, List<LoadResult> echoResults) throws Exception {
    try (EchoServer echo = noEcho ? null : new EchoServer(serverThreads)) {
      for (int run = 1; run <= runs; run++) {
        LoadResult s = LoadGenerator.run(target, settings);
        serverResults.add(s);
        out.println("run " + run + "  " + s.line());
        out.println("        " + s.counts());
        out.println("        " + s.cpu());
        if (echo != null) {
          LoadResult e = LoadGenerator.run(new LoadGenerator.Target("127.0.0.1", echo.port(),
              null, EchoServer.THREADS), settings);
          echoResults.add(e);
          out.println("run " + run + "  " + e.line());
          out.println("        " + e.cpu());
          out.printf(Locale.ROOT, "        server/echo: %.2f%n", s.perSecond() / e.perSecond());
        }
      }
    }
  }

  private void summarize(Report r) {
    out.println("medians of " + r.server().size() + " runs:");
    out.println("  " + medianLine("server", r.server()));
    if (!r.echo().isEmpty()) {
      out.println("  " + medianLine("echo", r.echo()));
      out.printf(Locale.ROOT, "  server/echo commands/s: %.2f%n",
          median(r.server(), LoadResult::perSecond) / median(r.echo(), LoadResult::perSecond));
      if (server == null) {
        out.printf(Locale.ROOT, "  CPU per command: server %.1f µs, echo server %.1f µs%n",
            median(r.server(), LoadResult::cpuMicrosPerCommand),
            median(r.echo(), LoadResult::cpuMicrosPerCommand));
      }
      out.printf(Locale.ROOT, "  clients' CPU per command: %.1f µs against the server, %.1f µs"
          + " against the echo server; whole JVM: %.1f and %.1f µs%n",
          median(r.server(), LoadResult::clientCpuMicrosPerCommand),
          median(r.echo(), LoadResult::clientCpuMicrosPerCommand),
          median(r.server(), LoadResult::processCpuMicrosPerCommand),
          median(r.echo(), LoadResult::processCpuMicrosPerCommand));
    }
    if (server == null) {
      long acknowledged = r.server().stream().mapToLong(LoadResult::acknowledged).sum();
      out.printf(Locale.ROOT, "  the server counted %,d accepted commands (seats and host"
          + " actions included) for %,d acknowledged traffic commands%n", r.serverCommands(),
          acknowledged);
      out.printf(Locale.ROOT, "  journal: %,d records in %,d transactions (%.1f records per"
          + " fsync)%n", r.records(), r.transactions(),
          r.transactions() == 0 ? 0.0 : (double) r.records() / r.transactions());
    }
  }

  private static String medianLine(String what, List<LoadResult> results) {
    return String.format(Locale.ROOT,
        "%-6s %,10.0f commands/s  p50 %,8.0f µs  p90 %,8.0f µs  p99 %,8.0f µs  max %,9.0f µs",
        what, median(results, LoadResult::perSecond), median(results, LoadResult::p50Micros),
        median(results, LoadResult::p90Micros), median(results, LoadResult::p99Micros),
        median(results, LoadResult::maxMicros));
  }

  static double median(List<LoadResult> results, ToDoubleFunction<LoadResult> f) {
    double[] v = results.stream().mapToDouble(f).sorted().toArray();
    if (v.length == 0) {
      return 0;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /** One counter of the server's metrics endpoint. */
  static long metric(int httpPort, String name) throws IOException, InterruptedException {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + httpPort + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    return Arrays.stream(r.body().split("\n"))
        .filter(l -> l.startsWith(name + " "))
        .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(' ') + 1).trim()))
        .findFirst().orElseThrow(() -> new IOException("no " + name + " in /metrics"));
  }

  static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
