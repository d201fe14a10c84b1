package org.concert.arena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.concert.bots.Atlas;
import org.concert.bots.Bot;
import org.concert.bots.Decision;
import org.concert.bots.Situation;
import org.concert.engine.Replay;
import org.concert.maps.Scenarios;
import org.concert.protocol.v1.RulesConfig;
import org.concert.protocol.v1.Scenario;
import org.junit.jupiter.api.Test;

class HeadlessMatchTest {
  static final Scenario VIENNA = Scenarios.load("vienna-1815");
  static final Atlas ATLAS = Atlas.of(VIENNA);

  static HeadlessMatch.Result play(String bots, long seed, HeadlessMatch.Options options) {
    return HeadlessMatch.play(VIENNA, ATLAS, RulesConfig.getDefaultInstance(), seed,
        BotSpec.parseList(bots), options, null);
  }

  @Test
  void play_referenceBots_finishAndReplayToTheSameHash() throws Exception {
    var result = play("balancer,hawk,defensive,bandwagoner,concert", 7,
        HeadlessMatch.Options.defaults());
    assertTrue(result.state().finished());
    var replay = Replay.run(result.journal(), Scenarios::load);
    assertEquals(result.state().hash(), replay.state().hash());
    for (var seat : result.seats()) {
      assertEquals(0, seat.failures(), "failures of " + seat);
      assertEquals(0, seat.refusedOrders(), "refused orders of " + seat);
    }
  }

  @Test
  void play_sameSeed_sameMatch() {
    var a = play("random,random,hawk,balancer,buckpasser", 3, HeadlessMatch.Options.defaults());
    var b = play("random,random,hawk,balancer,buckpasser", 3, HeadlessMatch.Options.defaults());
    assertEquals(a.state().hash(), b.state().hash());
    assertEquals(a.journal(), b.journal());
  }

  /** Throws every time. */
  public static final class Thrower implements Bot {
    @Override
    public Decision decide(Situation s) {
      throw new IllegalStateException("boom");
    }
  }

  /** Never returns. */
  public static final class Sleeper implements Bot {
    @Override
    public Decision decide(Situation s) {
      while (true) {
        try {
          Thread.sleep(10_000);
        } catch (InterruptedException e) {
          // ignore interruption on purpose: a badly written bot
        }
      }
    }
  }

  @Test
  void play_botsThatThrowOrHang_areCountedAndTheMatchGoesOn() {
    var options = new HeadlessMatch.Options(1, Duration.ofMillis(50), true);
    var result = HeadlessMatch.play(VIENNA, ATLAS,
        RulesConfig.newBuilder().setTurns(3).build(), 1,
        BotSpec.parseList("class:" + Thrower.class.getName() + ",class:"
            + Sleeper.class.getName() + ",hawk,defensive,random"), options, null);
    assertTrue(result.state().finished());
    List<HeadlessMatch.Seat> seats = result.seats();
    assertEquals(3, seats.get(0).threw(), "one failed decision a turn");
    assertEquals(3, seats.get(1).timedOut());
    assertEquals(0, seats.get(2).failures());
    assertFalse(result.journal().getEntriesList().stream().anyMatch(
        e -> e.hasOrders() && List.of("GBR", "FRA").contains(e.getOrders().getPower())));
  }
}
