package org.concert.bots.example;

import java.util.ArrayList;
import java.util.List;
import org.concert.bots.Bot;
import org.concert.bots.Decision;
import org.concert.bots.OrderPlan;
import org.concert.bots.Situation;
import org.concert.protocol.v1.Clause;
import org.concert.protocol.v1.DiplomacyAction;
import org.concert.protocol.v1.NonAggression;
import org.concert.protocol.v1.Proposal;
import org.concert.protocol.v1.ProposalTerms;

/** A first bot: guard the border, sign pacts of peace, and take weak minor states. */
public final class FirstBot implements Bot {
  @Override
  public Decision decide(Situation s) {
    List<DiplomacyAction> diplomacy = new ArrayList<>();

    // Diplomacy: offer the most threatening power a non-aggression pact, once a turn...
    String threat = s.mainThreat();
    if (s.round() == 0 && threat != null && !s.atWar(s.power(), threat)) {
      diplomacy.add(DiplomacyAction.newBuilder().setPropose(ProposalTerms.newBuilder()
          .addParties(s.power()).addParties(threat).setDurationTurns(3)
          .addClauses(Clause.newBuilder().setNonAggression(NonAggression.getDefaultInstance())))
          .build());
    }
    // ...and sign every pact offered, but no alliance (alliances can drag us into wars).
    for (Proposal p : s.proposalsToAnswer()) {
      boolean pactOnly = p.getTerms().getClausesList().stream().allMatch(Clause::hasNonAggression);
      diplomacy.add(pactOnly ? DiplomacyAction.newBuilder().setAccept(p.getId()).build()
          : DiplomacyAction.newBuilder().setReject(p.getId()).build());
    }
    if (!s.lastRound()) {
      return new Decision(null, diplomacy, List.of()); // orders only count in the last round
    }

    OrderPlan plan = new OrderPlan(s);
    // Economy: keep the army as strong as the main threat's, raised at the capital.
    int wanted = threat == null ? 0 : s.strength(threat) - s.military();
    if (wanted > 0) {
      plan.build(s.atlas().capital(s.power()), Math.min(wanted, plan.gold() / 20));
    }
    // Military: every stack next to a minor state's province it can beat moves in.
    for (var stack : s.myStacks().entrySet()) {
      for (String next : s.atlas().neighbours(stack.getKey())) {
        String owner = s.owner(next);
        boolean minor = !owner.isEmpty() && !s.atlas().powers().contains(owner);
        int defenders = s.foreignStrength(next, s.power());
        if (minor && stack.getValue() > 2 * defenders + 1) {
          plan.move(stack.getKey(), next, stack.getValue() - 1);
          break;
        }
      }
    }
    // Put a third of what is left to work: investment pays a tenth of itself every turn.
    plan.invest(plan.gold() / 3);
    return new Decision(plan.orders(), diplomacy, List.of());
  }
}
