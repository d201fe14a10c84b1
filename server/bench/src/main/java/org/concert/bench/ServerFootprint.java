package org.concert.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.concert.server.ConcertServer;
import org.concert.server.net.NetConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The server's footprint: heap per idle match, the data for the recovery experiment, and the
 * time from starting {@code concert serve} to its TCP port accepting connections.
 */
@Command(name = "server-footprint", mixinStandardHelpOptions = true,
    subcommands = {ServerFootprint.Heap.class, ServerFootprint.Prepare.class,
        ServerFootprint.Startup.class},
    description = "Footprint experiments of the game server.")
public final class ServerFootprint {
  private static final String TOKEN = "footprint-host-token-0123456789";

  private ServerFootprint() {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new ServerFootprint()).execute(args));
  }

  static NetConfig loopback() {
    return NetConfig.defaults().withBindHost("127.0.0.1").withPorts(0, 0)
        .withRateLimit(0, 200).withMaxConnectionsPerAddress(0);
  }

  /** Used heap after collecting until it stops shrinking. */
  static long usedHeapAfterGc() throws InterruptedException {
    var memory = ManagementFactory.getMemoryMXBean();
    long last = Long.MAX_VALUE;
    for (int i = 0; i < 10; i++) {
      System.gc();
      Thread.sleep(100);
      long used = memory.getHeapMemoryUsage().getUsed();
      if (used >= last - 64 * 1024 && i >= 2) {
        return Math.min(used, last);
      }
      last = Math.min(last, used);
    }
    return last;
  }

  @Command(name = "heap", mixinStandardHelpOptions = true,
      description = "Creates idle matches in a server in this JVM and divides the heap they hold.")
  static final class Heap implements Callable<Integer> {
    @Option(names = "--matches", defaultValue = "10000") int matches;

    @Option(names = "--clients-per-match", defaultValue = "0",
        description = "Seats claimed in each match before it goes idle (0: none, the match waits"
            + " in its lobby; 5: every seat, the match started).")
    int clients;

    @Override
    public Integer call() throws Exception {
      Path dir = Files.createTempDirectory("concert-heap");
      PrintWriter out = new PrintWriter(System.out, true);
      try (ConcertServer s = ConcertServer.start(new ConcertServer.Options(loopback(), dir, null,
          TOKEN))) {
        LoadGenerator.Target t = new LoadGenerator.Target("127.0.0.1", s.tcpPort(), TOKEN, "");
        // One batch first, so that classes, scenario caches and pools are loaded before counting.
        populate(t, 20, clients);
        long before = usedHeapAfterGc();
        long started = System.nanoTime();
        populate(t, matches, clients);
        double seconds = (System.nanoTime() - started) / 1e9;
        Thread.sleep(1000); // let the last journal writes and pushes settle
        long after = usedHeapAfterGc();
        out.printf(Locale.ROOT, "%,d matches (%d seats taken in each) made in %.1f s%n", matches,
            clients, seconds);
        out.printf(Locale.ROOT, "heap used after GC: before %,d KB, after %,d KB%n",
            before / 1024, after / 1024);
        out.printf(Locale.ROOT, "heap per idle match: %,.1f KB%n",
            (after - before) / 1024.0 / matches);
      } finally {
        ServerLoad.deleteTree(dir);
      }
      return 0;
    }
  }

  /**
   * Makes matches: with clients, by short runs of the load generator (40 matches at a time);
   * without, by the host alone.
   */
  static void populate(LoadGenerator.Target t, int matches, int clients) throws Exception {
    if (clients == 0) {
      LoadGenerator.createMatches(t, new LoadSettings(matches, 5, 1, Duration.ZERO,
          Duration.ofSeconds(1), 1, 5, 1));
      return;
    }
    for (int done = 0; done < matches; done += 40) {
      int batch = Math.min(40, matches - done);
      LoadResult r = LoadGenerator.run(t, new LoadSettings(batch, clients, 1, Duration.ZERO,
          Duration.ofSeconds(1), 1, 5, 1));
      if (!r.clean()) {
        throw new IllegalStateException("a batch did not run cleanly: " + r.counts());
      }
    }
  }

  @Command(name = "prepare", mixinStandardHelpOptions = true,
      description = "Fills a data folder with unfinished matches, each with five seats taken and"
          + " some turns of chat and proposals, for the recovery experiment.")
  static final class Prepare implements Callable<Integer> {
    @Option(names = "--data", required = true) Path data;

    @Option(names = "--matches", defaultValue = "1000") int matches;

    @Option(names = "--commands", defaultValue = "60",
        description = "Commands per client (five clients a match; default: ${DEFAULT-VALUE}).")
    int commands;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = new PrintWriter(System.out, true);
      long started = System.nanoTime();
      long records = 0;
      try (ConcertServer s = ConcertServer.start(new ConcertServer.Options(loopback(), data, null,
          TOKEN))) {
        LoadGenerator.Target t = new LoadGenerator.Target("127.0.0.1", s.tcpPort(), TOKEN, "");
        for (int done = 0; done < matches; done += 40) {
          int batch = Math.min(40, matches - done);
          LoadResult r = LoadGenerator.run(t, new LoadSettings(batch, 5, 1, Duration.ZERO,
              Duration.ofSeconds(1), commands, 5, 1));
          if (!r.clean()) {
            throw new IllegalStateException("a batch did not run cleanly: " + r.counts());
          }
          records += r.acknowledged();
        }
      }
      out.printf(Locale.ROOT, "%,d unfinished matches (%,d acknowledged commands) in %s,"
          + " made in %.0f s; host token %s%n", matches, records, data,
          (System.nanoTime() - started) / 1e9, TOKEN);
      return 0;
    }
  }

  @Command(name = "startup", mixinStandardHelpOptions = true,
      description = "Starts `java -jar JAR serve` several times and times each until its TCP port"
          + " accepts a connection; with --data, on that folder (recovery).")
  static final class Startup implements Callable<Integer> {
    private static final Pattern SERVING =
        Pattern.compile("started in (\\d+) ms; (\\d+) unfinished matches recovered");

    @Option(names = "--jar", defaultValue = "server/host/target/concert.jar") Path jar;

    @Option(names = "--runs", defaultValue = "5") int runs;

    @Option(names = "--data", description = "Data folder (default: a new empty one each run).")
    Path data;

    @Option(names = "--java-option", description = "An option for the server's JVM.")
    List<String> javaOptions = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      PrintWriter out = new PrintWriter(System.out, true);
      List<Double> times = new ArrayList<>();
      for (int run = 1; run <= runs; run++) {
        Path dir = data != null ? data : Files.createTempDirectory("concert-start");
        int tcp = freePort();
        int http = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptions);
        command.addAll(List.of("-jar", jar.toString(), "serve", "--bind", "127.0.0.1",
            "--tcp-port", "" + tcp, "--http-port", "" + http, "--data", dir.toString(),
            "--host-token", TOKEN));
        long started = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
        // The line the server prints once it is serving: how many matches it recovered, and
        // how long it took by its own clock (from the command's start, after the JVM's).
        CompletableFuture<String> serving = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
          try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
              StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
              Matcher m = SERVING.matcher(line);
              if (m.find()) {
                serving.complete(m.group(2) + " unfinished matches recovered; the server's own"
                    + " count: " + m.group(1) + " ms");
              }
            }
          } catch (IOException e) {
            serving.completeExceptionally(e);
          }
          serving.complete("no start-up line");
        }, "server-output");
        reader.setDaemon(true);
        reader.start();
        double ms;
        String said;
        try {
          ms = untilAccepting(tcp, started, p) / 1e6;
          said = serving.get(30, TimeUnit.SECONDS);
        } finally {
          p.destroy(); // SIGTERM: the shutdown hook closes the store
          if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
          }
        }
        out.printf(Locale.ROOT, "run %d: accepting after %,.0f ms (%s)%n", run, ms, said);
        times.add(ms);
        if (data == null) {
          ServerLoad.deleteTree(dir);
        }
      }
      times.sort(null);
      double median = times.size() % 2 == 1 ? times.get(times.size() / 2)
          : (times.get(times.size() / 2 - 1) + times.get(times.size() / 2)) / 2;
      out.printf(Locale.ROOT, "median of %d: %,.0f ms%n", runs, median);
      return 0;
    }

    private static int freePort() throws IOException {
      try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        return s.getLocalPort();
      }
    }

    /** Nanoseconds from `started` until the port accepts; polls every 5 ms, for at most 60 s. */
    private static long untilAccepting(int port, long started, Process p)
        throws IOException, InterruptedException {
      while (System.nanoTime() - started < TimeUnit.SECONDS.toNanos(60)) {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress("127.0.0.1", port), 100);
          return System.nanoTime() - started;
        } catch (IOException notYet) {
          if (!p.isAlive()) {
            throw new IOException("the server exited with " + p.exitValue() + " before accepting");
          }
          Thread.sleep(5);
        }
      }
      throw new IOException("the server did not accept on port " + port + " within 60 s");
    }
  }
}
