package org.concert.engine;

import org.concert.protocol.v1.Transparency;

/**
 * Which provinces each power sees exactly, by the transparency rule: everything under
 * TRANSPARENT; under FOG the provinces within the fog radius (in links) of any province the
 * power owns or stands in; under OPAQUE only those and their neighbours.
 */
final class Visibility {
  private Visibility() {}

  /** [observer][province]: true when the observer sees that province's stacks and fort. */
  static boolean[][] of(GameState s) {
    int p = s.board.powers();
    boolean[][] out = new boolean[p][];
    for (int i = 0; i < p; i++) {
      out[i] = of(s, i);
    }
    return out;
  }

  static boolean[] of(GameState s, int observer) {
    Board b = s.board;
    int n = b.provinces();
    boolean[] seen = new boolean[n];
    Transparency t = s.rules.transparency();
    if (t == Transparency.TRANSPARENCY_TRANSPARENT) {
      java.util.Arrays.fill(seen, true);
      return seen;
    }
    int radius = t == Transparency.TRANSPARENCY_OPAQUE ? 1 : s.rules.fogRadius();
    // Breadth first from every province the observer owns or stands in, out to the radius.
    int[] depth = new int[n];
    java.util.Arrays.fill(depth, -1);
    int[] queue = new int[n];
    int head = 0;
    int tail = 0;
    for (int q = 0; q < n; q++) {
      if (s.owner[q] == observer || s.stacks[observer][q] > 0) {
        depth[q] = 0;
        queue[tail++] = q;
      }
    }
    while (head < tail) {
      int q = queue[head++];
      seen[q] = true;
      if (depth[q] == radius) {
        continue;
      }
      for (int x : b.links(q)) {
        if (depth[x] < 0) {
          depth[x] = depth[q] + 1;
          queue[tail++] = x;
        }
      }
    }
    return seen;
  }
}
