package org.concert.bots;

import java.util.List;
import org.concert.protocol.v1.EndReason;
import org.concert.protocol.v1.Score;

/** How a match ended, told to every bot. */
public record MatchOutcome(EndReason reason, String winner, List<Score> scores, int turns) {
  public MatchOutcome {
    scores = List.copyOf(scores);
  }

  /** The score of one power. */
  public Score scoreOf(String power) {
    return scores.stream().filter(s -> s.getPower().equals(power)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no power " + power));
  }
}
