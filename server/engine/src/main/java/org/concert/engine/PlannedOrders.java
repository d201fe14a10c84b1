package org.concert.engine;

import java.util.ArrayList;
import java.util.List;

/** One power's validated orders in board indices: what resolution works from. */
final class PlannedOrders {
  record Build(int province, int strength) {}

  record Fort(int province, int levels) {}

  record Subsidy(int to, int gold) {}

  record Disband(int province, int strength) {}

  record Move(int power, int from, int to, int strength) {}

  /** Support of the defence of `target` (attackFrom = -1) or of a move from attackFrom. */
  record Support(int power, int from, int target, int attackFrom) {}

  final int power;
  final List<Build> builds = new ArrayList<>();
  final List<Fort> forts = new ArrayList<>();
  int invest;
  final List<Subsidy> subsidies = new ArrayList<>();
  final List<Disband> disbands = new ArrayList<>();
  final List<Move> moves = new ArrayList<>();
  final List<Support> supports = new ArrayList<>();
  final boolean[] standAside;
  final boolean[] declareWar;
  final boolean missed;
  /** Orders were given but were not valid when the turn resolved. */
  final boolean refused;

  PlannedOrders(int power, int powers, boolean missed, boolean refused) {
    this.power = power;
    this.standAside = new boolean[powers];
    this.declareWar = new boolean[powers];
    this.missed = missed;
    this.refused = refused;
  }

  /** Orders of a power that sent none (or invalid ones): hold everything, build nothing. */
  static PlannedOrders hold(int power, int powers, boolean refused) {
    return new PlannedOrders(power, powers, true, refused);
  }

  int spending(Rules rules) {
    int sum = invest;
    for (Build b : builds) {
      sum += b.strength() * rules.armyCost();
    }
    for (Fort f : forts) {
      sum += f.levels() * rules.fortCost();
    }
    for (Subsidy s : subsidies) {
      sum += s.gold();
    }
    return sum;
  }

  int built() {
    int sum = 0;
    for (Build b : builds) {
      sum += b.strength();
    }
    return sum;
  }
}
