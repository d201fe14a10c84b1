package org.concert.bots.reference;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.concert.bots.Bot;
import org.concert.bots.Decision;
import org.concert.bots.OrderPlan;
import org.concert.bots.Situation;
import org.concert.protocol.v1.Clause;
import org.concert.protocol.v1.DiplomacyAction;
import org.concert.protocol.v1.Enforcement;
import org.concert.protocol.v1.OffenseDefense;
import org.concert.protocol.v1.Orders;
import org.concert.protocol.v1.Proposal;
import org.concert.protocol.v1.ProposalTerms;
import org.concert.protocol.v1.StackInfo;

/**
 * The skeleton every reference strategy shares. In the first diplomacy round a strategy makes
 * its proposals; in every round it answers the proposals put to it; in the last round it gives
 * orders: raise the army it wants, build the forts it wants, attack the provinces it wants if
 * the odds are good, and invest what is left. The hooks say what each theory wants.
 */
public abstract class Strategist implements Bot {
  /** Attack only with this much more effective strength than the estimated defence. */
  static final double MARGIN = 1.15;

  @Override
  public final Decision decide(Situation s) {
    List<DiplomacyAction> acts = new ArrayList<>();
    if (s.round() == 0) {
      propose(s, acts);
    }
    for (Proposal p : s.proposalsToAnswer()) {
      acts.add(accept(s, p) ? DiplomacyAction.newBuilder().setAccept(p.getId()).build()
          : DiplomacyAction.newBuilder().setReject(p.getId()).build());
    }
    return new Decision(s.lastRound() ? orders(s) : null, acts, List.of());
  }

  // ---- hooks ---------------------------------------------------------------------------------

  /** The army this strategy wants now. */
  abstract int armsTarget(Situation s);

  /** Fort levels to build this turn, on the most exposed own provinces. */
  int forts(Situation s) {
    return 0;
  }

  /** The share of gold left after arms and forts that goes into investment. */
  double investShare(Situation s) {
    return 0.5;
  }

  /** Powers (or minor states) whose provinces this strategy attacks, most wanted first. */
  List<String> targets(Situation s) {
    return List.of();
  }

  /** Whether this strategy wants to take a province of one of its targets. */
  boolean wants(Situation s, String province) {
    return true;
  }

  /** Proposals to make in the first round of a turn. */
  void propose(Situation s, List<DiplomacyAction> out) {}

  /** Whether to sign a proposal put to this power. */
  abstract boolean accept(Situation s, Proposal p);

  /** Declarations of war and stand-asides. */
  void wars(Situation s, OrderPlan plan) {}

  /** Whether the strategy stands down strength above its target. */
  boolean disarms() {
    return false;
  }

  // ---- the turn's orders ---------------------------------------------------------------------

  Orders orders(Situation s) {
    OrderPlan plan = new OrderPlan(s);
    int budget = Math.max(0, Math.min(s.treasury(), s.treasury() + s.income() - s.upkeep()));
    int want = armsTarget(s) - s.military();
    int cost = s.view().getRules().getArmyCost();
    if (want > 0) {
      budget -= raise(s, plan, Math.min(want, budget / Math.max(1, cost)));
    } else if (want < 0 && disarms()) {
      standDown(s, plan, -want);
    }
    int forts = forts(s);
    for (String q : exposed(s)) {
      if (forts <= 0 || budget < s.view().getRules().getFortCost()) {
        break;
      }
      if (plan.fort(q)) {
        budget -= s.view().getRules().getFortCost();
        forts--;
      }
    }
    wars(s, plan);
    for (String target : targets(s)) {
      attack(s, plan, target, q -> wants(s, q));
    }
    int invest = (int) (Math.min(budget, plan.gold()) * investShare(s));
    plan.invest(invest);
    return plan.orders();
  }

  /** Raises up to `points` of strength in home provinces, most exposed first; the gold spent. */
  static int raise(Situation s, OrderPlan plan, int points) {
    if (points <= 0) {
      return 0;
    }
    List<String> homes = new ArrayList<>();
    for (String q : exposed(s)) {
      if (plan.canBuildIn(q)) {
        homes.add(q);
      }
    }
    if (homes.isEmpty()) {
      return 0;
    }
    // Split between the two most exposed home provinces; the first takes any remainder.
    int spent = 0;
    int places = Math.min(homes.size(), 2);
    for (int k = 0; k < places && points > 0; k++) {
      int n = k == places - 1 ? points : (points + 1) / 2;
      if (plan.build(homes.get(k), n)) {
        spent += plan.armyCost(n);
        points -= n;
      }
    }
    return spent;
  }

