package org.concert.server.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** How a fuzz target cuts a byte stream into the reads a socket would deliver. */
final class Reads {
  private Reads() {}

  /**
   * One read for seed 0; otherwise reads of sizes drawn from the seed, each at most {@code 1 +
   * seed % longest} bytes.
   */
  static List<byte[]> cut(int seed, byte[] stream, int longest) {
    List<byte[]> reads = new ArrayList<>();
    if (seed == 0) {
      reads.add(stream);
      return reads;
    }
    SplittableRandom random = new SplittableRandom(seed);
    int largest = 1 + seed % longest;
    for (int at = 0; at < stream.length; ) {
      int size = Math.min(stream.length - at, random.nextInt(1, largest + 1));
      reads.add(Arrays.copyOfRange(stream, at, at + size));
      at += size;
    }
    return reads;
  }
}
