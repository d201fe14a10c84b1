package org.concert.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.concert.maps.Scenarios;
import org.concert.protocol.v1.Battle;
import org.concert.protocol.v1.Distinguishability;
import org.concert.protocol.v1.Enforcement;
import org.concert.protocol.v1.Event;
import org.concert.protocol.v1.Journal;
import org.concert.protocol.v1.OffenseDefense;
import org.concert.protocol.v1.Orders;
import org.concert.protocol.v1.PowerInfo;
import org.concert.protocol.v1.PowerView;
import org.concert.protocol.v1.Proposal;
import org.concert.protocol.v1.ProvinceInfo;
import org.concert.protocol.v1.RulesConfig;
import org.concert.protocol.v1.Scenario;
import org.concert.protocol.v1.Transparency;
import org.concert.protocol.v1.Treaty;
import org.junit.jupiter.api.Test;

/**
 * Properties over a thousand seeded random games on every shipped and generated scenario, with
 * every combination of knobs turning up: no exception; replaying the journal gives the same
 * hash every turn (determinism); every change of gold and strength is explained by an event
 * (conservation); and no view or event shows a power what the rules hide from it (fog).
 */
class PropertyTest {
  static final int GAMES = 1000;
  static final int MAX_TURNS = 12;

  static List<String> scenarioIds() {
    return Scenarios.ids();
  }

  static RulesConfig knobs(long seed) {
    Transparency[] t = {Transparency.TRANSPARENCY_FOG, Transparency.TRANSPARENCY_TRANSPARENT,
        Transparency.TRANSPARENCY_OPAQUE};
    Enforcement[] e = {Enforcement.ENFORCEMENT_REPUTATION, Enforcement.ENFORCEMENT_BINDING,
        Enforcement.ENFORCEMENT_CHEAP_TALK};
    OffenseDefense[] o = {OffenseDefense.OFFENSE_DEFENSE_BALANCED,
        OffenseDefense.OFFENSE_DEFENSE_OFFENSE_DOMINANT,
        OffenseDefense.OFFENSE_DEFENSE_DEFENSE_DOMINANT};
    int k = (int) (seed % 27);
    return RulesConfig.newBuilder().setTransparency(t[k % 3]).setEnforcement(e[k / 3 % 3])
        .setOffenseDefense(o[k / 9]).setDistinguishability(seed % 2 == 0
            ? Distinguishability.DISTINGUISHABILITY_DISTINGUISHABLE
            : Distinguishability.DISTINGUISHABILITY_INDISTINGUISHABLE)
        .setFrictionPercent(seed % 5 == 0 ? 20 : 0).setTurns(MAX_TURNS).build();
  }

  @Test
  void randomGames_areDeterministicConservingAndLeakFree() throws Exception {
    List<String> ids = scenarioIds();
    assertTrue(ids.size() >= 5, "scenarios: " + ids);
    Map<String, Scenario> scenarios = new HashMap<>();
    for (String id : ids) {
      scenarios.put(id, Scenarios.load(id));
    }
    int turns = 0;
    Map<Event.KindCase, Integer> kinds = new java.util.EnumMap<>(Event.KindCase.class);
    for (long seed = 1; seed <= GAMES; seed++) {
      Scenario scenario = scenarios.get(ids.get((int) (seed % ids.size())));
      long gameSeed = seed;
      int[] count = {0};
      Journal journal;
      try {
        journal = RandomPlay.play(scenario, knobs(seed), seed, MAX_TURNS,
            (before, r, orders) -> {
              count[0]++;
              r.events().forEach(e -> kinds.merge(e.getKindCase(), 1, Integer::sum));
              conservation(before, r);
              fog(before, r);
            },
            (state, events) -> {
              events.forEach(e -> kinds.merge(e.getKindCase(), 1, Integer::sum));
              diplomacyFog(state, events);
            });
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError("game " + gameSeed + " on " + scenario.getId() + ": "
            + e.getMessage(), e);
      }
      turns += count[0];
      Replay.Result replay = Replay.run(journal, scenarios::get);
      assertEquals(count[0], replay.hashes().size(), "turns replayed in game " + seed);
    }
    assertTrue(turns > GAMES * 3, "too few turns played: " + turns);
    // The games must exercise the rules, or the properties above prove little.
    for (Event.KindCase k : List.of(Event.KindCase.BATTLE, Event.KindCase.PROVINCE_CAPTURED,
        Event.KindCase.TREATY_ENDED, Event.KindCase.TREATY_VIOLATED,
        Event.KindCase.TREATY_TRIGGERED, Event.KindCase.WAR_DECLARED, Event.KindCase.RETREATED,
        Event.KindCase.SUBSIDY_PAID, Event.KindCase.FORT_BUILT, Event.KindCase.POWER_ELIMINATED,
        Event.KindCase.TREATY_SIGNED, Event.KindCase.PROPOSAL_MADE, Event.KindCase.PEACE_MADE)) {
      assertTrue(kinds.getOrDefault(k, 0) > 10, "too few " + k + " events: " + kinds);
    }
  }

