package org.concert.server.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * How many journal records a store acknowledges per second, and how long an acknowledgement
 * takes, with durable group commit. Not a test: a measurement to run by hand.
 *
 * <p>{@code threads} threads append records round-robin over {@code matches} matches (a match's
 * next version is taken and queued under its lock, as its actor would), each thread with at most
 * {@code inFlight} records waiting for their acknowledgement: {@code threads * inFlight} in all,
 * like that many clients waiting for their commands' acknowledgements. Latency is from {@code
 * append} to the future's completion. With a {@code rate}, records are offered at that many a
 * second in all and latency counts from when each was due. A warm-up run of a fifth of the
 * records comes first. Defaults: 200,000 records, 4 threads, 50 in flight each, 200 bytes, 40
 * matches, flat out.
 *
 * <pre>
 * ./mvnw -B -q -o -pl server/host -am install -DskipTests
 * ./mvnw -B -q -o -pl server/host dependency:build-classpath \
 *   -Dmdep.outputFile=target/test.classpath
 * cd server/host
 * java -cp "target/test-classes:target/classes:$(cat target/test.classpath)" \
 *   org.concert.server.store.JournalThroughput \
 *   [records [threads [inFlight [bytes [matches [rate]]]]]]
 * </pre>
 *
 * <p>SQLite is measured in a fresh temporary folder (or {@code -Dconcert.data=DIR}); PostgreSQL
 * too when {@code CONCERT_TEST_POSTGRES_URL} is set, in a schema of its own that is dropped
 * afterwards. The line before the results is the disk's bare rate of small synced writes, the
 * ceiling for commits to that folder.
 */
public final class JournalThroughput {
  private JournalThroughput() {}

  /** A run's shape; {@code rate} is the records per second offered in all, 0 for flat out. */
  record Run(int records, int threads, int inFlight, int bytes, int matches, int rate) {
    Run withRecords(int fewer) {
      return new Run(fewer, threads, inFlight, bytes, matches, rate);
    }
  }

  public static void main(String[] args) throws Exception {
    Run run = new Run(
        intArg(args, 0, 200_000), intArg(args, 1, 4), intArg(args, 2, 50), intArg(args, 3, 200),
        intArg(args, 4, 40), intArg(args, 5, 0));
    System.out.printf("%,d records of %d bytes, %d threads x %d in flight, %d matches, %s%n",
        run.records(), run.bytes(), run.threads(), run.inFlight(), run.matches(),
        run.rate() == 0 ? "flat out" : "offered at %,d records/s".formatted(run.rate()));

    String dataProperty = System.getProperty("concert.data");
    Path dataDir = dataProperty != null
        ? Path.of(dataProperty) : Files.createTempDirectory("concert-throughput");
    System.out.printf("disk at %s: %,.0f synced 4 KiB writes/s%n",
        dataDir, syncedWritesPerSecond(dataDir));
    try (MatchStore store = MatchStore.open(null, dataDir, InstantSource.system())) {
      measure("SQLite", store, run);
    } finally {
      if (dataProperty == null) {
        deleteTree(dataDir);
      }
    }

    String url = System.getenv(PostgresStoreTest.URL_VARIABLE);
    if (url != null && !url.isBlank()) {
      String schema = "concert_throughput_" + System.nanoTime();
      execute(url, "CREATE SCHEMA " + schema);
      try (MatchStore store = MatchStore.open(
          url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema, null,
          InstantSource.system())) {
        measure("PostgreSQL", store, run);
      } finally {
        execute(url, "DROP SCHEMA " + schema + " CASCADE");
      }
    } else {
      System.out.println("PostgreSQL: not measured (" + PostgresStoreTest.URL_VARIABLE + " unset)");
    }
  }

