package org.concert.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.concert.protocol.v1.Behaviour;
import org.concert.protocol.v1.BehaviourLabel;
import org.concert.protocol.v1.Clause;
import org.concert.protocol.v1.DefensiveAlliance;
import org.concert.protocol.v1.DiplomacyAction;
import org.concert.protocol.v1.MilitaryOrder;
import org.concert.protocol.v1.Move;
import org.concert.protocol.v1.Orders;
import org.concert.protocol.v1.ProposalTerms;
import org.concert.protocol.v1.RichardsonFit;
import org.concert.protocol.v1.RulesConfig;
import org.concert.protocol.v1.TurnMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The debrief: Richardson fits, polarity and the behaviour labels of section 11. */
class DebriefTest {

  /** Arms levels that follow the Richardson equations exactly from (x0, y0). */
  static List<double[]> richardson(double k, double a, double g, double l, double b, double h,
      double x0, double y0, int turns) {
    List<double[]> out = new ArrayList<>();
    double x = x0;
    double y = y0;
    for (int t = 0; t <= turns; t++) {
      out.add(new double[] {x, y});
      double nx = x + k * y - a * x + g;
      double ny = y + l * x - b * y + h;
      x = nx;
      y = ny;
    }
    return out;
  }

  @ParameterizedTest(name = "k={0} a={1} l={3} b={4}")
  @CsvSource({
    "0.2, 0.5, 3, 0.3, 0.4, 2, true",
    "0.1, 0.3, 5, 0.2, 0.6, 1, true",
    "0.6, 0.2, 1, 0.5, 0.3, 1, false",
    "0.1, -0.2, 1, 0.1, -0.5, 1, false",
  })
  void fit_recoversTheCoefficientsAndTheVerdict(double k, double a, double g, double l, double b,
      double h, boolean stable) {
    List<double[]> series = richardson(k, a, g, l, b, h, 10, 4, 12);
    RichardsonFit fit = Analysis.fitSeries(series, "X", "Y");
    assertNotNull(fit);
    assertEquals(k, fit.getK(), 1e-4);
    assertEquals(a, fit.getA(), 1e-4);
    assertEquals(g, fit.getG(), 1e-3);
    assertEquals(l, fit.getL(), 1e-4);
    assertEquals(b, fit.getB(), 1e-4);
    assertEquals(h, fit.getH(), 1e-3);
    assertEquals(stable, fit.getStable());
    assertEquals(1.0, fit.getR2X(), 1e-2);
    if (stable) {
      double det = a * b - k * l;
      assertEquals((k * h + b * g) / det, fit.getEquilibriumX(), 1e-3);
      assertEquals((l * g + a * h) / det, fit.getEquilibriumY(), 1e-3);
    }
  }

  @Test
  void fit_needsAtLeastFourSteps() {
    assertNull(Analysis.fitSeries(richardson(0.1, 0.3, 1, 0.1, 0.3, 1, 5, 5, 3), "X", "Y"));
    assertNotNull(Analysis.fitSeries(richardson(0.1, 0.3, 1, 0.1, 0.3, 1, 5, 5, 4), "X", "Y"));
  }