  /** Every change of treasury and strength is explained by the events of the turn. */
  static void conservation(GameState before, Resolution r) {
    GameState after = r.state();
    Board b = before.board;
    for (int i = 0; i < b.powers(); i++) {
      String id = b.powerId(i);
      long gold = before.treasury(i);
      long strength = before.military(i);
      boolean eliminated = false;
      Map<Integer, Integer> fortTo = new HashMap<>();
      for (Event e : r.events()) {
        switch (e.getKindCase()) {
          case INCOME_COLLECTED -> gold += is(id, e.getIncomeCollected().getPower())
              ? e.getIncomeCollected().getNet() : 0;
          case UPKEEP_PAID -> gold -= is(id, e.getUpkeepPaid().getPower())
              ? e.getUpkeepPaid().getGold() : 0;
          case INVESTED -> gold -= is(id, e.getInvested().getPower()) ? e.getInvested().getGold() : 0;
          case SUBSIDY_PAID -> {
            if (is(id, e.getSubsidyPaid().getFrom())) {
              gold -= e.getSubsidyPaid().getGold();
            }
            if (is(id, e.getSubsidyPaid().getTo())) {
              gold += e.getSubsidyPaid().getGold();
            }
          }
          case ARMY_RAISED -> {
            if (is(id, e.getArmyRaised().getPower())) {
              gold -= (long) e.getArmyRaised().getStrength() * before.rules.armyCost();
              strength += e.getArmyRaised().getStrength();
            }
          }
          case FORT_BUILT -> {
            if (is(id, e.getFortBuilt().getPower())) {
              fortTo.merge(b.province(e.getFortBuilt().getProvince()), e.getFortBuilt().getLevel(),
                  Math::max);
            }
          }
          case DISBANDED -> strength -= is(id, e.getDisbanded().getPower())
              ? e.getDisbanded().getStrength() : 0;
          case STACK_DESTROYED -> strength -= is(id, e.getStackDestroyed().getPower())
              ? e.getStackDestroyed().getStrength() : 0;
          case BATTLE -> {
            for (Battle.Side side : e.getBattle().getSidesList()) {
              strength -= is(id, side.getPower()) ? side.getCasualties() : 0;
            }
          }
          case POWER_ELIMINATED -> eliminated |= is(id, e.getPowerEliminated().getPower());
          default -> { }
        }
      }
      for (var f : fortTo.entrySet()) {
        gold -= (long) (f.getValue() - before.fort(f.getKey())) * before.rules.fortCost();
      }
      assertEquals(gold, after.treasury(i), "gold of " + id + " in turn " + before.turn());
      assertEquals(eliminated ? 0 : strength, after.military(i),
          "strength of " + id + " in turn " + before.turn());
      assertTrue(after.treasury(i) >= 0, "negative treasury of " + id);
    }
  }

  private static boolean is(String a, String b) {
    return a.equals(b);
  }

