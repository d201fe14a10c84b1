package org.concert.server;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import org.concert.protocol.v1.MatchPhase;

/**
 * Counters of the core for `/metrics`: matches by phase, commands accepted, and how long the
 * journal takes to make a record durable (the time an acknowledgement waits for).
 */
final class CoreMetrics {
  private final LongAdder commands = new LongAdder();
  private final LongAdder appends = new LongAdder();
  private final LongAdder appendNanos = new LongAdder();
  private final LongAccumulator slowestNanos = new LongAccumulator(Math::max, 0);

  void accepted() {
    commands.increment();
  }

  void durable(long nanos) {
    appends.increment();
    appendNanos.add(nanos);
    slowestNanos.accumulate(nanos);
  }

  String render(Lobby lobby) {
    Map<MatchPhase, Integer> phases = new EnumMap<>(MatchPhase.class);
    for (MatchRoom r : lobby.rooms()) {
      phases.merge(r.phase(), 1, Integer::sum);
    }
    StringBuilder out = new StringBuilder(512);
    out.append("# HELP concert_matches Matches held, by phase.\n# TYPE concert_matches gauge\n");
    for (MatchPhase p : MatchPhase.values()) {
      if (p != MatchPhase.MATCH_PHASE_UNSPECIFIED && p != MatchPhase.UNRECOGNIZED) {
        out.append("concert_matches{phase=\"")
            .append(p.name().replace("MATCH_PHASE_", "").toLowerCase()).append("\"} ")
            .append(phases.getOrDefault(p, 0)).append('\n');
      }
    }
    out.append("# HELP concert_records_total Journal records written (accepted commands and"
        + " resolutions).\n# TYPE concert_records_total counter\n")
        .append("concert_records_total ").append(appends.sum()).append('\n');
    out.append("# HELP concert_commands_total Player and host commands accepted.\n"
        + "# TYPE concert_commands_total counter\n")
        .append("concert_commands_total ").append(commands.sum()).append('\n');
    out.append("# HELP concert_journal_durable_seconds Time from writing a record to its"
        + " being durable.\n# TYPE concert_journal_durable_seconds summary\n")
        .append("concert_journal_durable_seconds_sum ").append(appendNanos.sum() / 1e9)
        .append('\n').append("concert_journal_durable_seconds_count ").append(appends.sum())
        .append('\n');
    out.append("# HELP concert_journal_durable_seconds_max The slowest so far.\n"
        + "# TYPE concert_journal_durable_seconds_max gauge\n")
        .append("concert_journal_durable_seconds_max ").append(slowestNanos.get() / 1e9)
        .append('\n');
    return out.toString();
  }
}
