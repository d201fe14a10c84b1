package org.concert.arena;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.concert.engine.Engine;
import org.concert.engine.GameState;
import org.concert.engine.Replay;
import org.concert.protocol.v1.Debrief;
import org.concert.protocol.v1.Event;
import org.concert.protocol.v1.Journal;
import org.concert.protocol.v1.JournalEntry;
import org.concert.protocol.v1.MatchStart;
import org.concert.protocol.v1.Orders;
import org.concert.protocol.v1.Scenario;
import org.concert.protocol.v1.Score;

/**
 * The debrief of a match as one self-contained HTML page, made from its journal: the header
 * (scenario, seed, rules, result, scores), charts of arms, income, power shares, polarity and
 * security by year, the map at the end, the alliance network year by year, the commitments
 * honoured and broken, the behaviour labels, and a Richardson fit per rival pair. The page has
 * no scripts and fetches nothing; every chart is inline SVG with a text alternative, and every
 * string from the journal or the scenario is escaped.
 *
 * <p>The journal is replayed twice: once by {@link Replay#run} (which checks every turn's state
 * hash), then once more to collect the events of every turn. The same journal always gives the
 * same page, byte for byte.
 */
public final class Report {
  private final Scenario scenario;
  private final MatchStart start;
  private final GameState state;
  private final Debrief debrief;
  private final List<Event> events;
  private final int entries;

  private Report(Scenario scenario, MatchStart start, GameState state, List<Event> events,
      int entries) {
    this.scenario = scenario;
    this.start = start;
    this.state = state;
    this.debrief = Engine.debrief(state);
    this.events = List.copyOf(events);
    this.entries = entries;
  }

  /**
   * Replays a journal for its report.
   *
   * @param scenarios finds the scenario named by the journal's start entry
   * @param progress told the number of turns replayed after each one
   * @throws Replay.MismatchException if the journal does not replay to the states it recorded
   * @throws IllegalArgumentException if `scenarios` knows no scenario of the journal's id
   */
  public static Report of(Journal journal, Function<String, Scenario> scenarios,
      IntConsumer progress) throws Replay.MismatchException {
    Replay.Result checked = Replay.run(journal, scenarios, progress);
    MatchStart start = journal.getEntries(0).getStart();
    Scenario scenario = scenarios.apply(start.getScenarioId());
    // The journal is known good now: apply it again, keeping every event in order.
    List<Event> events = new ArrayList<>();
    GameState s = Engine.start(scenario, start.getRules(), start.getSeed());
    Map<String, Orders> orders = new LinkedHashMap<>();
    for (int k = 1; k < journal.getEntriesCount(); k++) {
      JournalEntry e = journal.getEntries(k);
      switch (e.getKindCase()) {
        case ORDERS -> orders.put(e.getOrders().getPower(), e.getOrders().getOrders());
        case ACT -> {
          Engine.Outcome out = Engine.act(s, e.getAct().getPower(), e.getAct().getAction());
          s = out.state();
          events.addAll(out.events());
        }
        case RESOLVED -> {
          var r = Engine.resolve(s, orders);
          s = r.state();
          events.addAll(r.events());
          orders.clear();
        }
        default -> throw new IllegalStateException("entry " + k + " passed the replay check"
            + " but has no kind");
      }
    }
    if (!s.hash().equals(checked.state().hash())) {
      throw new IllegalStateException("the second replay of the journal ended in another state");
    }
    return new Report(scenario, start, s, events, journal.getEntriesCount());
  }

  /** The scenario the match was played on. */
  public Scenario scenario() {
    return scenario;
  }

  /** How the match began: scenario id, rules overrides and seed. */
  public MatchStart start() {
    return start;
  }

  /** The state at the end of the journal. */
  public GameState state() {
    return state;
  }

  /** The engine's debrief of the match, which the page draws. */
  public Debrief debrief() {
    return debrief;
  }

  /** Every event of the match in order, diplomacy and resolutions alike. */
  public List<Event> events() {
    return events;
  }

  /** The final (or current) scores. */
  public List<Score> scores() {
    return Engine.scores(state);
  }

  /** The number of entries in the journal. */
  int entries() {
    return entries;
  }

  /** The page, without bot names (a journal does not record them). */
  public String html() {
    return html(Map.of());
  }

  /**
   * The page.
   *
   * @param bots the bot that played each power, by power id, when the caller knows; may be
   *     empty
   */
  public String html(Map<String, String> bots) {
    return new ReportPage(this, bots).render();
  }
}
