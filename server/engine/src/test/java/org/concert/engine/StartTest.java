package org.concert.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.concert.protocol.v1.Clause;
import org.concert.protocol.v1.DefensiveAlliance;
import org.concert.protocol.v1.Journal;
import org.concert.protocol.v1.JournalEntry;
import org.concert.protocol.v1.MatchStart;
import org.concert.protocol.v1.MilitaryOrder;
import org.concert.protocol.v1.Move;
import org.concert.protocol.v1.Orders;
import org.concert.protocol.v1.ProposalTerms;
import org.concert.protocol.v1.RulesConfig;
import org.concert.protocol.v1.Scenario;
import org.concert.protocol.v1.TreatyStatus;
import org.concert.protocol.v1.WarDef;
import org.junit.jupiter.api.Test;

/** The starting position: treaties and wars a scenario begins with, and journal identity. */
class StartTest {
  private static Scenario blocs() throws Exception {
    return RuleCaseTest.board("trio").toBuilder()
        .addTreaties(ProposalTerms.newBuilder().addParties("B").addParties("C").setSecret(true)
            .addClauses(Clause.newBuilder().setDefensiveAlliance(DefensiveAlliance.getDefaultInstance())))
        .addWars(WarDef.newBuilder().setA("A").setB("C"))
        .build();
  }

  @Test
  void start_scenarioTreatiesAndWars_areInForceFromTurnOne() throws Exception {
    GameState s = Engine.start(blocs(), RulesConfig.getDefaultInstance(), 1);
    assertEquals(1, s.treaties().size());
    String id = s.treaties().get(0).getId();
    assertTrue(id.startsWith("s-"), "a secret treaty's id tells nothing: " + id);
    assertEquals(TreatyStatus.TREATY_STATUS_IN_FORCE, s.treaties().get(0).getStatus());
    assertTrue(s.atWar(0, 2));
    assertTrue(Engine.view(s, "B").getTreatiesList().stream().anyMatch(t -> t.getId().equals(id)));
    assertTrue(Engine.view(s, "A").getTreatiesList().isEmpty(), "A sees the secret bloc");

    s.stacks[0][1] = 9;
    Orders attack = Orders.newBuilder().setTurn(1).addMilitary(MilitaryOrder.newBuilder()
        .setMove(Move.newBuilder().setFrom("a2").setTo("b2").setStrength(9))).build();
    GameState after = Engine.resolve(s, Map.of("A", attack)).state();
    assertTrue(after.treaties().get(0).getRevealed(), "a triggered bloc becomes public");
  }

  @Test
  void beliefs_cultOfTheOffensive_raisesOnlyTheBelieversThreat() throws Exception {
    Scenario trio = RuleCaseTest.board("trio");
    Scenario cult = trio.toBuilder()
        .setPowers(0, trio.getPowers(0).toBuilder().setBelievedThetaPercent(150)).build();
    GameState plain = Engine.start(trio, RulesConfig.getDefaultInstance(), 1);
    GameState believer = Engine.start(cult, RulesConfig.getDefaultInstance(), 1);
    for (GameState s : new GameState[] {plain, believer}) {
      s.stacks[0][0] = 4;
      s.stacks[1][3] = 6;
    }
    assertEquals(1.95, threatOf(plain, "A", "B"), 1e-9);
    assertEquals(1.95 * 1.5, threatOf(believer, "A", "B"), 1e-9);
    assertEquals(threatOf(plain, "B", "A"), threatOf(believer, "B", "A"), 1e-12,
        "B's perception does not change with A's beliefs");
    // Combat uses the true theta: the same attack resolves the same way.
    Orders attack = Orders.newBuilder().setTurn(1).addMilitary(MilitaryOrder.newBuilder()
        .setMove(Move.newBuilder().setFrom("a1").setTo("a2").setStrength(4))).build();
    assertEquals(Engine.resolve(plain, Map.of("A", attack)).state().stack(0, 1),
        Engine.resolve(believer, Map.of("A", attack)).state().stack(0, 1));
  }

