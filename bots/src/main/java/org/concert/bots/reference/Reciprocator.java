package org.concert.bots.reference;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.concert.bots.Situation;
import org.concert.protocol.v1.Clause;
import org.concert.protocol.v1.DiplomacyAction;
import org.concert.protocol.v1.Event;
import org.concert.protocol.v1.Proposal;

/**
 * Tit for tat (Axelrod; cooperation under anarchy): open with cooperation, then do what the
 * other did last. The reciprocator offers every neighbour a non-aggression pact; a power that
 * attacks it or breaks a treaty with it is punished the next turn and refused until it has kept
 * quiet for a turn, then offered peace.
 */
public final class Reciprocator extends Strategist {
  /** Powers that wronged this one in the last turn it heard of. */
  private final Set<String> wronged = new LinkedHashSet<>();
  /** Powers being punished, and the last turn they wronged us. */
  private final java.util.Map<String, Integer> lastWrong = new java.util.HashMap<>();

  private void listen(Situation s) {
    wronged.clear();
    for (Event e : s.news()) {
      if (e.hasWarDeclared() && e.getWarDeclared().getTarget().equals(s.power())) {
        wronged.add(e.getWarDeclared().getAggressor());
      }
      if (e.hasTreatyViolated() && !e.getTreatyViolated().getBreaker().equals(s.power())) {
        for (var t : s.view().getTreatiesList()) {
          if (t.getId().equals(e.getTreatyViolated().getTreatyId())
              && t.getTerms().getPartiesList().contains(s.power())) {
            wronged.add(e.getTreatyViolated().getBreaker());
          }
        }
      }
    }
    for (String p : wronged) {
      lastWrong.put(p, s.turn());
    }
  }

  private boolean hostile(Situation s, String p) {
    Integer t = lastWrong.get(p);
    return t != null && s.turn() - t <= 1;
  }

  @Override
  int armsTarget(Situation s) {
    String threat = s.mainThreat();
    return Math.max(s.military(), threat == null ? 0 : (int) (s.strength(threat) * 0.6));
  }

  @Override
  void propose(Situation s, List<DiplomacyAction> out) {
    listen(s);
    for (String p : s.others()) {
      if (hostile(s, p)) {
        continue;
      }
      if (s.atWar(s.power(), p)) {
        if (!pending(s, p, Clause.KindCase.PEACE)) {
          out.add(proposal(terms(0, s.power(), p).addClauses(peace())));
        }
      } else if (borders(s, p) && !pending(s, p, Clause.KindCase.NON_AGGRESSION)) {
        out.add(proposal(terms(0, s.power(), p).addClauses(nonAggression())));
      }
    }
  }

  @Override
  boolean accept(Situation s, Proposal p) {
    for (String party : p.getTerms().getPartiesList()) {
      if (!party.equals(s.power()) && hostile(s, party)) {
        return false;
      }
    }
    return !costs(s, p, s.military()) && !has(p, Clause.KindCase.OFFENSIVE_ALLIANCE);
  }

  @Override
  List<String> targets(Situation s) {
    List<String> out = new ArrayList<>();
    for (String p : s.enemies()) {
      if (hostile(s, p)) {
        out.add(p); // an eye for an eye, the turn after
      }
    }
    return out;
  }
}
