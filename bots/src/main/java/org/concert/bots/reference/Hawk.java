package org.concert.bots.reference;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.concert.bots.OrderPlan;
import org.concert.bots.Situation;
import org.concert.protocol.v1.Clause;
import org.concert.protocol.v1.DiplomacyAction;
import org.concert.protocol.v1.Proposal;

/**
 * Offensive realism (Mearsheimer): in anarchy the best guarantee of survival is to be the
 * strongest, so a great power maximises its relative power and takes what it can. The hawk
 * arms heavily, signs pacts only to keep one flank quiet, never caps its army, expands into
 * minor states and attacks the weakest neighbour whenever the odds are good.
 */
public final class Hawk extends Strategist {
  @Override
  int armsTarget(Situation s) {
    return s.military() + Math.max(2, s.income() / 3);
  }

  @Override
  double investShare(Situation s) {
    return 0.2;
  }

  /**
   * The weakest bordering great power, the hawk's prey. A pact protects a neighbour only as
   * far as breaking it costs: never where talk is cheap, and under reputation only if the prey
   * is not at least twice as weak. Under binding enforcement a pact holds.
   */
  static String prey(Situation s) {
    String best = null;
    for (String p : s.others()) {
      boolean protectedByPact = s.pacted(p) && !cheapTalk(s)
          && (binding(s) || s.military() < 2 * s.strength(p));
      if (borders(s, p) && !protectedByPact
          && (best == null || s.strength(p) < s.strength(best))) {
        best = p;
      }
    }
    return best;
  }

  @Override
  void propose(Situation s, List<DiplomacyAction> out) {
    String prey = prey(s);
    // Keep the strongest other power quiet while the prey is taken.
    List<String> others = new ArrayList<>(s.others());
    others.remove(prey);
    others.sort(Comparator.comparingDouble((String p) -> -s.share(p)));
    if (!others.isEmpty() && !s.atWar(s.power(), others.get(0))
        && !pending(s, others.get(0), Clause.KindCase.NON_AGGRESSION)) {
      out.add(proposal(terms(3, s.power(), others.get(0)).addClauses(nonAggression())));
    }
  }

  @Override
  boolean accept(Situation s, Proposal p) {
    if (costs(s, p, Integer.MAX_VALUE) || has(p, Clause.KindCase.CONCERT)
        || has(p, Clause.KindCase.DEFENSIVE_ALLIANCE)) {
      return false; // no caps, no tribute, no entanglement
    }
    String prey = prey(s);
    if (has(p, Clause.KindCase.NON_AGGRESSION) && prey != null
        && p.getTerms().getPartiesList().contains(prey)) {
      return false;
    }
    return true; // offensive alliances and quiet flanks are welcome
  }

  @Override
  void wars(Situation s, OrderPlan plan) {
    String prey = prey(s);
    if (prey != null && s.military() > 1.3 * s.strength(prey)) {
      plan.declareWar(prey);
    }
  }

  @Override
  List<String> targets(Situation s) {
    List<String> out = new ArrayList<>(s.enemies());
    String prey = prey(s);
    if (prey != null && !out.contains(prey) && s.military() > 1.3 * s.strength(prey)) {
      out.add(prey);
    }
    out.addAll(minorsNearby(s));
    return out;
  }
}
