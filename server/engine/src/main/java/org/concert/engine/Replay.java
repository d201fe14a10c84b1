package org.concert.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.concert.protocol.v1.Journal;
import org.concert.protocol.v1.JournalEntry;
import org.concert.protocol.v1.MatchStart;
import org.concert.protocol.v1.Orders;
import org.concert.protocol.v1.Scenario;

/**
 * Re-runs a journal through the engine and checks the state hash after every resolution. The
 * journal holds only accepted commands, so any refusal on replay is a mismatch too.
 */
public final class Replay {
  private Replay() {}

  /** A journal that does not replay to the states it recorded. */
  public static final class MismatchException extends Exception {
    private final int entry;

    MismatchException(int entry, String message) {
      super("journal entry " + entry + ": " + message);
      this.entry = entry;
    }

    /** The index of the offending entry. */
    public int entry() {
      return entry;
    }
  }

  /** The replayed match: its final state and the hash after each resolved turn. */
  public record Result(GameState state, List<String> hashes) {
    public Result {
      hashes = List.copyOf(hashes);
    }
  }

  /** Replays a journal; `scenarios` finds the scenario named by its start entry. */
  public static Result run(Journal journal, Function<String, Scenario> scenarios)
      throws MismatchException {
    return run(journal, scenarios, turn -> {});
  }

  /** Replays a journal, telling `progress` the number of turns replayed after each one. */
  public static Result run(Journal journal, Function<String, Scenario> scenarios,
      java.util.function.IntConsumer progress) throws MismatchException {
    if (journal.getEntriesCount() == 0 || !journal.getEntries(0).hasStart()) {
      throw new MismatchException(0, "a journal starts with a start entry");
    }
    MatchStart start = journal.getEntries(0).getStart();
    Scenario scenario = scenarios.apply(start.getScenarioId());
    if (!start.getScenarioHash().isEmpty()
        && !start.getScenarioHash().equals(Engine.scenarioHash(scenario))) {
      throw new MismatchException(0, "the journal was recorded on another version of scenario "
          + start.getScenarioId() + " (its hash differs); replay it with that version");
    }
    GameState s = Engine.start(scenario, start.getRules(), start.getSeed());
    Map<String, Orders> orders = new LinkedHashMap<>();
    List<String> hashes = new ArrayList<>();
    for (int k = 1; k < journal.getEntriesCount(); k++) {
      JournalEntry e = journal.getEntries(k);
      switch (e.getKindCase()) {
        case ORDERS -> {
          var o = e.getOrders();
          var problems = Engine.validate(s, o.getPower(), o.getOrders());
          if (!problems.isEmpty()) {
            throw new MismatchException(k, "orders of " + o.getPower() + " refused: "
                + problems.get(0).getMessage());
          }
          orders.put(o.getPower(), o.getOrders());
        }
        case ACT -> {
          Engine.Outcome out = Engine.act(s, e.getAct().getPower(), e.getAct().getAction());
          if (!out.accepted()) {
            throw new MismatchException(k, "act of " + e.getAct().getPower() + " refused: "
                + out.problems().get(0).getMessage());
          }
          s = out.state();
        }
        case RESOLVED -> {
          if (e.getResolved().getTurn() != s.turn()) {
            throw new MismatchException(k, "resolves turn " + e.getResolved().getTurn()
                + " but turn " + s.turn() + " is open");
          }
          s = Engine.resolve(s, orders).state();
          orders.clear();
          String hash = s.hash();
          hashes.add(hash);
          progress.accept(hashes.size());
          if (!e.getResolved().getStateHash().isEmpty()
              && !e.getResolved().getStateHash().equals(hash)) {
            throw new MismatchException(k, "turn " + e.getResolved().getTurn()
                + " hashes to " + hash + " but the journal recorded "
                + e.getResolved().getStateHash());
          }
        }
        case CHAT, SEAT, HOST, READY, RESUMED -> {
          // The server's own records: they change no game state.
        }
        default -> throw new MismatchException(k, "an empty or second start entry");
      }
    }
    return new Result(s, hashes);
  }
}
