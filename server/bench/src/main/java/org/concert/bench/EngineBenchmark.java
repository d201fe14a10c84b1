package org.concert.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.concert.engine.Board;
import org.concert.engine.Engine;
import org.concert.engine.GameState;
import org.concert.engine.Resolution;
import org.concert.maps.Scenarios;
import org.concert.protocol.v1.MatchState;
import org.concert.protocol.v1.Orders;
import org.concert.protocol.v1.PowerView;
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
 * The engine's two hot paths on {@code vienna-1815}: resolving one turn in which every power
 * gives a full set of orders, and building every power's fog-of-war view.
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

  @Setup
  public void setUp() {
    state = Engine.start(Scenarios.load("vienna-1815"), RulesConfig.getDefaultInstance(), 1815);
    orders = FullOrders.of(state);
    powers = new String[state.board().powers()];
    for (int i = 0; i < powers.length; i++) {
      powers[i] = state.board().powerId(i);
    }
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
