package org.concert.bench;

import java.util.Locale;

/**
 * One run's figures.
 *
 * @param target what was measured: "server" or "echo"
 * @param seconds the measured window (for a run by count: from the first command to the last
 *     answer)
 * @param commands commands answered in the window
 * @param p50Micros median time from sending a command to its answer, in microseconds
 * @param p90Micros 90th percentile
 * @param p99Micros 99th percentile
 * @param maxMicros the slowest
 * @param sent every command sent, by kind (in the order of {@link Tally.Kind})
 * @param acknowledged every command acknowledged, warm-up included
 * @param refused commands the server answered with an error
 * @param unanswered commands with no answer when the run ended
 * @param turns the furthest turn a match reached
 * @param firstRefusal the first error's message, or ""
 * @param cpuNanos CPU time the target's threads used in the window (-1: not measured)
 * @param clientCpuNanos CPU time the clients' threads used in the window
 * @param processCpuNanos CPU time this whole JVM used in the window: the clients, the target
 *     when it runs in it, and the collector and compiler
 */
record LoadResult(String target, double seconds, long commands, double p50Micros,
    double p90Micros, double p99Micros, double maxMicros, long[] sent, long acknowledged,
    long refused, long unanswered, long turns, String firstRefusal, long cpuNanos,
    long clientCpuNanos, long processCpuNanos) {

  static LoadResult of(String target, double seconds, Tally t, long cpuNanos,
      long clientCpuNanos, long processCpuNanos) {
    long[] l = t.sortedLatencies();
    return new LoadResult(target, seconds, l.length, micros(l, 0.50), micros(l, 0.90),
        micros(l, 0.99), l.length == 0 ? 0 : l[l.length - 1] / 1000.0, t.sent.clone(),
        t.acknowledged, t.refused, t.unanswered, t.turns, t.firstRefusal, cpuNanos,
        clientCpuNanos, processCpuNanos);
  }

  /** Nearest-rank percentile. */
  private static double micros(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1000.0;
  }

  double perSecond() {
    return seconds <= 0 ? 0 : commands / seconds;
  }

  /** CPU time of the target per command answered in the window, in microseconds (-1: none). */
  double cpuMicrosPerCommand() {
    return perCommand(cpuNanos);
  }

  /** CPU time of the clients per command answered in the window, in microseconds. */
  double clientCpuMicrosPerCommand() {
    return perCommand(clientCpuNanos);
  }

  /** CPU time of the whole JVM per command answered in the window, in microseconds. */
  double processCpuMicrosPerCommand() {
    return perCommand(processCpuNanos);
  }

  private double perCommand(long nanos) {
    return nanos < 0 || commands == 0 ? -1 : nanos / 1000.0 / commands;
  }

  long sentTotal() {
    return java.util.Arrays.stream(sent).sum();
  }

  /** True if every command sent was acknowledged: no refusal, none left unanswered. */
  boolean clean() {
    return refused == 0 && unanswered == 0 && acknowledged == sentTotal();
  }

  String line() {
    return String.format(Locale.ROOT,
        "%-6s %,10.0f commands/s  p50 %,8.0f µs  p90 %,8.0f µs  p99 %,8.0f µs  max %,9.0f µs"
            + "  (%,d in %.1f s)%s",
        target, perSecond(), p50Micros, p90Micros, p99Micros, maxMicros, commands, seconds,
        cpuNanos < 0 ? "" : String.format(Locale.ROOT, "  CPU %.1f µs/command",
            cpuMicrosPerCommand()));
  }

  /** Where the CPU went, per command: the target, the clients, the whole JVM. */
  String cpu() {
    return String.format(Locale.ROOT,
        "%s CPU per command: %s, clients %.1f µs, whole JVM %.1f µs (at most %,.0f commands/s"
            + " on %d cores at that cost)", target,
        cpuNanos < 0 ? "target not measured" : String.format(Locale.ROOT, "target %.1f µs",
            cpuMicrosPerCommand()),
        clientCpuMicrosPerCommand(), processCpuMicrosPerCommand(),
        Runtime.getRuntime().availableProcessors() * 1e6 / processCpuMicrosPerCommand(),
        Runtime.getRuntime().availableProcessors());
  }

  String counts() {
    StringBuilder b = new StringBuilder(target).append(": sent ");
    Tally.Kind[] kinds = Tally.Kind.values();
    for (int i = 0; i < kinds.length; i++) {
      b.append(i == 0 ? "" : ", ").append(kinds[i].name().toLowerCase(Locale.ROOT)
          .replace('_', ' ')).append(' ').append(String.format(Locale.ROOT, "%,d", sent[i]));
    }
    b.append(String.format(Locale.ROOT, "; acknowledged %,d, refused %,d, unanswered %,d",
        acknowledged, refused, unanswered));
    if (turns > 0) {
      b.append("; furthest turn ").append(turns);
    }
    if (!firstRefusal.isEmpty()) {
      b.append("; first refusal: ").append(firstRefusal);
    }
    return b.toString();
  }
}
