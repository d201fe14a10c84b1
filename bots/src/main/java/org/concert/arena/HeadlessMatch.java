package org.concert.arena;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.concert.bots.Atlas;
import org.concert.bots.Bot;
import org.concert.bots.Decision;
import org.concert.bots.MatchInfo;
import org.concert.bots.MatchOutcome;
import org.concert.bots.Situation;
import org.concert.engine.Engine;
import org.concert.engine.GameState;
import org.concert.engine.Resolution;
import org.concert.protocol.v1.DiplomacyAction;
import org.concert.protocol.v1.Event;
import org.concert.protocol.v1.Journal;
import org.concert.protocol.v1.JournalEntry;
import org.concert.protocol.v1.MatchStart;
import org.concert.protocol.v1.Orders;
import org.concert.protocol.v1.PowerAct;
import org.concert.protocol.v1.RulesConfig;
import org.concert.protocol.v1.Scenario;
import org.concert.protocol.v1.Score;
import org.concert.protocol.v1.SubmittedOrders;
import org.concert.protocol.v1.TurnResolved;

/**
 * One match between bots, start to finish, on the caller's thread (bot code runs on a bot
 * thread within its budget). In each of the turn's diplomacy rounds every living power decides
 * on the same state; the acts are then applied in seat order and the last round's orders are
 * submitted; then the turn resolves. Every accepted command goes to the journal, which is the
 * replay file. The same scenario, rules, seed and bots give the same match, always.
 */
public final class HeadlessMatch {
  /** How the match is run. */
  public record Options(int rounds, Duration budget, boolean journal) {
    public Options {
      if (rounds < 1 || rounds > 10) {
        throw new IllegalArgumentException("diplomacy rounds must be 1 to 10, not " + rounds);
      }
      if (budget.isNegative() || budget.isZero()) {
        throw new IllegalArgumentException("the time budget must be positive");
      }
    }

    /** Two rounds of diplomacy, one second a decision, with a journal. */
    public static Options defaults() {
      return new Options(2, Duration.ofSeconds(1), true);
    }
  }

  /** What happened to one seat. */
  public record Seat(String power, String bot, int threw, int timedOut, int refusedOrders,
      int refusedActs) {
    /** Decisions lost to exceptions or the budget. */
    public int failures() {
      return threw + timedOut;
    }
  }

  /** The finished match. */
  public record Result(Journal journal, GameState state, List<Seat> seats, List<Score> scores) {
    public Result {
      seats = List.copyOf(seats);
      scores = List.copyOf(scores);
    }
  }

  /** Told after every resolved turn. */
  public interface Listener {
    void turn(GameState before, Resolution resolution);
  }

  private HeadlessMatch() {}

  /** Plays a match with one spec per seat, in seat order. */
  public static Result play(Scenario scenario, Atlas atlas, RulesConfig rules, long seed,
      List<BotSpec> specs, Options options, Listener listener) {
    if (specs.size() != scenario.getPowersCount()) {
      throw new IllegalArgumentException(scenario.getId() + " has " + scenario.getPowersCount()
          + " seats but " + specs.size() + " bots were named");
    }
    try (BotCaller caller = new BotCaller()) {
      return new Run(scenario, atlas, rules, seed, specs, options, listener, caller).play();
    }
  }

  private static final class Run {
    private final Scenario scenario;
    private final Atlas atlas;
    private final long seed;
    private final Options options;
    private final Listener listener;
    private final BotCaller caller;
    private final List<BotSpec> specs;
    private final Bot[] bots;
    private final String[] powers;
    private final List<List<Event>> news = new ArrayList<>();
    private final int[] threw;
    private final int[] timedOut;
    private final int[] refusedOrders;
    private final int[] refusedActs;
    private final Journal.Builder journal = Journal.newBuilder();
    private GameState state;

    Run(Scenario scenario, Atlas atlas, RulesConfig rules, long seed, List<BotSpec> specs,
        Options options, Listener listener, BotCaller caller) {
      this.scenario = scenario;
      this.atlas = atlas;
      this.seed = seed;
      this.options = options;
      this.listener = listener;
      this.caller = caller;
      this.specs = specs;
      int n = specs.size();
      bots = new Bot[n];
      powers = new String[n];
      threw = new int[n];
      timedOut = new int[n];
      refusedOrders = new int[n];
      refusedActs = new int[n];
      state = Engine.start(scenario, rules, seed);
      if (options.journal()) {
        journal.addEntries(JournalEntry.newBuilder().setStart(MatchStart.newBuilder()
            .setScenarioId(scenario.getId()).setRules(rules).setSeed(seed)
            .setScenarioHash(Engine.scenarioHash(scenario))));
      }
      for (int i = 0; i < n; i++) {
        powers[i] = scenario.getPowers(i).getId();
        news.add(new ArrayList<>());
      }
    }

