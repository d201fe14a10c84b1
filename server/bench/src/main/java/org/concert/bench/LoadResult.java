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
 */
record LoadResult(String target, double seconds, long commands, double p50Micros,
    double p90Micros, double p99Micros, double maxMicros, long[] sent, long acknowledged,
    long refused, long unanswered, long turns, String firstRefusal, long cpuNanos) {

  static LoadResult of(String target, double seconds, Tally t, long cpuNanos) {
    long[] l = t.sortedLatencies();
    return new LoadResult(target, seconds, l.length, micros(l, 0.50), micros(l, 0.90),
        micros(l, 0.99), l.length == 0 ? 0 : l[l.length - 1] / 1000.0, t.sent.clone(),
        t.acknowledged, t.refused, t.unanswered, t.turns, t.firstRefusal, cpuNanos);
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
    return cpuNanos < 0 || commands == 0 ? -1 : cpuNanos / 1000.0 / commands;
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
