package org.concert.arena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.concert.maps.Scenarios;
import org.concert.protocol.v1.RulesConfig;
import org.junit.jupiter.api.Test;

class TournamentTest {
  static Tournament.Config config(String bots, int games, int threads) {
    return new Tournament.Config(Scenarios.load("symmetric-4"),
        RulesConfig.newBuilder().setTurns(10).build(), BotSpec.parseList(bots), games, 11,
        threads, new HeadlessMatch.Options(2, Duration.ofSeconds(5), false));
  }

  @Test
  void run_resultsDoNotDependOnTheThreadCount() {
    var one = Tournament.run(config("hawk,defensive,random,balancer", 16, 1), null);
    var two = Tournament.run(config("hawk,defensive,random,balancer", 16, 2), null);
    assertEquals(one.bots(), two.bots());
    assertEquals(one.seats(), two.seats());
    for (int g = 0; g < 16; g++) {
      assertEquals(one.games().get(g).scores(), two.games().get(g).scores(), "game " + g);
    }
  }

  @Test
  void run_rotatesEveryBotThroughEverySeat() {
    var r = Tournament.run(config("hawk,defensive,random,balancer", 8, 2), null);
    for (int seat = 0; seat < 4; seat++) {
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (var g : r.games()) {
        seen.add(g.bots().get(seat));
      }
      assertEquals(4, seen.size(), "bots in seat " + seat + ": " + seen);
    }
    assertEquals(r.games().get(0).seed(), r.games().get(3).seed(), "a rotation shares a seed");
  }

  @Test
  void ratings_aStrategyBeatsTheRandomBaseline() {
    var r = Tournament.run(config("defensive,random", 40, 2), null);
    var top = r.bots().get(0);
    assertEquals("defensive", top.bot(), "ratings: " + r.bots());
    assertTrue(top.meanScore() > r.bots().get(1).meanScore());
    assertTrue(top.low() < top.mu() && top.mu() < top.high());
  }

  @Test
  void config_badNumbers_areRefusedWithTheFlagName() {
    var e = assertThrows(IllegalArgumentException.class, () -> config("hawk", 0, 1));
    assertTrue(e.getMessage().contains("--games"));
  }
}