  private static double threatOf(GameState s, String viewer, String other) {
    return Engine.view(s, viewer).getSelf().getThreatsList().stream()
        .filter(t -> t.getPower().equals(other)).findFirst().orElseThrow().getThreat();
  }

  @Test
  void endByHost_finishesTheMatchWithFinalScores() throws Exception {
    GameState s = Engine.start(RuleCaseTest.board("trio"), RulesConfig.getDefaultInstance(), 1);
    Resolution end = Engine.endByHost(s);
    assertTrue(end.state().finished());
    assertEquals(org.concert.protocol.v1.EndReason.END_REASON_HOST, end.state().endReason());
    assertTrue(end.events().stream().anyMatch(e -> e.hasMatchEnded()));
    assertEquals(3, Engine.result(end, "A").getScoresCount(), "everyone's score once it is over");
    assertThrows(IllegalStateException.class, () -> Engine.endByHost(end.state()));
    assertTrue(!s.finished(), "the input state is unchanged");
  }

  @Test
  void concert_memberThatStartsAWarOnAnOutsider_breaksItWhenItSeizes() {
    org.concert.protocol.v1.Scenario map = org.concert.maps.Scenarios.load("symmetric-4");
    GameState s = Engine.start(map, RulesConfig.getDefaultInstance(), 1);
    Board b = s.board;
    // Give the outsider (seat 3) a province next to one of seat 0's.
    int from = -1;
    int to = -1;
    for (int q = 0; q < b.provinces() && to < 0; q++) {
      if (s.owner[q] == 0) {
        for (int n : b.neighbours(q)) {
          if (s.owner[n] != 0) {
            from = q;
            to = n;
            break;
          }
        }
      }
    }
    s.owner[to] = 3;
    s.garrison[to] = 0;
    String[] ids = {b.powerId(0), b.powerId(1), b.powerId(2)};
    ProposalTerms terms = ProposalTerms.newBuilder().addParties(ids[0]).addParties(ids[1])
        .addParties(ids[2]).addClauses(Clause.newBuilder().setConcert(
            org.concert.protocol.v1.Concert.getDefaultInstance())).build();
    s = Engine.act(s, ids[0], org.concert.protocol.v1.DiplomacyAction.newBuilder()
        .setPropose(terms).build()).state();
    String id = s.proposals().get(0).getId();
    s = Engine.act(s, ids[1], org.concert.protocol.v1.DiplomacyAction.newBuilder().setAccept(id).build()).state();
    s = Engine.act(s, ids[2], org.concert.protocol.v1.DiplomacyAction.newBuilder().setAccept(id).build()).state();
    s.stacks[0][from] = 30;
    Orders attack = Orders.newBuilder().setTurn(1).addMilitary(MilitaryOrder.newBuilder()
        .setMove(Move.newBuilder().setFrom(b.provinceId(from)).setTo(b.provinceId(to))
            .setStrength(30))).build();
    Resolution r = Engine.resolve(s, Map.of(ids[0], attack));
    assertEquals(ids[0], r.state().ownerOf(to));
    assertTrue(r.events().stream().anyMatch(e -> e.hasTreatyViolated()
        && e.getTreatyViolated().getBreaker().equals(ids[0])),
        "starting a war on an outsider is no self-defence");
    assertEquals(ids[0], r.state().toProto().getWars(0).getStartedBy());
  }

  @Test
  void replay_onAChangedScenario_failsNamingTheScenario() throws Exception {
    Scenario original = RuleCaseTest.board("trio");
    Journal journal = Journal.newBuilder().addEntries(JournalEntry.newBuilder().setStart(
        MatchStart.newBuilder().setScenarioId("trio").setSeed(1)
            .setScenarioHash(Engine.scenarioHash(original)))).build();
    assertEquals(0, Replay.run(journal, id -> original).hashes().size());
    Scenario changed = original.toBuilder().setName("Trio, revised").build();
    var e = assertThrows(Replay.MismatchException.class, () -> Replay.run(journal, id -> changed));
    assertTrue(e.getMessage().contains("trio"), e.getMessage());
  }
}
