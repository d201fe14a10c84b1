package org.concert.bots.reference;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.concert.bots.Bot;
import org.concert.bots.Decision;
import org.concert.bots.OrderPlan;
import org.concert.bots.Situation;
import org.concert.protocol.v1.DiplomacyAction;
import org.concert.protocol.v1.Proposal;

/**
 * The baseline: legal random orders and an occasional random pact or answer. Any strategy
 * worth its name should beat it.
 */
public final class RandomBot implements Bot {
  @Override
  public Decision decide(Situation s) {
    SplittableRandom random = s.random();
    List<DiplomacyAction> acts = new ArrayList<>();
    for (Proposal p : s.proposalsToAnswer()) {
      acts.add(random.nextBoolean() ? DiplomacyAction.newBuilder().setAccept(p.getId()).build()
          : DiplomacyAction.newBuilder().setReject(p.getId()).build());
    }
    if (s.round() == 0 && random.nextInt(4) == 0 && !s.others().isEmpty()) {
      String other = s.others().get(random.nextInt(s.others().size()));
      acts.add(Strategist.proposal(Strategist.terms(random.nextInt(6), s.power(), other)
          .addClauses(random.nextBoolean() ? Strategist.nonAggression() : Strategist.defensive())));
    }
    if (!s.lastRound()) {
      return new Decision(null, acts, List.of());
    }
    OrderPlan plan = new OrderPlan(s);
    List<String> homes = s.atlas().home(s.power());
    if (!homes.isEmpty() && random.nextInt(2) == 0) {
      plan.build(homes.get(random.nextInt(homes.size())), 1 + random.nextInt(3));
    }
    for (var stack : s.myStacks().entrySet()) {
      List<String> next = s.atlas().neighbours(stack.getKey());
      int roll = random.nextInt(10);
      if (roll < 4 && !next.isEmpty()) {
        plan.move(stack.getKey(), next.get(random.nextInt(next.size())),
            1 + random.nextInt(stack.getValue()));
      } else if (roll < 6 && !next.isEmpty()) {
        plan.support(stack.getKey(), next.get(random.nextInt(next.size())), null);
      }
    }
    if (random.nextInt(3) == 0) {
      plan.invest(random.nextInt(plan.gold() / 2 + 1));
    }
    return new Decision(plan.orders(), acts, List.of());
  }
}