    Result play() {
      MatchInfoFactory info = new MatchInfoFactory();
      for (int i = 0; i < bots.length; i++) {
        int seat = i;
        var made = caller.call(() -> {
          Bot b = specs.get(seat).create();
          b.matchStarted(info.of(seat));
          return b;
        }, options.budget());
        bots[i] = made.value();
        count(i, made.outcome());
      }
      while (!state.finished()) {
        turn();
      }
      List<Score> scores = Engine.scores(state);
      MatchOutcome outcome = new MatchOutcome(state.endReason(), state.winner(), scores,
          state.toProto().getHistoryCount());
      for (int i = 0; i < bots.length; i++) {
        Bot b = bots[i];
        if (b != null) {
          count(i, caller.call(() -> {
            b.matchEnded(outcome);
            return Boolean.TRUE;
          }, options.budget()).outcome());
        }
      }
      List<Seat> seats = new ArrayList<>();
      for (int i = 0; i < bots.length; i++) {
        seats.add(new Seat(powers[i], specs.get(i).name(), threw[i], timedOut[i],
            refusedOrders[i], refusedActs[i]));
      }
      return new Result(journal.build(), state, seats, scores);
    }

    private final class MatchInfoFactory {
      MatchInfo of(int seat) {
        return new MatchInfo(scenario.getId() + "-" + seed, scenario.getId(), powers[seat],
            List.of(powers), state.rules(), atlas);
      }
    }

    private void count(int seat, BotCaller.Outcome outcome) {
      if (outcome == BotCaller.Outcome.THREW) {
        threw[seat]++;
      } else if (outcome == BotCaller.Outcome.TIMED_OUT) {
        timedOut[seat]++;
      }
    }

    private void turn() {
      Map<String, Orders> orders = new LinkedHashMap<>();
      for (int round = 0; round < options.rounds(); round++) {
        Decision[] decisions = new Decision[bots.length];
        for (int i = 0; i < bots.length; i++) {
          if (bots[i] == null || !state.alive(i)) {
            continue;
          }
          Situation situation = new Situation(Engine.view(state, powers[i]), atlas, news.get(i),
              round, options.rounds(), options.budget(), seed * 31 + i);
          news.set(i, new ArrayList<>());
          Bot bot = bots[i];
          var answer = caller.call(() -> bot.decide(situation), options.budget());
          count(i, answer.outcome());
          decisions[i] = answer.value();
        }
        for (int i = 0; i < bots.length; i++) {
          Decision d = decisions[i];
          if (d == null) {
            continue;
          }
          for (DiplomacyAction act : d.diplomacy()) {
            apply(i, act);
          }
          if (d.orders() != null) { // the latest orders given in the turn count
            Orders o = d.orders().getTurn() == state.turn() ? d.orders()
                : d.orders().toBuilder().setTurn(state.turn()).build();
            if (Engine.validate(state, powers[i], o).isEmpty()) {
              orders.put(powers[i], o);
            } else {
              refusedOrders[i]++;
            }
          }
        }
      }
      for (Map.Entry<String, Orders> e : orders.entrySet()) {
        if (options.journal()) {
          journal.addEntries(JournalEntry.newBuilder().setOrders(
              SubmittedOrders.newBuilder().setPower(e.getKey()).setOrders(e.getValue())));
        }
      }
      GameState before = state;
      Resolution r = Engine.resolve(state, orders);
      state = r.state();
      if (options.journal()) {
        journal.addEntries(JournalEntry.newBuilder().setResolved(TurnResolved.newBuilder()
            .setTurn(before.turn()).setStateHash(state.hash())));
      }
      tell(r.events());
      if (listener != null) {
        listener.turn(before, r);
      }
    }

    private void apply(int seat, DiplomacyAction act) {
      Engine.Outcome out = Engine.act(state, powers[seat], act);
      if (!out.accepted()) {
        refusedActs[seat]++;
        return;
      }
      state = out.state();
      if (options.journal()) {
        journal.addEntries(JournalEntry.newBuilder().setAct(
            PowerAct.newBuilder().setPower(powers[seat]).setAction(act)));
      }
      tell(out.events());
    }

    private void tell(List<Event> events) {
      for (int i = 0; i < powers.length; i++) {
        for (Event e : events) {
          if (Engine.visibleTo(e, powers[i])) {
            news.get(i).add(e);
          }
        }
      }
    }
  }
}
