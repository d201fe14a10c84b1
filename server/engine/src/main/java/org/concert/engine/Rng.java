package org.concert.engine;

/**
 * The engine's only source of randomness: a counter-based generator keyed by the match seed
 * and a purpose, so that every draw is reproducible on any JVM and independent of the order in
 * which other draws were made. Each stream is SplitMix64 over a key mixed from its parts.
 */
final class Rng {
  /** Streams, one per use, so that adding a draw in one place never shifts another. */
  enum Purpose {
    FOG,
    FRICTION,
    IDS
  }

  private long state;

  private Rng(long state) {
    this.state = state;
  }

  /** A stream for one purpose in one turn, for one observer or subject (or -1). */
  static Rng of(long seed, Purpose purpose, int turn, int a, int b) {
    long key = mix(seed ^ 0x9E3779B97F4A7C15L);
    key = mix(key ^ (purpose.ordinal() + 1L) * 0xBF58476D1CE4E5B9L);
    key = mix(key ^ (turn + 0x1000L) * 0x94D049BB133111EBL);
    key = mix(key ^ (a + 0x2000L) * 0xD6E8FEB86659FD93L);
    key = mix(key ^ (b + 0x3000L) * 0xA0761D6478BD642FL);
    return new Rng(key);
  }

  long nextLong() {
    state += 0x9E3779B97F4A7C15L;
    return mix(state);
  }

  /** Six hex digits: an unguessable, reproducible id suffix. */
  String hex6() {
    String hex = Long.toHexString(nextLong() & 0xFFFFFFL);
    return "000000".substring(hex.length()) + hex;
  }

  /** Uniform in [0, 1). */
  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [-1, 1). */
  double nextSigned() {
    return nextDouble() * 2.0 - 1.0;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