  /** Stands down up to `points`, from the stacks farthest from danger first. */
  static void standDown(Situation s, OrderPlan plan, int points) {
    List<String> mine = new ArrayList<>(s.myStacks().keySet());
    List<String> exposed = exposed(s);
    mine.sort(Comparator.comparingInt(q -> -exposed.indexOf(q)));
    for (String q : mine) {
      int n = Math.min(points, plan.free(q) - 1);
      if (n > 0 && plan.disband(q, n)) {
        points -= n;
      }
    }
  }

  /**
   * Own provinces ordered by danger: the visible foreign strength next to them, weighted by how
   * threatening its owner is, home provinces first on a tie.
   */
  static List<String> exposed(Situation s) {
    List<String> mine = s.provincesOf(s.power());
    Map<String, Double> danger = new java.util.HashMap<>();
    for (String q : mine) {
      double d = 0;
      for (String n : s.atlas().neighbours(q)) {
        for (StackInfo st : s.view().getProvinces(s.atlas().index(n)).getStacksList()) {
          if (!st.getPower().equals(s.power()) && !s.allied(st.getPower())) {
            d += st.getStrength() * (1 + s.threat(st.getPower()));
          }
        }
        String owner = s.owner(n);
        if (!owner.isEmpty() && !owner.equals(s.power()) && s.atlas().powers().contains(owner)
            && !s.allied(owner)) {
          d += 1;
        }
      }
      if (s.atlas().isHome(s.power(), q)) {
        d += 0.5;
      }
      danger.put(q, d);
    }
    mine.sort(Comparator.comparingDouble((String q) -> -danger.get(q))
        .thenComparingInt(q -> s.atlas().index(q)));
    return mine;
  }

  /** The defence a province would put up, as far as this power can see. */
  static double defence(Situation s, String province) {
    int strength = 0;
    boolean seen = s.visible(province);
    for (StackInfo st : s.view().getProvinces(s.atlas().index(province)).getStacksList()) {
      if (!st.getPower().equals(s.power())) {
        strength += st.getStrength();
      }
    }
    if (!seen) {
      strength = Math.max(strength, 3); // unseen: assume a garrison
    }
    double fort = 1 + s.view().getRules().getFortBonusPercent() / 100.0 * s.fort(province);
    return strength * s.atlas().terrain(province) * fort;
  }

  static double theta(Situation s) {
    OffenseDefense od = s.view().getRules().getOffenseDefense();
    return od == OffenseDefense.OFFENSE_DEFENSE_OFFENSE_DOMINANT ? 1.5
        : od == OffenseDefense.OFFENSE_DEFENSE_DEFENSE_DOMINANT ? 0.7 : 1.0;
  }

  /**
   * Attacks the provinces of a power (or minor state) that this power's stacks border, where
   * the stacks next to it can beat the defence with a margin: the largest stack moves, the
   * others support it.
   */
  static void attack(Situation s, OrderPlan plan, String enemy,
      java.util.function.Predicate<String> wanted) {
    double theta = theta(s);
    double sea = s.view().getRules().getSeaAttackPercent() / 100.0;
    for (String target : s.provincesOf(enemy)) {
      if (!wanted.test(target)) {
        continue;
      }
      List<String> from = new ArrayList<>();
      for (String n : s.atlas().neighbours(target)) {
        if (plan.free(n) > 0) {
          from.add(n);
        }
      }
      if (from.isEmpty()) {
        continue;
      }
      from.sort(Comparator.comparingInt((String q) -> -plan.free(q)));
      double needed = defence(s, target) * MARGIN;
      double have = 0;
      for (String q : from) {
        have += keep(s, plan, q) * theta * (s.atlas().sea(q, target) ? sea : 1.0);
      }
      if (have <= needed || have <= 0) {
        continue;
      }
      String lead = from.get(0);
      int moving = keep(s, plan, lead);
      if (moving <= 0 || !plan.move(lead, target, moving)) {
        continue;
      }
      for (int k = 1; k < from.size(); k++) {
        plan.support(from.get(k), target, lead);
      }
    }
  }

  /** Strength of a stack that may leave: all but one in a province bordering danger. */
  static int keep(Situation s, OrderPlan plan, String province) {
    int free = plan.free(province);
    for (String n : s.atlas().neighbours(province)) {
      String owner = s.owner(n);
      if (!owner.isEmpty() && !owner.equals(s.power()) && s.atlas().powers().contains(owner)
          && !s.allied(owner)) {
        return Math.max(0, free - 1);
      }
    }
    return free;
  }

