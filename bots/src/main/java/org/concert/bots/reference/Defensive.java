package org.concert.bots.reference;

import java.util.ArrayList;
import java.util.List;
import org.concert.bots.Situation;
import org.concert.protocol.v1.Clause;
import org.concert.protocol.v1.DiplomacyAction;
import org.concert.protocol.v1.Proposal;

/**
 * Defensive realism (Waltz, Jervis): states seek security, not power, and expansion usually
 * costs more than it brings. The defensive realist arms to match the threat it perceives,
 * prefers forts (which, when distinguishable, threaten nobody), offers arms control to its main
 * rival, keeps the status quo, and fights only to take back what is its own.
 */
public final class Defensive extends Strategist {
  @Override
  int armsTarget(Situation s) {
    String threat = s.mainThreat();
    int nearby = threat == null ? 0 : (int) (s.strength(threat) * 0.7);
    return Math.max(nearby, Math.max(3, s.provincesOf(s.power()).size()));
  }

  @Override
  int forts(Situation s) {
    return s.security() < 0.6 ? 2 : 0;
  }

  @Override
  void propose(Situation s, List<DiplomacyAction> out) {
    for (String p : s.others()) {
      if (borders(s, p) && !s.atWar(s.power(), p)
          && !pending(s, p, Clause.KindCase.NON_AGGRESSION)) {
        out.add(proposal(terms(5, s.power(), p).addClauses(nonAggression())));
        break;
      }
    }
    String threat = s.mainThreat();
    if (threat != null && !s.atWar(s.power(), threat)
        && !pending(s, threat, Clause.KindCase.ARMS_LIMIT)) {
      int cap = Math.max(s.military(), s.strength(threat)) + 2;
      out.add(proposal(terms(5, s.power(), threat).addClauses(armsLimit(cap))));
    }
    for (String enemy : s.enemies()) {
      if (!pending(s, enemy, Clause.KindCase.PEACE)) {
        out.add(proposal(terms(0, s.power(), enemy).addClauses(peace())));
      }
    }
  }

  @Override
  boolean accept(Situation s, Proposal p) {
    if (has(p, Clause.KindCase.OFFENSIVE_ALLIANCE) || costs(s, p, s.military())) {
      return false;
    }
    if (has(p, Clause.KindCase.DEFENSIVE_ALLIANCE)) {
      String threat = s.mainThreat();
      return threat == null || !p.getTerms().getPartiesList().contains(threat);
    }
    return true;
  }

  @Override
  boolean wants(Situation s, String province) {
    return s.atlas().isHome(s.power(), province);
  }

  @Override
  List<String> targets(Situation s) {
    List<String> out = new ArrayList<>();
    for (String enemy : s.enemies()) {
      for (String q : s.provincesOf(enemy)) {
        if (s.atlas().isHome(s.power(), q) && !out.contains(enemy)) {
          out.add(enemy); // take back what is ours
        }
      }
    }
    return out;
  }
}
