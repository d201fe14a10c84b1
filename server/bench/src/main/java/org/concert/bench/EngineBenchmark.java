package org.concert.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.concert.engine.Board;
import org.concert.engine.Engine;
import org.concert.engine.GameState;
import org.concert.engine.Resolution;
import org.concert.maps.Scenarios;
import org.concert.protocol.v1.Clause;
import org.concert.protocol.v1.DiplomacyAction;
import org.concert.protocol.v1.MatchState;
import org.concert.protocol.v1.NonAggression;
import org.concert.protocol.v1.Orders;
import org.concert.protocol.v1.PowerView;
import org.concert.protocol.v1.ProposalTerms;
import org.concert.protocol.v1.RulesConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The engine's hot paths on {@code vienna-1815}: resolving one turn in which every power gives a
 * full set of orders, building every power's fog-of-war view, and one diplomatic act in a busy
 * turn (what a server does for each proposal and withdrawal it is sent).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class EngineBenchmark {
  private GameState state;
  private Map<String, Orders> orders;
  private String[] powers;
  private GameState busy;
  private DiplomacyAction proposal;
  private DiplomacyAction withdrawal;

  @Setup
  public void setUp() {
    state = Engine.start(Scenarios.load("vienna-1815"), RulesConfig.getDefaultInstance(), 1815);
    orders = FullOrders.of(state);
    powers = new String[state.board().powers()];
    for (int i = 0; i < powers.length; i++) {
      powers[i] = state.board().powerId(i);
    }
    // A busy turn: each power has proposed non-aggression to its neighbour six times.
    busy = state;
    String first = null;
    for (int round = 0; round < 6; round++) {
      for (int i = 0; i < powers.length; i++) {
        Engine.Outcome out = Engine.act(busy, powers[i], propose(i));
        busy = out.state();
        first = first == null ? out.created() : first;
      }
    }
    proposal = propose(0);
    withdrawal = DiplomacyAction.newBuilder().setWithdraw(first).build();
  }

  private DiplomacyAction propose(int i) {
    return DiplomacyAction.newBuilder().setPropose(ProposalTerms.newBuilder()
        .addParties(powers[i]).addParties(powers[(i + 1) % powers.length]).setDurationTurns(2)
        .addClauses(Clause.newBuilder().setNonAggression(NonAggression.getDefaultInstance())))
        .build();
  }

  /** A seventh proposal by the first power, with 30 already made this turn. */
  @Benchmark
  public Engine.Outcome proposeInABusyTurn() {
    return check(Engine.act(busy, powers[0], proposal));
  }

  /** The first power withdraws the first of the turn's 30 proposals. */
  @Benchmark
  public Engine.Outcome withdrawInABusyTurn() {
    return check(Engine.act(busy, powers[0], withdrawal));
  }

  private static Engine.Outcome check(Engine.Outcome out) {
    if (!out.accepted()) {
      throw new IllegalStateException("the act was refused: " + out.problems());
    }
    return out;
  }

  @Benchmark
  public Resolution resolveTurn() {
    return Engine.resolve(state, orders);
  }

  /**
   * Views for all powers of a state seen for the first time (a published state caches what it
   * has computed, so each invocation gets a fresh copy, restored outside the measurement).
   */
  @Benchmark
  public void viewsForAllPowers(FreshState fresh, Blackhole bh) {
    for (String p : powers) {
      PowerView v = Engine.view(fresh.state, p);
      bh.consume(v);
    }
  }

  /** A state restored from its snapshot before every invocation: nothing cached. */
  @State(Scope.Thread)
  public static class FreshState {
    private MatchState snapshot;
    private Board board;
    GameState state;

    @Setup(Level.Trial)
    public void snapshot() {
      GameState s = Engine.start(Scenarios.load("vienna-1815"), RulesConfig.getDefaultInstance(),
          1815);
      board = s.board();
      snapshot = s.toProto();
    }

    @Setup(Level.Invocation)
    public void restore() {
      state = GameState.fromProto(board, snapshot);
    }
  }
}
