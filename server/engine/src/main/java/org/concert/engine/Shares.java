package org.concert.engine;

/**
 * Power shares, after the Correlates of War capability index: half a power's share of all
 * income, half its share of all military strength, over the living great powers.
 */
final class Shares {
  private Shares() {}

  /** Income a power draws from what it owns (province values and investment returns). */
  static int income(GameState s, int i) {
    int sum = 0;
    for (int q = 0; q < s.board.provinces(); q++) {
      if (s.owner[q] == i) {
        sum += s.board.value(q);
      }
    }
    return sum + s.invested[i] * s.rules.investReturnPercent() / 100;
  }

  static double[] of(GameState s) {
    int np = s.board.powers();
    double[] income = new double[np];
    double[] military = new double[np];
    double totalIncome = 0;
    double totalMilitary = 0;
    for (int i = 0; i < np; i++) {
      if (s.alive[i]) {
        income[i] = income(s, i);
        military[i] = s.military(i);
        totalIncome += income[i];
        totalMilitary += military[i];
      }
    }
    double[] share = new double[np];
    for (int i = 0; i < np; i++) {
      if (!s.alive[i]) {
        continue;
      }
      double inc = totalIncome == 0 ? 0 : income[i] / totalIncome;
      double mil = totalMilitary == 0 ? 0 : military[i] / totalMilitary;
      share[i] = 0.5 * inc + 0.5 * mil;
    }
    return share;
  }
}
