package org.concert.server.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Objects;

/**
 * A match as the store keeps it: what the lobby needs to list it and to start it again.
 *
 * @param matchId the match's id, unique in the store
 * @param joinCode the short code players type to join
 * @param createdAt when the match was created; kept to the millisecond, so the constructor
 *     truncates it
 * @param config the serialized {@code concert.v1.MatchConfig}; the store does not read it. The
 *     array is not copied: do not change it afterwards
 * @param title the match's title as the instructor gave it (may be empty)
 */
public record MatchRecord(
    String matchId, String joinCode, Instant createdAt, byte[] config, String title) {
  public MatchRecord {
    requireId(matchId, "match id");
    requireId(joinCode, "join code");
    createdAt = Objects.requireNonNull(createdAt, "createdAt").truncatedTo(ChronoUnit.MILLIS);
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(title, "title");
  }

  static void requireId(String id, String what) {
    Objects.requireNonNull(id, what);
    if (id.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MatchRecord m
        && matchId.equals(m.matchId)
        && joinCode.equals(m.joinCode)
        && createdAt.equals(m.createdAt)
        && Arrays.equals(config, m.config)
        && title.equals(m.title);
  }

  @Override
  public int hashCode() {
    return Objects.hash(matchId, joinCode, createdAt, Arrays.hashCode(config), title);
  }

  @Override
  public String toString() {
    return "MatchRecord[matchId=%s, joinCode=%s, createdAt=%s, config=%d bytes, title=%s]"
        .formatted(matchId, joinCode, createdAt, config.length, title);
  }
}
