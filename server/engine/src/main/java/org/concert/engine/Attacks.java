package org.concert.engine;

/**
 * Who a move attacks. A move may enter a province peacefully only when its owner and every
 * stack in it belong to the mover or the mover's allies (military access); any other move is
 * an attack on every great power that owns or occupies the province at the start of the turn.
 */
final class Attacks {
  private Attacks() {}

  /** True when a move by `power` into `province` enters it peacefully. */
  static boolean peaceful(GameState s, Relations r, int power, int province) {
    int o = s.owner[province];
    if (o != Board.NOBODY) {
      if (s.board.isMinor(o)) {
        return false;
      }
      if (o != power && !r.allied[power][o]) {
        return false;
      }
    }
    for (int k = 0; k < s.board.powers(); k++) {
      if (k != power && s.stacks[k][province] > 0 && !r.allied[power][k]) {
        return false;
      }
    }
    return true;
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