  /** No view or event shows a power what the rules hide from it. */
  static void fog(GameState before, Resolution r) {
    GameState after = r.state();
    Board b = after.board;
    boolean transparent = after.rules.transparency() == Transparency.TRANSPARENCY_TRANSPARENT;
    for (int i = 0; i < b.powers(); i++) {
      String me = b.powerId(i);
      boolean[] seen = Fog.visible(after, i);
      if (after.alive(i)) {
        PowerView view = Engine.view(after, me);
        checkView(view, after, i, seen, transparent);
        if (!after.finished()) {
          checkResult(Engine.result(r, me), view, me);
        }
      }
      boolean[] seenBefore = Fog.visible(before, i);
      for (Event e : Engine.seenBy(r.events(), me)) {
        checkEvent(e, before, me, seenBefore, transparent);
        assertTrue(e.getAudience().getEveryone()
            || e.getAudience().getPowersList().equals(java.util.List.of(me)),
            me + " is told who else heard " + e);
      }
      for (Event e : Engine.result(r, me).getEventsList()) {
        assertTrue(e.getAudience().getEveryone()
            || e.getAudience().getPowersList().equals(java.util.List.of(me)),
            me + "'s turn result tells who else heard " + e);
      }
    }
    PowerView observer = Engine.observerView(after);
    assertFalse(observer.hasSelf(), "observers have no accounts");
    assertEquals(0, observer.getProposalsCount(), "observers see no proposals");
    for (PowerInfo p : observer.getPowersList()) {
      assertEquals(transparent, p.hasTreasury(), "observer sees treasury of " + p.getId());
    }
    for (ProvinceInfo p : observer.getProvincesList()) {
      assertTrue(transparent || p.getStacksCount() == 0, "observer sees stacks in " + p.getId());
    }
    for (Treaty t : observer.getTreatiesList()) {
      assertTrue(!t.getTerms().getSecret() || t.getRevealed(), "observer sees secret " + t.getId());
    }
  }

  /** Diplomatic events reach the parties only, unless the treaty is public. */
  static void diplomacyFog(GameState s, List<Event> events) {
    for (Event e : events) {
      List<String> audience = e.getAudience().getPowersList();
      switch (e.getKindCase()) {
        case PROPOSAL_MADE -> {
          assertFalse(e.getAudience().getEveryone(), "a proposal made public");
          assertTrue(e.getProposalMade().getProposal().getTerms().getPartiesList()
              .containsAll(audience), "a proposal shown to a non-party: " + audience);
        }
        case TREATY_SIGNED -> {
          var terms = e.getTreatySigned().getTreaty().getTerms();
          if (terms.getSecret()) {
            assertFalse(e.getAudience().getEveryone(), "a secret treaty made public");
            assertTrue(terms.getPartiesList().containsAll(audience), "secret shown: " + audience);
          }
        }
        default -> { }
      }
    }
  }

  /**
   * A power's turn result holds nothing its view does not: the shares follow from the public
   * incomes and the armies as its view shows them, and the only score is its own.
   */
  private static void checkResult(org.concert.protocol.v1.TurnResult result, PowerView view,
      String me) {
    assertEquals("", result.getStateHash(), me + " got the state hash");
    for (var score : result.getScoresList()) {
      assertEquals(me, score.getPower(), me + " got another power's score");
    }
    double income = 0;
    double military = 0;
    for (PowerInfo p : view.getPowersList()) {
      if (p.getAlive()) {
        income += p.getProvinceIncome();
        military += p.getMilitary();
      }
    }
    for (int j = 0; j < view.getPowersCount(); j++) {
      PowerInfo p = view.getPowers(j);
      double expected = !p.getAlive() ? 0
          : 0.5 * (income == 0 ? 0 : p.getProvinceIncome() / income)
              + 0.5 * (military == 0 ? 0 : p.getMilitary() / military);
      assertEquals(expected, result.getShares(j).getShare(), 1e-9,
          me + "'s share figure for " + p.getId() + " is not derived from its view");
    }
  }

  private static void checkView(PowerView v, GameState s, int i, boolean[] seen,
      boolean transparent) {
    Board b = s.board;
    String me = b.powerId(i);
    for (ProvinceInfo p : v.getProvincesList()) {
      int q = b.province(p.getId());
      if (p.getStacksCount() > 0 || p.getVisible()) {
        assertTrue(seen[q], me + " sees stacks in " + p.getId() + " beyond its sight");
      }
      if (p.hasFort()) {
        assertTrue(seen[q] || s.ownerOf(q).equals(me), me + " sees the fort in " + p.getId());
      }
    }
    for (PowerInfo p : v.getPowersList()) {
      if (!p.getId().equals(me)) {
        assertEquals(transparent, p.hasTreasury(), me + " sees the treasury of " + p.getId());
        assertEquals(transparent, p.getMilitaryExact(), me + " knows " + p.getId() + "'s army");
      }
    }
    for (Treaty t : v.getTreatiesList()) {
      assertTrue(!t.getTerms().getSecret() || t.getRevealed()
          || t.getTerms().getPartiesList().contains(me), me + " sees secret treaty " + t.getId());
    }
    for (Proposal p : v.getProposalsList()) {
      assertTrue(p.getTerms().getPartiesList().contains(me), me + " sees proposal " + p.getId());
    }
  }

