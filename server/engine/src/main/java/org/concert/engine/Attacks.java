package org.concert.engine;

/**
 * Who a move attacks. A move enters a province peacefully when the province belongs to the
 * mover or an ally (military access), or to nobody with only the mover's or its allies' stacks
 * in it, and no stack there belongs to a power at war with the mover. Any other move is an
 * attack on every great power that owns the province or has a stack in it at the start of the
 * turn.
 */
final class Attacks {
  private Attacks() {}

  /** True when a move by `power` into `province` enters it peacefully. */
  static boolean peaceful(GameState s, Relations r, int power, int province) {
    int o = s.owner[province];
    boolean access = o == power || (o != Board.NOBODY && !s.board.isMinor(o) && r.allied[power][o]);
    if (o != Board.NOBODY && !access) {
      return false;
    }
    for (int k = 0; k < s.board.powers(); k++) {
      if (k == power || s.stacks[k][province] <= 0) {
        continue;
      }
      if (s.warSince[power][k] != 0 || (!access && !r.allied[power][k])) {
        return false;
      }
    }
    return true;
  }

  /** True when a stack of `other` in a province is an enemy presence for `power`. */
  static boolean hostile(GameState s, int power, int other) {
    return other != power && s.warSince[power][other] != 0;
  }

  /**
   * The great powers a move by `power` into `province` attacks, as a mask over power indices
   * (empty for a peaceful move or one that only meets a minor state or nobody).
   */
  static boolean[] targets(GameState s, Relations r, int power, int province) {
    boolean[] out = new boolean[s.board.powers()];
    if (peaceful(s, r, power, province)) {
      return out;
    }
    int o = s.owner[province];
    if (o != Board.NOBODY && !s.board.isMinor(o) && o != power) {
      out[o] = true;
    }
    for (int k = 0; k < s.board.powers(); k++) {
      if (k != power && s.stacks[k][province] > 0) {
        out[k] = true;
      }
    }
    return out;
  }
}