  /** Provinces of `power` next to this power's stacks: is it a neighbour worth attacking? */
  static boolean borders(Situation s, String power) {
    for (String q : s.myStacks().keySet()) {
      for (String n : s.atlas().neighbours(q)) {
        if (power.equals(s.owner(n))) {
          return true;
        }
      }
    }
    return false;
  }

  /** Minor states this power borders, largest first. */
  static List<String> minorsNearby(Situation s) {
    List<String> out = new ArrayList<>();
    for (String q : s.myStacks().keySet()) {
      for (String n : s.atlas().neighbours(q)) {
        String owner = s.owner(n);
        if (!owner.isEmpty() && !s.atlas().powers().contains(owner) && !out.contains(owner)) {
          out.add(owner);
        }
      }
    }
    return out;
  }

  /** True when the engine refuses orders that break a treaty. */
  static boolean binding(Situation s) {
    return s.view().getRules().getEnforcement() == Enforcement.ENFORCEMENT_BINDING;
  }

  /** True when the rules void treaties without cost. */
  static boolean cheapTalk(Situation s) {
    return s.view().getRules().getEnforcement() == Enforcement.ENFORCEMENT_CHEAP_TALK;
  }

  // ---- diplomacy helpers --------------------------------------------------------------------

  static DiplomacyAction proposal(ProposalTerms.Builder terms) {
    return DiplomacyAction.newBuilder().setPropose(terms).build();
  }

  static ProposalTerms.Builder terms(int duration, String... parties) {
    return ProposalTerms.newBuilder().addAllParties(List.of(parties)).setDurationTurns(duration);
  }

  static Clause defensive() {
    return Clause.newBuilder().setDefensiveAlliance(
        org.concert.protocol.v1.DefensiveAlliance.getDefaultInstance()).build();
  }

  static Clause nonAggression() {
    return Clause.newBuilder().setNonAggression(
        org.concert.protocol.v1.NonAggression.getDefaultInstance()).build();
  }

  static Clause offensive(String target) {
    return Clause.newBuilder().setOffensiveAlliance(
        org.concert.protocol.v1.OffensiveAlliance.newBuilder().setTarget(target)).build();
  }

  static Clause peace() {
    return Clause.newBuilder().setPeace(org.concert.protocol.v1.Peace.getDefaultInstance())
        .build();
  }

  static Clause concert() {
    return Clause.newBuilder().setConcert(org.concert.protocol.v1.Concert.getDefaultInstance())
        .build();
  }

  static Clause armsLimit(int cap) {
    return Clause.newBuilder().setArmsLimit(
        org.concert.protocol.v1.ArmsLimit.newBuilder().setCap(cap)).build();
  }

  /** True when a proposal has a clause of this kind. */
  static boolean has(Proposal p, Clause.KindCase kind) {
    for (Clause c : p.getTerms().getClausesList()) {
      if (c.getKindCase() == kind) {
        return true;
      }
    }
    return false;
  }

  /** True when a proposal obliges this power to fight (an alliance or a concert). */
  static boolean obliges(Proposal p) {
    return has(p, Clause.KindCase.DEFENSIVE_ALLIANCE) || has(p, Clause.KindCase.OFFENSIVE_ALLIANCE)
        || has(p, Clause.KindCase.CONCERT);
  }

  /** True when a proposal costs this power gold or land, or caps its army below `army`. */
  static boolean costs(Situation s, Proposal p, int army) {
    for (Clause c : p.getTerms().getClausesList()) {
      if (c.hasSubsidy() && c.getSubsidy().getFrom().equals(s.power())) {
        return true;
      }
      if (c.hasCession() && c.getCession().getFrom().equals(s.power())) {
        return true;
      }
      if (c.hasArmsLimit() && c.getArmsLimit().getCap() < army) {
        return true;
      }
      if (c.hasDemilitarized()) {
        for (String q : c.getDemilitarized().getProvincesList()) {
          if (s.power().equals(s.owner(q))) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** The offensive alliance's target in a proposal, or null. */
  static String target(Proposal p) {
    for (Clause c : p.getTerms().getClausesList()) {
      if (c.hasOffensiveAlliance()) {
        return c.getOffensiveAlliance().getTarget();
      }
    }
    return null;
  }

  /** Whether this power already has an open proposal or treaty of this kind with the other. */
  static boolean pending(Situation s, String other, Clause.KindCase kind) {
    if (s.bound(other, kind)) {
      return true;
    }
    for (Proposal p : s.proposalsPending()) {
      if (p.getTerms().getPartiesList().contains(other) && has(p, kind)) {
        return true;
      }
    }
    return false;
  }
}
