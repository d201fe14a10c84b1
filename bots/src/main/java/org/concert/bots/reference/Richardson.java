package org.concert.bots.reference;

import java.util.List;
import org.concert.bots.OrderPlan;
import org.concert.bots.Situation;
import org.concert.protocol.v1.Clause;
import org.concert.protocol.v1.DiplomacyAction;
import org.concert.protocol.v1.Proposal;

/**
 * Richardson's arms race: each side's arms grow with the rival's arms (k: defence or
 * "reaction"), shrink with their own burden (a: fatigue) and carry a standing grievance (g):
 * {@code x' = x + k*y - a*x + g}, against the rival perceived as most threatening. The race
 * settles when k*l < a*b and runs away when k*l > a*b. Otherwise it keeps the peace: it signs
 * non-aggression pacts, never attacks, and stands down strength when the equation says so.
 */
public final class Richardson extends Strategist {
  private final double k;
  private final double a;
  private final double g;
  private String rival;
  /** The arms level the equation has reached, kept unrounded between turns. */
  private double level = -1;
  private int levelTurn;

  /** With the default reaction 0.3, fatigue 0.2 and grievance 2. */
  public Richardson() {
    this(0.3, 0.2, 2);
  }

  public Richardson(double k, double a, double g) {
    if (k < 0 || a < 0 || a > 1) {
      throw new IllegalArgumentException(
          "richardson needs k >= 0 and 0 <= a <= 1, not k=" + k + " a=" + a);
    }
    this.k = k;
    this.a = a;
    this.g = g;
  }

  public double k() {
    return k;
  }

  public double a() {
    return a;
  }

  public double g() {
    return g;
  }

  /** The rival: kept once chosen while it lives, so the race is against one power. */
  private String rival(Situation s) {
    if (rival == null || !s.living().contains(rival)) {
      rival = s.mainThreat();
      if (rival == null && !s.others().isEmpty()) {
        rival = s.others().get(0);
      }
    }
    return rival;
  }

  @Override
  int armsTarget(Situation s) {
    if (level < 0) {
      level = s.military();
    }
    if (levelTurn != s.turn()) { // one step of the equation a turn
      levelTurn = s.turn();
      String r = rival(s);
      double y = r == null ? 0 : s.strength(r);
      level = Math.max(0, level + k * y - a * level + g);
    }
    return (int) Math.round(level);
  }

  @Override
  boolean disarms() {
    return true;
  }

  @Override
  double investShare(Situation s) {
    return 0.3;
  }

  @Override
  void propose(Situation s, List<DiplomacyAction> out) {
    String r = rival(s);
    if (r != null && !s.atWar(s.power(), r) && !pending(s, r, Clause.KindCase.NON_AGGRESSION)) {
      out.add(proposal(terms(0, s.power(), r).addClauses(nonAggression())));
    }
  }

  @Override
  boolean accept(Situation s, Proposal p) {
    return !obliges(p) && !costs(s, p, Integer.MAX_VALUE);
  }

  @Override
  void wars(Situation s, OrderPlan plan) {}
}