  private static void checkEvent(Event e, GameState before, String me, boolean[] seen,
      boolean transparent) {
    Board b = before.board;
    if (transparent) {
      return; // everything is public
    }
    String kind = e.getKindCase().name();
    switch (e.getKindCase()) {
      case INCOME_COLLECTED -> own(me, e.getIncomeCollected().getPower(), kind);
      case UPKEEP_PAID -> own(me, e.getUpkeepPaid().getPower(), kind);
      case INVESTED -> own(me, e.getInvested().getPower(), kind);
      case SUBSIDY_PAID -> {
        var sp = e.getSubsidyPaid();
        if (sp.getTreatyId().isEmpty()) {
          assertTrue(me.equals(sp.getFrom()) || me.equals(sp.getTo()), me + " sees a subsidy");
        }
      }
      case ARMY_RAISED -> near(me, e.getArmyRaised().getPower(), e.getArmyRaised().getProvince(),
          b, seen, kind);
      case FORT_BUILT -> near(me, e.getFortBuilt().getPower(), e.getFortBuilt().getProvince(),
          b, seen, kind);
      case DISBANDED -> near(me, e.getDisbanded().getPower(), e.getDisbanded().getProvince(),
          b, seen, kind);
      case STACK_MOVED -> near(me, e.getStackMoved().getPower(), e.getStackMoved().getTo(),
          b, seen, kind);
      case RETREATED -> near(me, e.getRetreated().getPower(), e.getRetreated().getFrom(),
          b, seen, kind);
      case STACK_DESTROYED -> near(me, e.getStackDestroyed().getPower(),
          e.getStackDestroyed().getProvince(), b, seen, kind);
      case BATTLE -> {
        boolean side = e.getBattle().getSidesList().stream().anyMatch(x -> x.getPower().equals(me));
        assertTrue(side || seen[b.province(e.getBattle().getProvince())],
            me + " sees a battle in " + e.getBattle().getProvince());
      }
      case TREATY_SIGNED -> {
        var t = e.getTreatySigned().getTreaty();
        assertTrue(!t.getTerms().getSecret() || t.getTerms().getPartiesList().contains(me),
            me + " sees the signing of secret " + t.getId());
      }
      case PROPOSAL_MADE -> assertTrue(e.getProposalMade().getProposal().getTerms()
          .getPartiesList().contains(me), me + " sees a proposal it is not party to");
      default -> { }
    }
  }

  private static void own(String me, String power, String kind) {
    assertEquals(me, power, me + " sees " + kind + " of " + power);
  }

  private static void near(String me, String power, String province, Board b, boolean[] seen,
      String kind) {
    assertTrue(me.equals(power) || seen[b.province(province)],
        me + " sees " + kind + " of " + power + " in " + province);
  }

  @Test
  void invalidOrders_areRefusedWholeAndLeaveTheStateAlone() {
    Scenario scenario = Scenarios.load(scenarioIds().get(0));
    int refused = 0;
    for (long seed = 1; seed <= 200; seed++) {
      GameState s = Engine.start(scenario, knobs(seed), seed);
      RandomPlay play = new RandomPlay(seed, s.board);
      String hash = s.hash();
      for (int i = 0; i < s.board.powers(); i++) {
        Orders o = play.orders(s, i);
        var problems = Engine.validate(s, s.board.powerId(i), o);
        if (!problems.isEmpty()) {
          refused++;
          for (var p : problems) {
            assertFalse(p.getMessage().isEmpty(), "a problem without a message: " + p);
          }
          // Invalid sets resolve as holds: the same as sending nothing.
          var withBad = Engine.resolve(s, Map.of(s.board.powerId(i), o)).state().hash();
          var without = Engine.resolve(s, Map.of()).state().hash();
          assertEquals(without, withBad, "an invalid set changed the resolution");
        }
      }
      assertEquals(hash, s.hash(), "validation or resolution changed its input");
    }
    assertTrue(refused > 10, "the generator made too few invalid sets: " + refused);
  }

  @Test
  void resolvingAFinishedMatch_isAProgrammingError() {
    GameState s = Engine.start(Scenarios.load(scenarioIds().get(0)),
        RulesConfig.newBuilder().setTurns(1).build(), 1);
    GameState done = Engine.resolve(s, Map.of()).state();
    assertTrue(done.finished());
    try {
      Engine.resolve(done, Map.of());
      fail("resolved a finished match");
    } catch (IllegalStateException expected) {
      assertTrue(expected.getMessage().contains("over"));
    }
  }

}
