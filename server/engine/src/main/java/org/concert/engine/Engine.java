package org.concert.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.concert.maps.RuleDefaults;
import org.concert.protocol.v1.Debrief;
import org.concert.protocol.v1.EndReason;
import org.concert.protocol.v1.MatchEnded;
import org.concert.protocol.v1.PowerShare;
import org.concert.protocol.v1.DiplomacyAction;
import org.concert.protocol.v1.Audience;
import org.concert.protocol.v1.Event;
import org.concert.protocol.v1.Orders;
import org.concert.protocol.v1.PowerDef;
import org.concert.protocol.v1.PowerView;
import org.concert.protocol.v1.Problem;
import org.concert.protocol.v1.ProblemCode;
import org.concert.protocol.v1.ProvinceDef;
import org.concert.protocol.v1.RulesConfig;
import org.concert.protocol.v1.Scenario;
import org.concert.protocol.v1.Score;
import org.concert.protocol.v1.StackDef;
import org.concert.protocol.v1.TurnResult;
import org.concert.protocol.v1.ProposalTerms;
import org.concert.protocol.v1.Treaty;
import org.concert.protocol.v1.TreatyStatus;
import org.concert.protocol.v1.WarDef;

/**
 * The referee as a set of pure functions over {@link GameState}. Nothing here keeps state
 * between calls, reads a clock or draws randomness other than from the match seed; the same
 * inputs always give byte-identical outputs.
 */
public final class Engine {
  private Engine() {}

  /**
   * The outcome of a diplomatic act: the new state and its events, or the problems found; and
   * the id of the proposal it created, if it created one.
   */
  public record Outcome(GameState state, List<Event> events, List<Problem> problems,
      String created) {
    public Outcome {
      events = List.copyOf(events);
      problems = List.copyOf(problems);
    }

    public boolean accepted() {
      return problems.isEmpty();
    }
  }

  /**
   * The state at the start of the first turn.
   *
   * @param overrides rules knobs set for this match; unset fields keep the scenario's value
   * @throws IllegalArgumentException if the scenario is malformed
   */
  public static GameState start(Scenario scenario, RulesConfig overrides, long seed) {
    Board board = Board.of(scenario);
    RulesConfig rules = RuleDefaults.resolve(scenario.getRules(), overrides);
    GameState s = new GameState(board, Rules.of(rules), seed);
    s.turn = 1;
    for (int i = 0; i < board.powers(); i++) {
      PowerDef def = scenario.getPowers(i);
      s.treasury[i] = def.getTreasury();
      s.credibility[i] = def.hasCredibility() ? def.getCredibility() : rules.getStartCredibility();
      s.invested[i] = def.getInvested();
      s.alive[i] = true;
    }
    for (int q = 0; q < board.provinces(); q++) {
      ProvinceDef def = scenario.getProvinces(q);
      int owner = board.owner(def.getOwner());
      if (owner == -2) {
        throw new IllegalArgumentException(
            "province " + def.getId() + " names unknown owner \"" + def.getOwner() + "\"");
      }
      s.owner[q] = owner;
      s.fort[q] = def.getFort();
      s.garrison[q] = def.getGarrison();
    }
    for (StackDef st : scenario.getStacksList()) {
      int p = board.power(st.getPower());
      int q = board.province(st.getProvince());
      if (p < 0 || q < 0) {
        throw new IllegalArgumentException(
            "stack of " + st.getPower() + " in " + st.getProvince() + " names an unknown id");
      }
      s.stacks[p][q] += st.getStrength();
    }
    for (ProposalTerms terms : scenario.getTreatiesList()) {
      int duration = terms.getDurationTurns();
      s.treaties.add(Treaty.newBuilder().setId(s.newTreatyId(terms.getSecret())).setTerms(terms)
          .setSignedTurn(0).setLastTurn(duration == 0 ? 0 : duration)
          .setStatus(TreatyStatus.TREATY_STATUS_IN_FORCE).build());
    }
    for (WarDef war : scenario.getWarsList()) {
      int a = board.power(war.getA());
      int c = board.power(war.getB());
      if (a < 0 || c < 0 || a == c) {
        throw new IllegalArgumentException("bad starting war " + war.getA() + "-" + war.getB());
      }
      s.warSince[a][c] = s.warSince[c][a] = 1;
      s.warBlame[a][c] = s.warBlame[c][a] = a;
    }
    for (ProposalTerms terms : scenario.getTreatiesList()) {
      if (terms.getClausesList().stream().anyMatch(c -> c.hasPeace())) {
        for (String x : terms.getPartiesList()) {
          for (String y : terms.getPartiesList()) {
            int a = board.power(x);
            int c = board.power(y);
            if (a >= 0 && c >= 0 && a != c) {
              s.warSince[a][c] = 0; // a peace in force ends the war, as signing one does
            }
          }
        }
      }
    }
    Relations rel = Relations.of(s);
    for (int i = 0; i < board.powers(); i++) {
      s.security[i] = Threats.of(s, rel, i, Visibility.of(s, i)).security;
    }
    return s;
  }

  /** Hex SHA-256 of a scenario's deterministic encoding (recorded in journals). */
  public static String scenarioHash(Scenario scenario) {
    return GameState.sha256(scenario);
  }

  /** Power index of an id, or an exception naming the id. */
  private static int power(GameState s, String id) {
    int p = s.board.power(id);
    if (p < 0) {
      throw new IllegalArgumentException("unknown power \"" + id + "\"");
    }
    return p;
  }

