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

  /**
   * Power shares as one power perceives them: incomes from the public map (province values),
   * its own army exactly and the others' as its view estimates them. For observers (-2), only
   * the armies on the public map count.
   */
  static double[] perceived(GameState s, int viewer) {
    int np = s.board.powers();
    double[] income = new double[np];
    double[] military = new double[np];
    double totalIncome = 0;
    double totalMilitary = 0;
    boolean[] visible = viewer >= 0 ? Visibility.of(s, viewer) : null;
    boolean transparent = Threats.transparent(s);
    for (int j = 0; j < np; j++) {
      if (!s.alive[j]) {
        continue;
      }
      for (int q = 0; q < s.board.provinces(); q++) {
        if (s.owner[q] == j) {
          income[j] += s.board.value(q);
        }
      }
      if (viewer >= 0) {
        military[j] = Views.believedMilitary(s, viewer, j, visible);
      } else if (transparent) {
        military[j] = s.military(j);
      }
      totalIncome += income[j];
      totalMilitary += military[j];
    }
    double[] share = new double[np];
    for (int j = 0; j < np; j++) {
      if (s.alive[j]) {
        share[j] = 0.5 * (totalIncome == 0 ? 0 : income[j] / totalIncome)
            + 0.5 * (totalMilitary == 0 ? 0 : military[j] / totalMilitary);
      }
    }
    return share;
  }
}
