package org.concert.server.store;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the store holds of one match, ready to replay: the latest whole snapshot, then every whole
 * journal record after it in version order, with no gap.
 *
 * <p>Damage ends the journal early instead of failing the load: a record whose checksum does not
 * match, or a missing version, stops the journal at the last whole record before it, and a
 * damaged snapshot is passed over (the journal then starts from version 1). Each such finding is
 * described in {@link #problems()}, which is empty for a healthy match.
 *
 * @param match the match's record
 * @param snapshot the latest snapshot whose checksum holds, if any
 * @param journal the records after the snapshot (or from version 1), consecutive
 * @param problems readable descriptions of the damage found, in the order it was found
 */
public record Recovered(
    MatchRecord match, Optional<Snapshot> snapshot, List<Entry> journal, List<String> problems) {
  public Recovered {
    Objects.requireNonNull(match, "match");
    Objects.requireNonNull(snapshot, "snapshot");
    journal = List.copyOf(journal);
    problems = List.copyOf(problems);
    long expected = snapshot.map(Snapshot::version).orElse(0L) + 1;
    for (Entry entry : journal) {
      if (entry.version() != expected) {
        throw new IllegalArgumentException(
            "journal must continue at version %d, not %d".formatted(expected, entry.version()));
      }
      expected++;
    }
  }

  /** The version the match recovers to: its last record's, or the snapshot's, or 0. */
  public long version() {
    if (!journal.isEmpty()) {
      return journal.get(journal.size() - 1).version();
    }
    return snapshot.map(Snapshot::version).orElse(0L);
  }

  /**
   * A match's state after the record of {@code version}.
   *
   * @param state the bytes given to {@link MatchStore#snapshot}; not copied
   */
  public record Snapshot(long version, byte[] state) {
    public Snapshot {
      requireVersion(version);
      Objects.requireNonNull(state, "state");
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Snapshot s && version == s.version && Arrays.equals(state, s.state);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(version) * 31 + Arrays.hashCode(state);
    }

    @Override
    public String toString() {
      return "Snapshot[version=%d, %d bytes]".formatted(version, state.length);
    }
  }

  /**
   * One journal record.
   *
   * @param data the bytes given to {@link MatchStore#append}; not copied
   */
  public record Entry(long version, byte[] data) {
    public Entry {
      requireVersion(version);
      Objects.requireNonNull(data, "data");
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Entry e && version == e.version && Arrays.equals(data, e.data);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(version) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
      return "Entry[version=%d, %d bytes]".formatted(version, data.length);
    }
  }

  static void requireVersion(long version) {
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1, not " + version);
    }
  }
}
