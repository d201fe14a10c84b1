package org.concert.engine;

import org.concert.protocol.v1.PowerDef;
import org.concert.protocol.v1.Transparency;

/**
 * Threat and security as one power perceives them, from what it may see (the security
 * dilemma in numbers). T(i,j) sums j's stacks, each weighted by the observer's believed theta
 * and by the square of one plus its distance to i's nearest province, times the intent factor,
 * j's lack of credibility and j's recent expansion. Strength the observer cannot see is placed
 * at j's capital.
 * S(i) = D(i) / (D(i) + sum of T(i,j)).
 */
final class Threats {
  /** Strength points a fort level counts as, for threat, when forts are indistinguishable. */
  static final int FORT_AS_STRENGTH = 3;

  final int observer;
  /** T(observer, j), 0 for the observer itself and for dead powers. */
  final double[] threat;
  final double[] intent;
  /** The strength the observer believes each power has. */
  final int[] believed;
  final double defence;
  final double security;

  private Threats(int observer, double[] threat, double[] intent, int[] believed,
      double defence, double security) {
    this.observer = observer;
    this.threat = threat;
    this.intent = intent;
    this.believed = believed;
    this.defence = defence;
    this.security = security;
  }

  /** The power that threatens the observer most, or -1. */
  int main() {
    int best = -1;
    for (int j = 0; j < threat.length; j++) {
      if (j != observer && threat[j] > 0 && (best < 0 || threat[j] > threat[best])) {
        best = j;
      }
    }
    return best;
  }

  static Threats of(GameState s, Relations rel, int i, boolean[] visible) {
    Board b = s.board;
    int np = b.powers();
    int nq = b.provinces();
    double theta = believedTheta(s, i);
    // Distance from each province to the observer's nearest province.
    int[] dist = new int[nq];
    java.util.Arrays.fill(dist, Integer.MAX_VALUE);
    boolean owns = false;
    for (int q = 0; q < nq; q++) {
      if (s.owner[q] == i) {
        owns = true;
        for (int x = 0; x < nq; x++) {
          dist[x] = Math.min(dist[x], b.distance(x, q));
        }
      }
    }
    double[] threat = new double[np];
    double[] intent = new double[np];
    int[] believed = new int[np];
    for (int j = 0; j < np; j++) {
      if (j == i || !s.alive[j]) {
        continue;
      }
      intent[j] = intent(s, rel, i, j);
      believed[j] = Views.believedMilitary(s, i, j, visible);
      if (!owns) {
        continue;
      }
      double t = 0;
      int seenStrength = 0;
      for (int q = 0; q < nq; q++) {
        if (!visible[q] || dist[q] == Integer.MAX_VALUE) {
          continue;
        }
        int strength = s.stacks[j][q];
        seenStrength += strength;
        if (!s.rules.distinguishable() && s.owner[q] == j) {
          strength += s.fort[q] * FORT_AS_STRENGTH;
        }
        if (strength > 0) {
          t += strength / square(1 + dist[q]);
        }
      }
      int hidden = believed[j] - seenStrength;
      int cap = b.capital(j);
      if (hidden > 0 && dist[cap] != Integer.MAX_VALUE) {
        t += hidden / square(1 + dist[cap]);
      }
      double expansion = 1.0 + s.rules.expansionThreat() * s.expansion[j]
          / (double) TurnEnd.EXPANSION_POINTS;
      threat[j] = t * theta * intent[j] * (1.0 + (100 - s.credibility[j]) / 100.0) * expansion;
    }
    double d = 0;
    boolean[] near = new boolean[nq]; // own provinces and their neighbours
    for (int q = 0; q < nq; q++) {
      if (s.owner[q] != i) {
        continue;
      }
      d += s.stacks[i][q] * b.terrain(q) * s.rules.fortMultiplier(s.fort[q]);
      near[q] = true;
      for (int x : b.links(q)) {
        near[x] = true;
      }
    }
    // Allies' stacks in or next to the power's provinces, each counted once and weighted by
    // the ally's credibility.
    for (int k = 0; k < np; k++) {
      if (k == i || !s.alive[k] || !rel.allied[i][k]) {
        continue;
      }
      int nearby = 0;
      for (int q = 0; q < nq; q++) {
        if (near[q] && (visible[q] || s.owner[q] == i)) {
          nearby += s.stacks[k][q];
        }
      }
      d += nearby * s.credibility[k] / 100.0;
    }
    double total = 0;
    for (double t : threat) {
      total += t;
    }
    double security = d + total == 0 ? 1.0 : d / (d + total);
    return new Threats(i, threat, intent, believed, d, security);
  }

  private static double square(int x) {
    return (double) x * x;
  }

  /** The intent factor of j as seen by i. */
  static double intent(GameState s, Relations rel, int i, int j) {
    if (s.warSince[i][j] != 0) {
      return 1.5;
    }
    if (rel.allied[i][j] || rel.concert[i][j]) {
      return 0.3;
    }
    if (rel.nonAggression[i][j]) {
      return 0.6;
    }
    return 1.0;
  }

  /** The theta the observer believes in (the cult of the offensive), or the true one. */
  static double believedTheta(GameState s, int i) {
    PowerDef def = s.board.scenario().getPowers(i);
    return def.hasBelievedThetaPercent() ? def.getBelievedThetaPercent() / 100.0 : s.rules.theta();
  }

  static boolean transparent(GameState s) {
    return s.rules.transparency() == Transparency.TRANSPARENCY_TRANSPARENT;
  }
}