  private static void measure(String name, MatchStore store, Run run) throws InterruptedException {
    for (int m = 0; m < run.matches(); m++) {
      store.create(new MatchRecord("warm-" + m, "W" + m, Instant.now(), new byte[0], ""));
      store.create(new MatchRecord("match-" + m, "M" + m, Instant.now(), new byte[0], ""));
    }
    appendAll(store, "warm-", run.withRecords(run.records() / 5));

    MatchStore.WriteStats before = store.writeStats();
    long started = System.nanoTime();
    long[] latencies = appendAll(store, "match-", run);
    double seconds = (System.nanoTime() - started) / 1e9;
    MatchStore.WriteStats after = store.writeStats();

    Arrays.sort(latencies);
    long transactions = after.transactions() - before.transactions();
    System.out.printf(
        "%-10s %,9.0f records/s  ack p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms"
            + "  (%,d records in %.2f s, %,d transactions, %.0f records each)%n",
        name, run.records() / seconds, percentile(latencies, 0.50), percentile(latencies, 0.99),
        latencies[latencies.length - 1] / 1e6, run.records(), seconds, transactions,
        (double) (after.records() - before.records()) / transactions);
  }

  /** Appends the run's records; returns each one's acknowledgement latency in nanoseconds. */
  private static long[] appendAll(MatchStore store, String prefix, Run run)
      throws InterruptedException {
    long[] latencies = new long[run.records()];
    byte[] payload = new byte[run.bytes()];
    new Random(1815).nextBytes(payload);
    CountDownLatch acknowledged = new CountDownLatch(run.records());
    // A match's versions are taken and queued under its lock, as its actor would do them in turn.
    long[] versions = new long[run.matches()];
    Object[] actors = new Object[run.matches()];
    Arrays.setAll(actors, m -> new Object());
    Thread[] threads = new Thread[run.threads()];
    long started = System.nanoTime();
    for (int t = 0; t < threads.length; t++) {
      int thread = t;
      threads[t] = new Thread(() -> {
        Semaphore inFlight = new Semaphore(run.inFlight());
        for (int i = thread; i < run.records(); i += run.threads()) {
          // Paced, a record's latency counts from when it was due, so that a stall that delays
          // the records behind it is counted against them too.
          long start = run.rate() == 0 ? 0 : started + (long) (i * 1e9 / run.rate());
          while (System.nanoTime() < start) {
            LockSupport.parkNanos(start - System.nanoTime());
          }
          inFlight.acquireUninterruptibly();
          if (run.rate() == 0) {
            start = System.nanoTime();
          }
          int match = i % run.matches();
          int index = i;
          long due = start;
          CompletableFuture<Void> ack;
          synchronized (actors[match]) {
            ack = store.append(prefix + match, ++versions[match], payload);
          }
          ack.whenComplete((ok, failure) -> {
            if (failure != null) {
              failure.printStackTrace();
            }
            latencies[index] = System.nanoTime() - due;
            inFlight.release();
            acknowledged.countDown();
          });
        }
      }, "client-" + t);
      threads[t].start();
    }
    acknowledged.await();
    for (Thread thread : threads) {
      thread.join();
    }
    return latencies;
  }

  private static double percentile(long[] sorted, double p) {
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
  }

  /** Small writes, each forced to disk, for one second: what one commit at a time could do. */
  private static double syncedWritesPerSecond(Path dir) throws IOException {
    Path file = dir.resolve("fsync-probe");
    ByteBuffer block = ByteBuffer.allocate(4096);
    int writes = 0;
    long started = System.nanoTime();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      while (System.nanoTime() - started < 1_000_000_000L) {
        block.clear();
        channel.write(block, (long) (writes % 16) * 4096);
        channel.force(false);
        writes++;
      }
    } finally {
      Files.deleteIfExists(file);
    }
    return writes / ((System.nanoTime() - started) / 1e9);
  }

  private static int intArg(String[] args, int index, int otherwise) {
    return args.length > index ? Integer.parseInt(args[index].replace("_", "")) : otherwise;
  }

  private static void execute(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
