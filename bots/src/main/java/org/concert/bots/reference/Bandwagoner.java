package org.concert.bots.reference;

import java.util.ArrayList;
import java.util.List;
import org.concert.bots.Situation;
import org.concert.protocol.v1.Clause;
import org.concert.protocol.v1.DiplomacyAction;
import org.concert.protocol.v1.Proposal;

/**
 * Bandwagoning: joining the strongest power instead of resisting it, for safety or for a share
 * of the spoils (the weak state's choice in structural realism, and the jackal's). The
 * bandwagoner courts the leader, never joins a coalition against it, and picks off whoever the
 * leader is fighting.
 */
public final class Bandwagoner extends Strategist {
  static String leader(Situation s) {
    String best = null;
    for (String p : s.others()) {
      if (best == null || s.share(p) > s.share(best)) {
        best = p;
      }
    }
    return best;
  }

  @Override
  int armsTarget(Situation s) {
    return Math.max(s.military(), s.income() / 2);
  }

  @Override
  double investShare(Situation s) {
    return 0.6;
  }

  @Override
  void propose(Situation s, List<DiplomacyAction> out) {
    String leader = leader(s);
    if (leader != null && !s.atWar(s.power(), leader)
        && !pending(s, leader, Clause.KindCase.DEFENSIVE_ALLIANCE)) {
      out.add(proposal(terms(5, s.power(), leader).addClauses(defensive())));
    }
  }

  @Override
  boolean accept(Situation s, Proposal p) {
    String leader = leader(s);
    boolean withLeader = leader != null && (p.getTerms().getPartiesList().contains(leader));
    String target = target(p);
    if (target != null && target.equals(leader)) {
      return false; // never against the leader
    }
    if (obliges(p)) {
      return withLeader;
    }
    return withLeader || !costs(s, p, s.military());
  }

  @Override
  List<String> targets(Situation s) {
    List<String> out = new ArrayList<>(s.enemies());
    String leader = leader(s);
    if (leader != null) {
      for (String p : s.others()) {
        if (!p.equals(leader) && s.atWar(leader, p) && !s.pacted(p) && !out.contains(p)) {
          out.add(p); // the jackal joins the leader's wars
        }
      }
    }
    out.addAll(minorsNearby(s));
    return out;
  }

  @Override
  void wars(Situation s, org.concert.bots.OrderPlan plan) {
    String leader = leader(s);
    if (leader == null) {
      return;
    }
    for (String p : s.others()) {
      if (!p.equals(leader) && s.atWar(leader, p) && !s.pacted(p) && borders(s, p)
          && s.strength(p) < s.military()) {
        plan.declareWar(p);
      }
    }
  }
}
