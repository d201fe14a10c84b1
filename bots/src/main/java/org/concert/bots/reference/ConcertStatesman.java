package org.concert.bots.reference;

import java.util.ArrayList;
import java.util.List;
import org.concert.bots.Situation;
import org.concert.protocol.v1.Clause;
import org.concert.protocol.v1.DiplomacyAction;
import org.concert.protocol.v1.Proposal;

/**
 * The concert (Jervis, "From Balance to Concert"): after a hegemonic war the great powers can
 * agree to moderate their aims, consult, and change borders only by common consent. The
 * statesman proposes a concert of all the great powers, keeps it, arms moderately, never
 * seizes a province, offers peace to anyone at war with it, and fights only a power that broke
 * the concert (which the concert's rule puts it at war with).
 */
public final class ConcertStatesman extends Strategist {
  @Override
  int armsTarget(Situation s) {
    String threat = s.mainThreat();
    return Math.max(Math.max(3, s.provincesOf(s.power()).size() / 2),
        threat == null ? 0 : (int) (s.strength(threat) * 0.5));
  }

  @Override
  int forts(Situation s) {
    return s.security() < 0.5 ? 1 : 0;
  }

  @Override
  void propose(Situation s, List<DiplomacyAction> out) {
    List<String> members = new ArrayList<>();
    for (String p : s.living()) {
      if (p.equals(s.power()) || !s.atWar(s.power(), p)) {
        members.add(p);
      }
    }
    boolean inConcert = false;
    for (var t : s.myTreaties()) {
      inConcert |= t.getTerms().getClausesList().stream().anyMatch(Clause::hasConcert);
    }
    for (var p : s.proposalsPending()) {
      inConcert |= has(p, Clause.KindCase.CONCERT);
    }
    if (!inConcert && members.size() >= 3) {
      out.add(proposal(terms(0, members.toArray(String[]::new)).addClauses(concert())));
    }
    for (String enemy : s.enemies()) {
      if (!pending(s, enemy, Clause.KindCase.PEACE)) {
        out.add(proposal(terms(0, s.power(), enemy).addClauses(peace())));
      }
    }
  }

  @Override
  boolean accept(Situation s, Proposal p) {
    return !has(p, Clause.KindCase.OFFENSIVE_ALLIANCE) && !costs(s, p, s.military());
  }

  @Override
  boolean wants(Situation s, String province) {
    return s.atlas().isHome(s.power(), province); // restore, never seize
  }

  @Override
  List<String> targets(Situation s) {
    return s.enemies();
  }
}
