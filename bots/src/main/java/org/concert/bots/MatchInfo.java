package org.concert.bots;

import java.util.List;
import org.concert.protocol.v1.RulesConfig;

/** What a bot is told when a match starts. */
public record MatchInfo(String matchId, String scenarioId, String power, List<String> powers,
    RulesConfig rules, Atlas atlas) {
  public MatchInfo {
    powers = List.copyOf(powers);
  }
}
