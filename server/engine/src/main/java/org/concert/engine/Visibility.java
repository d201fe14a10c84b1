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
    boolean[] base = new boolean[n];
    boolean any = false;
    for (int q = 0; q < n; q++) {
      if (s.owner[q] == observer || s.stacks[observer][q] > 0) {
        base[q] = true;
        any = true;
      }
    }
    if (!any) {
      return seen;
    }
    for (int q = 0; q < n; q++) {
      if (base[q]) {
        seen[q] = true;
        continue;
      }
      for (int o = 0; o < n; o++) {
        if (base[o] && b.hops(q, o) <= radius) {
          seen[q] = true;
          break;
        }
      }
    }
    return seen;
  }
}