  @Test
  void fit_ofFlatSeries_doesNotFail() {
    List<double[]> flat = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      flat.add(new double[] {10, 10});
    }
    RichardsonFit fit = Analysis.fitSeries(flat, "X", "Y");
    assertNotNull(fit);
    assertFalse(Double.isNaN(fit.getK()));
  }

  private static GameState trio() throws Exception {
    return Engine.start(RuleCaseTest.board("trio"), RulesConfig.getDefaultInstance(), 7);
  }

  private static GameState sign(GameState s, String... parties) {
    ProposalTerms terms = ProposalTerms.newBuilder().addAllParties(List.of(parties))
        .addClauses(Clause.newBuilder().setDefensiveAlliance(DefensiveAlliance.getDefaultInstance()))
        .build();
    Engine.Outcome o = Engine.act(s, parties[0], DiplomacyAction.newBuilder().setPropose(terms).build());
    s = o.state();
    String id = s.proposals().get(s.proposals().size() - 1).getId();
    for (int k = 1; k < parties.length; k++) {
      s = Engine.act(s, parties[k], DiplomacyAction.newBuilder().setAccept(id).build()).state();
    }
    return s;
  }

  private static List<BehaviourLabel> labels(GameState s, Behaviour kind) {
    TurnMetrics last = s.history.get(s.history.size() - 1);
    return last.getLabelsList().stream().filter(l -> l.getBehaviour() == kind).toList();
  }

  @Test
  void allianceAgainstTheStrongest_isBalancing() throws Exception {
    GameState s = trio();
    s.stacks[0][0] = 20; // A is by far the strongest
    s = sign(s, "B", "C");
    s = Engine.resolve(s, Map.of()).state();
    List<BehaviourLabel> balancing = labels(s, Behaviour.BEHAVIOUR_BALANCING);
    assertEquals(2, balancing.size(), "labels: " + balancing);
    assertTrue(balancing.stream().allMatch(l -> l.getOther().equals("A")));
    assertTrue(labels(s, Behaviour.BEHAVIOUR_BANDWAGONING).isEmpty());
  }

  @Test
  void allianceWithTheStrongest_isBandwagoning() throws Exception {
    GameState s = trio();
    s.stacks[0][0] = 20;
    s = sign(s, "B", "A");
    s = Engine.resolve(s, Map.of()).state();
    List<BehaviourLabel> bandwagoning = labels(s, Behaviour.BEHAVIOUR_BANDWAGONING);
    assertEquals(1, bandwagoning.size(), "labels: " + bandwagoning);
    assertEquals("B", bandwagoning.get(0).getPower());
    assertEquals("A", bandwagoning.get(0).getOther());
  }

  @Test
  void triggeredAlly_isChainGanging() throws Exception {
    GameState s = trio();
    s.stacks[0][1] = 9; // A in a2
    s = sign(s, "B", "C");
    Orders attack = Orders.newBuilder().setTurn(1).addMilitary(MilitaryOrder.newBuilder()
        .setMove(Move.newBuilder().setFrom("a2").setTo("b2").setStrength(9))).build();
    s = Engine.resolve(s, Map.of("A", attack)).state();
    List<BehaviourLabel> chain = labels(s, Behaviour.BEHAVIOUR_CHAIN_GANGING);
    assertEquals(1, chain.size(), "labels: " + chain);
    assertEquals("C", chain.get(0).getPower());
    assertEquals("A", chain.get(0).getOther());
  }

  @Test
  void polarity_ofThreeEqualPowers_isThree() throws Exception {
    GameState s = trio();
    for (int i = 0; i < 3; i++) {
      s.stacks[i][s.board.capital(i)] = 5;
    }
    s = Engine.resolve(s, Map.of()).state();
    assertEquals(3.0, s.history.get(0).getPolarity(), 1e-9);
    assertEquals(3, s.history.get(0).getPowersCount());
  }

  @Test
  void debrief_ofAWholeGame_hasAMetricsRowPerTurnAndFitsForRivals() throws Exception {
    GameState s = Engine.start(org.concert.maps.Scenarios.load("vienna-1815"),
        RulesConfig.getDefaultInstance(), 3);
    RandomPlay play = new RandomPlay(3, s.board);
    while (!s.finished()) {
      var orders = new java.util.HashMap<String, Orders>();
      for (int i = 0; i < s.board.powers(); i++) {
        Orders o = play.orders(s, i);
        if (s.alive(i) && Engine.validate(s, s.board.powerId(i), o).isEmpty()) {
          orders.put(s.board.powerId(i), o);
        }
      }
      s = Engine.resolve(s, orders).state();
    }
    var d = Engine.debrief(s);
    assertEquals(s.history.size(), d.getTurnsCount());
    assertTrue(d.getTurnsCount() >= 5);
    assertTrue(d.getFitsCount() > 0, "no rival pair fitted");
    for (RichardsonFit f : d.getFitsList()) {
      assertEquals(f.getStable(), f.getK() * f.getL() < f.getA() * f.getB());
    }
  }
}
