package org.concert.bots.reference;

import java.util.ArrayList;
import java.util.List;
import org.concert.bots.OrderPlan;
import org.concert.bots.Situation;
import org.concert.protocol.v1.Clause;
import org.concert.protocol.v1.DiplomacyAction;
import org.concert.protocol.v1.Proposal;

/**
 * Balance of threat (Walt), after the balance-of-power tradition of the seed texts: states
 * ally against the strongest or most threatening power, not with it. The balancer arms to
 * match its main threat, allies with the others against it, and when one power nears
 * hegemony it forms an offensive coalition and attacks it ("the whole of Europe will unite
 * against the one that would master it").
 */
public final class Balancer extends Strategist {
  /** Power share at which the balancer stops waiting and gangs up on the leader. */
  static final double ALARM = 0.33;

  /** The power to balance against: the strongest other power, or the main threat if none leads. */
  static String rival(Situation s) {
    String strongest = null;
    for (String p : s.others()) {
      if (strongest == null || s.share(p) > s.share(strongest)) {
        strongest = p;
      }
    }
    String threat = s.mainThreat();
    if (strongest != null && s.share(strongest) >= ALARM) {
      return strongest;
    }
    return threat != null ? threat : strongest;
  }

  @Override
  int armsTarget(Situation s) {
    String rival = rival(s);
    int match = rival == null ? 0 : (int) (s.strength(rival) * 0.8);
    return Math.max(match, s.military());
  }

  @Override
  int forts(Situation s) {
    return s.security() < 0.4 ? 1 : 0;
  }

  @Override
  double investShare(Situation s) {
    return 0.4;
  }

  @Override
  void propose(Situation s, List<DiplomacyAction> out) {
    String rival = rival(s);
    if (rival == null) {
      return;
    }
    List<String> partners = new ArrayList<>(s.others());
    partners.remove(rival);
    partners.sort((a, b) -> Double.compare(s.threat(rival) == 0 ? 0 : s.share(b), s.share(a)));
    int made = 0;
    for (String p : partners) {
      if (made < 2 && !s.atWar(s.power(), p)
          && !pending(s, p, Clause.KindCase.DEFENSIVE_ALLIANCE)) {
        out.add(proposal(terms(5, s.power(), p).addClauses(defensive())));
        made++;
      }
    }
    if (s.share(rival) >= ALARM && !partners.isEmpty()
        && !pending(s, partners.get(0), Clause.KindCase.OFFENSIVE_ALLIANCE)) {
      List<String> coalition = new ArrayList<>();
      coalition.add(s.power());
      for (String p : partners) {
        if (!s.atWar(s.power(), p)) {
          coalition.add(p);
        }
      }
      if (coalition.size() >= 2) {
        out.add(proposal(terms(4, coalition.toArray(String[]::new)).addClauses(offensive(rival))));
      }
    }
  }

  @Override
  boolean accept(Situation s, Proposal p) {
    String rival = rival(s);
    boolean withRival = rival != null && p.getTerms().getPartiesList().contains(rival);
    if (costs(s, p, s.military())) {
      return false;
    }
    if (obliges(p) && !has(p, Clause.KindCase.CONCERT)) {
      String target = target(p);
      return !withRival && (target == null || target.equals(rival));
    }
    return true; // pacts, peace, concerts: anything that restrains the rival or frees hands
  }

  @Override
  void wars(Situation s, OrderPlan plan) {
    String rival = rival(s);
    if (rival != null && s.share(rival) >= ALARM && !s.atWar(s.power(), rival)
        && s.bound(rival, Clause.KindCase.NON_AGGRESSION) == false && coalitionReady(s, rival)) {
      plan.declareWar(rival);
    }
  }

  /** Someone else is already fighting the rival, or an offensive alliance against it binds us. */
  private static boolean coalitionReady(Situation s, String rival) {
    for (String p : s.others()) {
      if (!p.equals(rival) && s.atWar(p, rival)) {
        return true;
      }
    }
    for (var t : s.myTreaties()) {
      for (Clause c : t.getTerms().getClausesList()) {
        if (c.hasOffensiveAlliance() && c.getOffensiveAlliance().getTarget().equals(rival)) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  List<String> targets(Situation s) {
    List<String> out = new ArrayList<>();
    String rival = rival(s);
    if (rival != null && s.atWar(s.power(), rival)) {
      out.add(rival);
    }
    for (String e : s.enemies()) {
      if (!out.contains(e)) {
        out.add(e);
      }
    }
    return out;
  }
}
