package org.concert.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.TextFormat;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.concert.engine.cases.Act;
import org.concert.engine.cases.AliveExpect;
import org.concert.engine.cases.ExpectedProblem;
import org.concert.engine.cases.PowerOrders;
import org.concert.engine.cases.PowerSetup;
import org.concert.engine.cases.ProvinceSetup;
import org.concert.engine.cases.RuleCase;
import org.concert.engine.cases.RuleCases;
import org.concert.engine.cases.Setup;
import org.concert.engine.cases.TreatyExpect;
import org.concert.protocol.v1.DiplomacyAction;
import org.concert.protocol.v1.Event;
import org.concert.protocol.v1.Orders;
import org.concert.protocol.v1.Problem;
import org.concert.protocol.v1.ProblemCode;
import org.concert.protocol.v1.Scenario;
import org.concert.protocol.v1.StackState;
import org.concert.protocol.v1.Treaty;
import org.concert.protocol.v1.War;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every rule case under src/test/resources/rules/: set up a small board, make the
 * diplomatic acts, validate and resolve the orders, and check the expectations. Fails when no
 * case loads, so an empty or misplaced fixture folder cannot pass.
 */
class RuleCaseTest {

  @TestFactory
  Stream<DynamicNode> ruleCases() throws IOException, URISyntaxException {
    Path dir = Path.of(RuleCaseTest.class.getResource("/rules").toURI());
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.toString().endsWith(".textproto")).sorted().toList();
    }
    List<DynamicNode> nodes = new ArrayList<>();
    int cases = 0;
    for (Path file : files) {
      RuleCases.Builder b = RuleCases.newBuilder();
      TextFormat.merge(Files.readString(file, StandardCharsets.UTF_8), b);
      Scenario board = board(b.getBoard());
      List<DynamicNode> tests = new ArrayList<>();
      for (RuleCase c : b.getCasesList()) {
        tests.add(DynamicTest.dynamicTest(c.getName(), () -> run(board, c)));
        cases++;
      }
      nodes.add(DynamicContainer.dynamicContainer(file.getFileName().toString(), tests));
    }
    assertTrue(cases > 0, "no rule case loaded from " + dir);
    return nodes.stream();
  }

  static Scenario board(String name) throws IOException {
    try (var in = RuleCaseTest.class.getResourceAsStream("/boards/" + name + ".textproto")) {
      if (in == null) {
        throw new IOException("no board " + name);
      }
      Scenario.Builder s = Scenario.newBuilder();
      TextFormat.merge(new String(in.readAllBytes(), StandardCharsets.UTF_8), s);
      return s.build();
    }
  }

  private static void run(Scenario board, RuleCase c) {
    GameState s = Engine.start(board, c.getRules(), c.getSeed());
    s = setup(s, c.getSetupList());
    for (Act act : c.getActsList()) {
      DiplomacyAction action = act.getAction();
      if (action.getAccept().equals("$last")) {
        action = action.toBuilder().setAccept(s.proposals.get(s.proposals.size() - 1).getId())
            .build();
      }
      Engine.Outcome o = Engine.act(s, act.getPower(), action);
      List<ProblemCode> codes = o.problems().stream().map(Problem::getCode).toList();
      if (act.getProblemsCount() > 0) {
        assertEquals(act.getProblemsList(), codes, "problems of act " + act);
        assertTrue(o.state() == s, "a refused act must leave the state as it was");
      } else {
        assertTrue(o.accepted(), "act refused: " + o.problems());
        s = o.state();
      }
    }
    Map<String, Orders> orders = new HashMap<>();
    boolean refused = false;
    for (PowerOrders po : c.getOrdersList()) {
      Orders o = po.getOrders().toBuilder().setTurn(s.turn()).build();
      List<Problem> problems = Engine.validate(s, po.getPower(), o);
      if (po.getProblemsCount() > 0) {
        refused = true;
        for (ExpectedProblem want : po.getProblemsList()) {
          boolean found = problems.stream().anyMatch(p -> p.getCode() == want.getCode()
              && (want.getField().isEmpty() || p.getField().equals(want.getField())));
          assertTrue(found, "expected " + want + " among " + problems);
        }
        assertEquals(po.getProblemsCount(), problems.size(), "problems: " + problems);
      } else {
        assertEquals(List.of(), problems, "orders of " + po.getPower() + " refused");
        orders.put(po.getPower(), o);
      }
    }
    List<Event> events = List.of();
    if (!c.getNoResolve() && !refused) {
      String before = s.hash();
      Resolution r = Engine.resolve(s, orders);
      assertEquals(before, s.hash(), "resolution changed its input state");
      s = r.state();
      List<Event> all = new ArrayList<>(r.events());
      for (int k = 0; k < c.getExtraTurns() && !s.finished(); k++) {
        r = Engine.resolve(s, Map.of());
        s = r.state();
        all.addAll(r.events());
      }
      events = all;
    }
    check(s, events, c);
  }

  private static GameState setup(GameState start, List<Setup> setup) {
    GameState s = start.copy();
    Board b = s.board;
    for (Setup x : setup) {
      switch (x.getKindCase()) {
        case STACK -> s.stacks[b.power(x.getStack().getPower())][b.province(x.getStack().getProvince())] =
            x.getStack().getStrength();
        case WAR -> {
          int a = b.power(x.getWar().getA());
          int c = b.power(x.getWar().getB());
          s.warSince[a][c] = s.warSince[c][a] = Math.max(1, x.getWar().getSince());
        }
        case POWER -> {
          PowerSetup p = x.getPower();
          int i = b.power(p.getId());
          if (p.hasTreasury()) {
            s.treasury[i] = p.getTreasury();
          }
          if (p.hasCredibility()) {
            s.credibility[i] = p.getCredibility();
          }
          if (p.hasInvested()) {
            s.invested[i] = p.getInvested();
          }
        }
        case PROVINCE -> {
          ProvinceSetup p = x.getProvince();
          int q = b.province(p.getId());
          if (p.hasOwner()) {
            s.owner[q] = b.owner(p.getOwner());
          }
          if (p.hasFort()) {
            s.fort[q] = p.getFort();
          }
          if (p.hasGarrison()) {
            s.garrison[q] = p.getGarrison();
          }
        }
        case TREATY -> {
          var terms = x.getTreaty();
          Engine.Outcome o = Engine.act(s, terms.getParties(0),
              DiplomacyAction.newBuilder().setPropose(terms).build());
          assertTrue(o.accepted(), "setup treaty refused: " + o.problems());
          s = o.state();
          String id = s.proposals.get(s.proposals.size() - 1).getId();
          for (int k = 1; k < terms.getPartiesCount(); k++) {
            o = Engine.act(s, terms.getParties(k),
                DiplomacyAction.newBuilder().setAccept(id).build());
            assertTrue(o.accepted(), "setup signature refused: " + o.problems());
            s = o.state();
          }
        }
        default -> fail("empty setup entry");
      }
    }
    return s;
  }

  private static void check(GameState s, List<Event> events, RuleCase c) {
    var e = c.getExpect();
    Board b = s.board;
    var snapshot = s.toProto();
    for (StackState want : e.getStacksList()) {
      assertEquals(want.getStrength(), s.stack(b.power(want.getPower()), b.province(want.getProvince())),
          "stack of " + want.getPower() + " in " + want.getProvince());
    }
    if (e.getStacksExact()) {
      assertEquals(e.getStacksCount(), snapshot.getStacksCount(), "stacks: " + snapshot.getStacksList());
    }
    for (ProvinceSetup want : e.getProvincesList()) {
      int q = b.province(want.getId());
      if (want.hasOwner()) {
        assertEquals(want.getOwner(), s.ownerOf(q), "owner of " + want.getId());
      }
      if (want.hasFort()) {
        assertEquals(want.getFort(), s.fort(q), "fort in " + want.getId());
      }
      if (want.hasGarrison()) {
        assertEquals(want.getGarrison(), s.garrison[q], "garrison in " + want.getId());
      }
    }
    for (PowerSetup want : e.getPowersList()) {
      int i = b.power(want.getId());
      if (want.hasTreasury()) {
        assertEquals(want.getTreasury(), s.treasury(i), "treasury of " + want.getId());
      }
      if (want.hasCredibility()) {
        assertEquals(want.getCredibility(), s.credibility(i), "credibility of " + want.getId());
      }
      if (want.hasInvested()) {
        assertEquals(want.getInvested(), s.invested[i], "investment of " + want.getId());
      }
    }
    for (AliveExpect want : e.getAliveList()) {
      assertEquals(want.getAlive(), s.alive(b.power(want.getPower())), "alive: " + want.getPower());
    }
    for (War want : e.getWarsList()) {
      assertTrue(s.atWar(b.power(want.getA()), b.power(want.getB())),
          "expected war " + want.getA() + "-" + want.getB() + "; wars: " + snapshot.getWarsList());
    }
    if (e.getWarsExact()) {
      assertEquals(e.getWarsCount(), snapshot.getWarsCount(), "wars: " + snapshot.getWarsList());
    }
    for (Event want : e.getEventsList()) {
      assertTrue(events.stream().anyMatch(ev -> Partial.matches(want, ev)),
          "expected event " + TextFormat.shortDebugString(want) + " among\n" + dump(events));
    }
    for (Event not : e.getAbsentEventsList()) {
      assertFalse(events.stream().anyMatch(ev -> Partial.matches(not, ev)),
          "unexpected event " + TextFormat.shortDebugString(not) + " among\n" + dump(events));
    }
    for (TreatyExpect want : e.getTreatiesList()) {
      String id = treatyId(s, want.getId());
      Treaty t = s.treaties().stream().filter(x -> x.getId().equals(id)).findFirst()
          .orElseThrow(() -> new AssertionError("no treaty " + want.getId()));
      assertEquals(want.getStatus(), t.getStatus(), "status of " + want.getId());
      if (want.hasRevealed()) {
        assertEquals(want.getRevealed(), t.getRevealed(), "revealed: " + want.getId());
      }
    }
    if (e.getTurn() != 0) {
      assertEquals(e.getTurn(), s.turn(), "open turn");
    }
    if (e.hasFinished()) {
      assertEquals(e.getFinished(), s.finished(), "finished");
    }
    assertEquals(e.getWinner(), s.winner(), "winner");
    for (var want : e.getScoresList()) {
      var score = Engine.scores(s).stream().filter(x -> x.getPower().equals(want.getPower()))
          .findFirst().orElseThrow();
      assertTrue(Partial.matches(want, score), "score " + score + " does not match " + want);
    }
    for (var want : e.getViewsList()) {
      var view = want.getPower().isEmpty() ? Engine.observerView(s) : Engine.view(s, want.getPower());
      assertTrue(Partial.matches(want.getView(), view), "view of " + want.getPower()
          + " does not match " + TextFormat.shortDebugString(want.getView()) + "\nview: "
          + TextFormat.shortDebugString(view));
      for (String q : want.getHiddenProvincesList()) {
        var p = view.getProvincesList().stream().filter(x -> x.getId().equals(q)).findFirst()
            .orElseThrow();
        assertFalse(p.getVisible() || p.getStacksCount() > 0, want.getPower() + " sees into " + q);
      }
      for (String id : want.getHiddenTreasuriesList()) {
        var p = view.getPowersList().stream().filter(x -> x.getId().equals(id)).findFirst()
            .orElseThrow();
        assertFalse(p.hasTreasury(), want.getPower() + " sees the treasury of " + id);
      }
      for (String ref : want.getHiddenTreatiesList()) {
        String id = treatyId(s, ref);
        assertFalse(view.getTreatiesList().stream().anyMatch(t -> t.getId().equals(id)),
            want.getPower() + " sees treaty " + id);
      }
    }
  }

  /** A treaty id, or "#N" for the Nth treaty signed (secret treaties have unguessable ids). */
  private static String treatyId(GameState s, String ref) {
    return ref.startsWith("#") ? s.treaties.get(Integer.parseInt(ref.substring(1)) - 1).getId()
        : ref;
  }

  private static String dump(List<Event> events) {
    StringBuilder sb = new StringBuilder();
    for (Event ev : events) {
      sb.append("  ").append(TextFormat.shortDebugString(ev)).append('\n');
    }
    return sb.toString();
  }
}
