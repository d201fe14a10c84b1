package org.concert.engine;

/**
 * Power shares, after the Correlates of War capability index: half a power's share of all
 * income, half its share of all military strength, over the living great powers.
 */
final class Shares {
  private Shares() {}

  /** A power's income at the next resolution, part by part. */
  record Income(int provinces, int investment, int weariness) {
    /** Before war weariness. */
    int gross() {
      return provinces + investment;
    }

    /** What reaches the treasury. */
    int net() {
      return gross() - weariness;
    }
  }

  /**
   * Income: the values of owned provinces no enemy army stands in, plus the return on
   * investment, less war weariness for each great power the power is at war with.
   */
  static Income breakdown(GameState s, int i) {
    int provinces = 0;
    for (int q = 0; q < s.board.provinces(); q++) {
      if (s.owner[q] == i && !occupied(s, i, q)) {
        provinces += s.board.value(q);
      }
    }
    int investment = s.invested[i] * s.rules.investReturnPercent() / 100;
    int wars = 0;
    for (int j = 0; j < s.board.powers(); j++) {
      if (j != i && s.alive[j] && s.warSince[i][j] != 0) {
        wars++;
      }
    }
    int gross = provinces + investment;
    int weariness = gross * Math.min(s.rules.warWearinessCapPercent(),
        wars * s.rules.warWearinessPercent()) / 100;
    return new Income(provinces, investment, weariness);
  }

  private static boolean occupied(GameState s, int power, int q) {
    for (int k = 0; k < s.board.powers(); k++) {
      if (s.stacks[k][q] > 0 && Attacks.hostile(s, power, k)) {
        return true;
      }
    }
    return false;
  }

  /** Gross income, the income measure of power shares and income growth. */
  static int income(GameState s, int i) {
    return breakdown(s, i).gross();
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
      if (!s.alive[j]) {
        continue;
      }
      double inc = totalIncome == 0 ? 0 : income[j] / totalIncome;
      // With no army in sight, income is the only measure there is.
      share[j] = totalMilitary == 0 ? inc : 0.5 * inc + 0.5 * military[j] / totalMilitary;
    }
    return share;
  }
}