  /** Every problem with one power's orders; empty when they are valid. */
  public static List<Problem> validate(GameState s, String power, Orders orders) {
    int p = s.board.power(power);
    if (p < 0) {
      return List.of(Problem.newBuilder().setCode(ProblemCode.PROBLEM_CODE_UNKNOWN_POWER)
          .setMessage("unknown power \"" + power + "\"").build());
    }
    return OrderValidator.validate(s, s.relations(), p, orders).problems();
  }

  /**
   * Resolves the open turn. Powers missing from the map (or whose orders are invalid against
   * this state) hold: no moves, no builds, upkeep paid.
   *
   * @throws IllegalStateException if the match is over
   */
  public static Resolution resolve(GameState s, Map<String, Orders> orders) {
    if (s.finished) {
      throw new IllegalStateException("the match is over; nothing to resolve");
    }
    int np = s.board.powers();
    Relations rel = s.relations();
    PlannedOrders[] plans = new PlannedOrders[np];
    for (int i = 0; i < np; i++) {
      Orders o = orders.get(s.board.powerId(i));
      PlannedOrders plan = null;
      if (o != null && s.alive[i]) {
        plan = OrderValidator.validate(s, rel, i, o).plan();
      }
      plans[i] = plan != null ? plan : PlannedOrders.hold(i, np, o != null);
    }
    return new Resolver(s, plans).run();
  }

  /** Applies a diplomatic act of a power during the open turn. */
  public static Outcome act(GameState s, String power, DiplomacyAction action) {
    return Diplomacy.act(s, power(s, power), action);
  }

  /** What a power may see. */
  public static PowerView view(GameState s, String power) {
    return Views.of(s, power(s, power));
  }

  /** Everything, for the host (instructor). */
  public static PowerView hostView(GameState s) {
    return Views.of(s, -1);
  }

  /** The public map, for observers. */
  public static PowerView observerView(GameState s) {
    return Views.of(s, -2);
  }

  /** True when the power (or "" for an observer) may see the event. */
  public static boolean visibleTo(Event e, String power) {
    return EventLog.visibleTo(e, power);
  }

  /**
   * An event as `power` is told it: a power that hears an event shared by several sees itself
   * alone in its audience, so that it learns what happened and not who else saw it (which
   * powers have sight of a province, who else was sent a secret). Events for everyone, and the
   * host's and observers' copies (`power` null or ""), are left whole.
   */
  public static Event seenBy(Event e, String power) {
    if (power == null || power.isEmpty() || e.getAudience().getEveryone()
        || e.getAudience().getPowersCount() < 2) {
      return e;
    }
    return e.toBuilder().setAudience(Audience.newBuilder().addPowers(power)).build();
  }

  /** The events of a list that a power may see, in order, each as {@link #seenBy} it. */
  public static List<Event> seenBy(List<Event> events, String power) {
    List<Event> out = new ArrayList<>();
    for (Event e : events) {
      if (EventLog.visibleTo(e, power)) {
        out.add(seenBy(e, power));
      }
    }
    return out;
  }

  /**
   * The result of a resolution for one power ("" for observers, null for the host). While the
   * match runs, a power gets the power shares as it perceives them (its own army exactly,
   * others' as its view estimates them) and only its own score; observers get shares from the
   * public map; the host gets the true figures. When the match is over, everyone gets them.
   */
  public static TurnResult result(Resolution r, String power) {
    GameState s = r.state();
    TurnResult.Builder t = TurnResult.newBuilder()
        .setTurn(s.history.isEmpty() ? 0 : s.history.get(s.history.size() - 1).getTurn())
        .addAllEvents(power == null ? r.events() : seenBy(r.events(), power))
        .setFinished(s.finished);
    if (power == null || s.finished) {
      t.addAllShares(r.shares()).addAllScores(scores(s));
    } else {
      int viewer = power.isEmpty() ? -2 : power(s, power);
      double[] perceived = Shares.perceived(s, viewer);
      for (int i = 0; i < s.board.powers(); i++) {
        t.addShares(PowerShare.newBuilder().setPower(s.board.powerId(i)).setShare(perceived[i]));
      }
      for (Score score : Scores.of(s, perceived)) {
        if (score.getPower().equals(power)) {
          // Its own score as it can know it: from the shares it perceives, and without its
          // rank among powers whose scores it cannot see.
          t.addScores(score.toBuilder().clearRank().build());
        }
      }
    }
    if (power == null) {
      t.setStateHash(s.hash());
    }
    return t.build();
  }

  /** Ends the match at the host's word, with final scores: the events say so to everyone. */
  public static Resolution endByHost(GameState s) {
    if (s.finished) {
      throw new IllegalStateException("the match is already over");
    }
    GameState done = s.copy();
    EventLog log = new EventLog(done.board, done.turn);
    done.finished = true;
    done.endReason = EndReason.END_REASON_HOST;
    log.everyone(Event.newBuilder().setMatchEnded(
        MatchEnded.newBuilder().setReason(EndReason.END_REASON_HOST)));
    double[] shares = Shares.of(done);
    List<PowerShare> list = new ArrayList<>();
    for (int i = 0; i < done.board.powers(); i++) {
      list.add(PowerShare.newBuilder().setPower(done.board.powerId(i)).setShare(shares[i]).build());
    }
    return new Resolution(done, log.events(), list);
  }

  /** Scores so far (final when the match is over). */
  public static List<Score> scores(GameState s) {
    return Scores.of(s);
  }

  /** The debrief: per-turn metrics and the arms-race fits of rival pairs. */
  public static Debrief debrief(GameState s) {
    return Analysis.of(s);
  }
}
