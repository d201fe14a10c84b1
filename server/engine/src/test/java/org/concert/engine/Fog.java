package org.concert.engine;

import java.util.ArrayDeque;
import org.concert.protocol.v1.Transparency;

/**
 * An independent statement of the visibility rule for the fog tests, written plainly (breadth
 * first from every province the power owns or stands in) so that it does not share code with
 * the engine's {@link Visibility}.
 */
final class Fog {
  private Fog() {}

  static boolean[] visible(GameState s, int power) {
    Board b = s.board;
    int n = b.provinces();
    boolean[] out = new boolean[n];
    Transparency t = s.rules.transparency();
    if (t == Transparency.TRANSPARENCY_TRANSPARENT) {
      java.util.Arrays.fill(out, true);
      return out;
    }
    int radius = t == Transparency.TRANSPARENCY_OPAQUE ? 1 : s.rules.fogRadius();
    int[] depth = new int[n];
    java.util.Arrays.fill(depth, -1);
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int q = 0; q < n; q++) {
      if (s.ownerOf(q).equals(b.powerId(power)) || s.stack(power, q) > 0) {
        depth[q] = 0;
        queue.add(q);
      }
    }
    while (!queue.isEmpty()) {
      int q = queue.poll();
      out[q] = true;
      if (depth[q] == radius) {
        continue;
      }
      for (int x : b.neighbours(q)) {
        if (depth[x] < 0) {
          depth[x] = depth[q] + 1;
          queue.add(x);
        }
      }
    }
    return out;
  }
}
