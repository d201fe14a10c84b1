package org.concert.bots.reference;

import java.util.List;
import org.concert.bots.OrderPlan;
import org.concert.bots.Situation;
import org.concert.protocol.v1.Clause;
import org.concert.protocol.v1.DiplomacyAction;
import org.concert.protocol.v1.Proposal;

/**
 * Buck-passing (Mearsheimer; Christensen and Snyder on the 1930s): let others bear the cost of
 * checking a threat. The buck-passer arms little, invests, signs non-aggression pacts with
 * anyone, takes on no obligation to fight, and stands aside if an alliance it signed long ago
 * is ever triggered.
 */
public final class BuckPasser extends Strategist {
  @Override
  int armsTarget(Situation s) {
    return Math.min(s.military(), Math.max(3, s.provincesOf(s.power()).size()));
  }

  @Override
  boolean disarms() {
    return true;
  }

  @Override
  double investShare(Situation s) {
    return 0.9;
  }

  @Override
  void propose(Situation s, List<DiplomacyAction> out) {
    String threat = s.mainThreat();
    if (threat != null && !s.atWar(s.power(), threat)
        && !pending(s, threat, Clause.KindCase.NON_AGGRESSION)) {
      out.add(proposal(terms(0, s.power(), threat).addClauses(nonAggression())));
    }
    for (String enemy : s.enemies()) {
      if (!pending(s, enemy, Clause.KindCase.PEACE)) {
        out.add(proposal(terms(0, s.power(), enemy).addClauses(peace())));
      }
    }
  }

  @Override
  boolean accept(Situation s, Proposal p) {
    return !obliges(p) && !costs(s, p, s.military());
  }

  @Override
  void wars(Situation s, OrderPlan plan) {
    for (String p : s.others()) {
      if (s.allied(p)) {
        plan.standAside(p);
      }
    }
  }
}
