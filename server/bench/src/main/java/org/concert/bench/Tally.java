package org.concert.bench;

import java.util.Arrays;

/** What the clients of a run counted: commands by kind and answer, and every measured latency. */
final class Tally {
  /** The commands of the traffic (set-up commands are not counted). */
  enum Kind { PRIVATE_CHAT, PUBLIC_CHAT, PROPOSE, WITHDRAW, READY }

  final long[] sent = new long[Kind.values().length];
  long acknowledged;
  long refused;
  long unanswered;
  long turns;
  String firstRefusal = "";
  private long[] latencies = new long[1024];
  private int measured;

  void latency(long nanos) {
    if (measured == latencies.length) {
      latencies = Arrays.copyOf(latencies, measured * 2);
    }
    latencies[measured++] = nanos;
  }

  long sentTotal() {
    return java.util.Arrays.stream(sent).sum();
  }

  int measured() {
    return measured;
  }

  /** Adds another client's tally to this one. */
  void add(Tally o) {
    for (int i = 0; i < sent.length; i++) {
      sent[i] += o.sent[i];
    }
    acknowledged += o.acknowledged;
    refused += o.refused;
    unanswered += o.unanswered;
    turns = Math.max(turns, o.turns);
    if (firstRefusal.isEmpty()) {
      firstRefusal = o.firstRefusal;
    }
    for (int i = 0; i < o.measured; i++) {
      latency(o.latencies[i]);
    }
  }

  /** The measured latencies, sorted (a copy). */
  long[] sortedLatencies() {
    long[] out = Arrays.copyOf(latencies, measured);
    Arrays.sort(out);
    return out;
  }
}
