package org.concert.bots.reference;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.TextFormat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.concert.bots.Atlas;
import org.concert.bots.Bot;
import org.concert.bots.Decision;
import org.concert.bots.Situation;
import org.concert.engine.Engine;
import org.concert.engine.GameState;
import org.concert.protocol.v1.DiplomacyAction;
import org.concert.protocol.v1.MilitaryOrder;
import org.concert.protocol.v1.RulesConfig;
import org.concert.protocol.v1.Scenario;
import org.concert.protocol.v1.StackDef;
import org.junit.jupiter.api.Test;

/** The reference bots play their theories: the behaviours the docs promise, on a small board. */
class ReferenceBotsTest {
  static Scenario board(int a, int b, int c) throws Exception {
    Scenario.Builder s = Scenario.newBuilder();
    try (var in = ReferenceBotsTest.class.getResourceAsStream("/boards/neighbours.textproto")) {
      TextFormat.merge(new String(in.readAllBytes(), StandardCharsets.UTF_8), s);
    }
    s.addStacks(StackDef.newBuilder().setPower("AAA").setProvince("a2").setStrength(a));
    s.addStacks(StackDef.newBuilder().setPower("BBB").setProvince("b2").setStrength(b));
    s.addStacks(StackDef.newBuilder().setPower("CCC").setProvince("c2").setStrength(c));
    return s.setRules(RulesConfig.newBuilder().setTransparency(
        org.concert.protocol.v1.Transparency.TRANSPARENCY_TRANSPARENT)).build();
  }

  static Decision decide(Bot bot, Scenario scenario, String power, int round) {
    GameState s = Engine.start(scenario, RulesConfig.getDefaultInstance(), 1);
    Situation situation = new Situation(Engine.view(s, power), Atlas.of(scenario), List.of(),
        round, 2, Duration.ofSeconds(1), 1);
    return bot.decide(situation);
  }

  static boolean movesInto(Decision d, String province) {
    for (MilitaryOrder o : d.orders().getMilitaryList()) {
      if (o.hasMove() && o.getMove().getTo().equals(province)) {
        return true;
      }
    }
    return false;
  }

  @Test
  void aSituationsNews_namesOnlyItsOwnPowerInAnAudienceOfSeveral() throws Exception {
    Scenario scenario = board(3, 3, 3);
    GameState s = Engine.start(scenario, RulesConfig.getDefaultInstance(), 1);
    var shared = org.concert.protocol.v1.Event.newBuilder().setTurn(1)
        .setAudience(org.concert.protocol.v1.Audience.newBuilder().addPowers("AAA")
            .addPowers("BBB").addPowers("CCC"))
        .setArmyRaised(org.concert.protocol.v1.ArmyRaised.newBuilder().setPower("CCC")
            .setProvince("c2").setStrength(1)).build();
    var everyone = shared.toBuilder().setAudience(org.concert.protocol.v1.Audience.newBuilder()
        .setEveryone(true)).build();
    Situation situation = new Situation(Engine.view(s, "BBB"), Atlas.of(scenario),
        List.of(shared, everyone), 0, 1, Duration.ofSeconds(1), 1);
    // As a server tells a seat: what happened, not who else saw it.
    org.junit.jupiter.api.Assertions.assertEquals(List.of("BBB"),
        situation.news().get(0).getAudience().getPowersList());
    org.junit.jupiter.api.Assertions.assertEquals(shared.getArmyRaised(),
        situation.news().get(0).getArmyRaised());
    org.junit.jupiter.api.Assertions.assertEquals(everyone, situation.news().get(1));
  }

  @Test
  void hawk_attacksTheWeakNeighbour() throws Exception {
    Decision d = decide(new Hawk(), board(14, 2, 6), "AAA", 1);
    assertTrue(movesInto(d, "b2") || d.orders().getDeclareWarList().contains("BBB"),
        "orders: " + d.orders());
  }

  @Test
  void hawk_leavesAStrongNeighbourAlone() throws Exception {
    Decision d = decide(new Hawk(), board(6, 14, 14), "AAA", 1);
    assertFalse(movesInto(d, "b2") || movesInto(d, "c2"), "orders: " + d.orders());
  }

  @Test
  void balancer_gangsUpOnAPowerNearingHegemony() throws Exception {
    // Alpha fields an army four times anyone's: its share passes the alarm.
    Decision d = decide(new Balancer(), board(40, 6, 6), "BBB", 0);
    boolean coalition = false;
    for (DiplomacyAction a : d.diplomacy()) {
      if (a.hasPropose()) {
        for (var c : a.getPropose().getClausesList()) {
          coalition |= c.hasOffensiveAlliance() && c.getOffensiveAlliance().getTarget().equals("AAA");
        }
      }
    }
    assertTrue(coalition, "proposals: " + d.diplomacy());
  }

  @Test
  void balancer_refusesToAllyWithTheLeader() throws Exception {
    Scenario s = board(40, 6, 6);
    GameState g = Engine.start(s, RulesConfig.getDefaultInstance(), 1);
    var offer = Engine.act(g, "AAA", DiplomacyAction.newBuilder().setPropose(
        Strategist.terms(5, "AAA", "BBB").addClauses(Strategist.defensive())).build());
    Situation situation = new Situation(Engine.view(offer.state(), "BBB"), Atlas.of(s), List.of(),
        1, 2, Duration.ofSeconds(1), 1);
    Decision d = new Balancer().decide(situation);
    assertTrue(d.diplomacy().stream().anyMatch(DiplomacyAction::hasReject), "acts: " + d.diplomacy());
    Decision w = new Bandwagoner().decide(situation);
    assertTrue(w.diplomacy().stream().anyMatch(DiplomacyAction::hasAccept),
        "the bandwagoner signs with the leader: " + w.diplomacy());
  }

  @Test
  void defensive_neverAttacks() throws Exception {
    Decision d = decide(new Defensive(), board(14, 2, 2), "AAA", 1);
    assertFalse(movesInto(d, "b2") || movesInto(d, "c2") || movesInto(d, "m1"),
        "orders: " + d.orders());
    assertTrue(d.orders().getDeclareWarList().isEmpty());
  }

  @Test
  void richardson_armsByItsEquation() throws Exception {
    // x = 6, y = 10 (the main rival): x' = 6 + 0.5*10 - 0.1*6 + 1 = 11.4, so it raises 5.
    Decision d = decide(new Richardson(0.5, 0.1, 1), board(6, 10, 2), "AAA", 1);
    int raised = d.orders().getEconomy().getBuildsList().stream()
        .mapToInt(b -> b.getStrength()).sum();
    assertTrue(raised == 5, "raised " + raised + ": " + d.orders().getEconomy());
  }
}
