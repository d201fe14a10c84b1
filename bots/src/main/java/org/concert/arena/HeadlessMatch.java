package org.concert.arena;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
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
 * One match between bots, start to finish. In each of the turn's diplomacy rounds every living power decides
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

  /**
   * Plays a match with one spec per seat, in seat order, and returns when it is over. The match
   * runs on a thread of its own so that a bot that never returns cannot hold the caller.
   */
  public static Result play(Scenario scenario, Atlas atlas, RulesConfig rules, long seed,
      List<BotSpec> specs, Options options, Listener listener) {
    Match m = prepare(scenario, atlas, rules, seed, specs, options, listener);
    Thread t = new Thread(m::run, "concert-match");
    t.setDaemon(true);
    t.start();
    return m.result().join();
  }

  /** A match ready to run on the caller's thread with {@link Match#run()}. */
  public static Match prepare(Scenario scenario, Atlas atlas, RulesConfig rules, long seed,
      List<BotSpec> specs, Options options, Listener listener) {
    if (specs.size() != scenario.getPowersCount()) {
      throw new IllegalArgumentException(scenario.getId() + " has " + scenario.getPowersCount()
          + " seats but " + specs.size() + " bots were named");
    }
    return new Match(scenario, atlas, rules, seed, specs, options, listener);
  }

  /**
   * One match's progress. {@link #run()} plays it to the end on the calling thread; if bot
   * code outlives its budget, the {@link Watchdog} counts the call as timed out and carries
   * the match on from the next call on a fresh thread, leaving the stuck one behind. The
   * position in the match is kept in fields so that any thread can carry on from it.
   */
  public static final class Match {
    private enum Phase {
      START,
      TURN,
      END,
      DONE
    }

    private static final int IDLE = 0;
    private static final int CALLING = 1;
    private static final int RETURNED = 2;
    private static final int ABANDONED = 3;

    private final Scenario scenario;
    private final Atlas atlas;
    private final long seed;
    private final Options options;
    private final Listener listener;
    private final List<BotSpec> specs;
    private final Bot[] bots;
    private final String[] powers;
    private final List<List<Event>> news = new ArrayList<>();
    private final int[] threw;
    private final int[] timedOut;
    private final int[] refusedOrders;
    private final int[] refusedActs;
    private final Journal.Builder journal = Journal.newBuilder();
    private final CompletableFuture<Result> result = new CompletableFuture<>();
    private GameState state;

    // Where the match stands.
    private Phase phase = Phase.START;
    private int round;
    private int seat;
    private Decision[] decisions;
    private final GameState[] viewed;
    private final org.concert.protocol.v1.PowerView[] views;
    private Map<String, Orders> orders = new LinkedHashMap<>();

    // The call being watched.
    private final AtomicInteger call = new AtomicInteger(IDLE);
    private volatile long deadline;
    private volatile int generation;

    Match(Scenario scenario, Atlas atlas, RulesConfig rules, long seed, List<BotSpec> specs,
        Options options, Listener listener) {
      this.scenario = scenario;
      this.atlas = atlas;
      this.seed = seed;
      this.options = options;
      this.listener = listener;
      this.specs = specs;
      int n = specs.size();
      bots = new Bot[n];
      powers = new String[n];
      threw = new int[n];
      timedOut = new int[n];
      refusedOrders = new int[n];
      refusedActs = new int[n];
      decisions = new Decision[n];
      viewed = new GameState[n];
      views = new org.concert.protocol.v1.PowerView[n];
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

    /** Completes when the match is over (or failed). */
    public CompletableFuture<Result> result() {
      return result;
    }

    /** Plays the match from where it stands to its end on this thread. */
    public void run() {
      Watchdog.watch(this);
      try {
        loop(generation);
      } catch (RuntimeException | Error e) {
        Watchdog.forget(this);
        result.completeExceptionally(e);
      }
    }

    private void loop(int gen) {
      while (true) {
        switch (phase) {
          case START -> {
            MatchInfo info = new MatchInfo(scenario.getId() + "-" + seed, scenario.getId(),
                powers[Math.min(seat, powers.length - 1)], List.of(powers), state.rules(), atlas);
            while (seat < bots.length) {
              int i = seat;
              MatchInfo mine = new MatchInfo(info.matchId(), info.scenarioId(), powers[i],
                  info.powers(), info.rules(), atlas);
              Object made = guarded(i, () -> {
                Bot b = specs.get(i).create();
                b.matchStarted(mine);
                return b;
              });
              if (gen != generation) {
                return;
              }
              bots[i] = (Bot) made;
              seat++;
            }
            phase = Phase.TURN;
            seat = 0;
            round = 0;
          }
          case TURN -> {
            if (state.finished()) {
              phase = Phase.END;
              seat = 0;
              continue;
            }
            while (round < options.rounds()) {
              while (seat < bots.length) {
                int i = seat;
                Decision d = null;
                if (bots[i] != null && state.alive(i)) {
                  if (viewed[i] != state) { // a view is rebuilt only when the state changed
                    views[i] = Engine.view(state, powers[i]);
                    viewed[i] = state;
                  }
                  Situation situation = new Situation(views[i], atlas,
                      news.get(i), round, options.rounds(), options.budget(), seed * 31 + i);
                  news.set(i, new ArrayList<>());
                  Bot bot = bots[i];
                  d = (Decision) guarded(i, () -> bot.decide(situation));
                  if (gen != generation) {
                    return;
                  }
                }
                decisions[i] = d;
                seat++;
              }
              applyDecisions();
              seat = 0;
              round++;
            }
            resolve();
            round = 0;
          }
          case END -> {
            List<Score> scores = Engine.scores(state);
            MatchOutcome outcome = new MatchOutcome(state.endReason(), state.winner(), scores,
                state.turnsPlayed());
            while (seat < bots.length) {
              Bot b = bots[seat];
              if (b != null) {
                guarded(seat, () -> {
                  b.matchEnded(outcome);
                  return Boolean.TRUE;
                });
                if (gen != generation) {
                  return;
                }
              }
              seat++;
            }
            phase = Phase.DONE;
            Watchdog.forget(this);
            List<Seat> seats = new ArrayList<>();
            for (int i = 0; i < bots.length; i++) {
              seats.add(new Seat(powers[i], specs.get(i).name(), threw[i], timedOut[i],
                  refusedOrders[i], refusedActs[i]));
            }
            result.complete(new Result(journal.build(), state, seats, scores));
            return;
          }
          default -> {
            return;
          }
        }
      }
    }

    /**
     * Calls bot code for a seat under the watchdog. Returns its value, or null when it threw or
     * ran over its budget (both counted). If the watchdog gave up on the call first, the
     * generation has moved on and the caller must stop touching the match.
     */
    private Object guarded(int forSeat, java.util.function.Supplier<Object> task) {
      deadline = System.nanoTime() + options.budget().toNanos();
      call.set(CALLING);
      Object value = null;
      boolean failed = false;
      try {
        value = task.get();
      } catch (RuntimeException | Error e) {
        if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
          throw e;
        }
        failed = true;
      }
      if (!call.compareAndSet(CALLING, RETURNED)) {
        return null; // abandoned: the watchdog has carried the match on
      }
      boolean late = System.nanoTime() > deadline;
      call.set(IDLE);
      if (late) {
        timedOut[forSeat]++;
        return null;
      }
      if (failed) {
        threw[forSeat]++;
        return null;
      }
      return value;
    }

    /** Called by the watchdog: take the match over if the current call is past its budget. */
    void checkOverdue(long now) {
      if (call.get() != CALLING || now <= deadline || !call.compareAndSet(CALLING, ABANDONED)) {
        return;
      }
      int gen = ++generation;
      timedOut[seat]++;
      if (phase == Phase.TURN) {
        decisions[seat] = null;
      }
      seat++;
      call.set(IDLE);
      Thread t = new Thread(() -> {
        try {
          loop(gen);
        } catch (RuntimeException | Error e) {
          Watchdog.forget(this);
          result.completeExceptionally(e);
        }
      }, "concert-match-resumed");
      t.setDaemon(true);
      t.start();
    }

    private void applyDecisions() {
      for (int i = 0; i < bots.length; i++) {
        Decision d = decisions[i];
        decisions[i] = null;
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

    private void resolve() {
      for (Map.Entry<String, Orders> e : orders.entrySet()) {
        if (options.journal()) {
          journal.addEntries(JournalEntry.newBuilder().setOrders(
              SubmittedOrders.newBuilder().setPower(e.getKey()).setOrders(e.getValue())));
        }
      }
      GameState before = state;
      Resolution r = Engine.resolve(state, orders);
      orders = new LinkedHashMap<>();
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

    private void apply(int i, DiplomacyAction act) {
      Engine.Outcome out = Engine.act(state, powers[i], act);
      if (!out.accepted()) {
        refusedActs[i]++;
        return;
      }
      state = out.state();
      if (options.journal()) {
        journal.addEntries(JournalEntry.newBuilder().setAct(
            PowerAct.newBuilder().setPower(powers[i]).setAction(act)));
      }
      tell(out.events());
    }

    private void tell(List<Event> events) {
      for (int i = 0; i < powers.length; i++) {
        for (Event e : events) {
          if (Engine.visibleTo(e, powers[i])) {
            news.get(i).add(e); // the Situation tells it as a server would (Engine.seenBy)
          }
        }
      }
    }
  }
}
