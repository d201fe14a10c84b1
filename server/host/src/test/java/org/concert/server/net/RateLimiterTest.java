package org.concert.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.concert.server.net.RateLimiter.Verdict;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private final FakeTicker ticker = new FakeTicker();

  @Test
  void acquire_withinTheBurst_accepts_thenRefuses() {
    RateLimiter limiter = new RateLimiter(2, 3, ticker);

    assertEquals(Verdict.ACCEPT, limiter.acquire());
    assertEquals(Verdict.ACCEPT, limiter.acquire());
    assertEquals(Verdict.ACCEPT, limiter.acquire());
    assertEquals(Verdict.REFUSE, limiter.acquire());
  }

  @Test
  void acquire_afterTime_refillsAtTheRate_upToTheBurst() {
    RateLimiter limiter = new RateLimiter(2, 3, ticker);
    for (int i = 0; i < 3; i++) {
      limiter.acquire();
    }

    ticker.advance(Duration.ofMillis(500)); // one token at 2 per second
    assertEquals(Verdict.ACCEPT, limiter.acquire());
    assertEquals(Verdict.REFUSE, limiter.acquire());

    ticker.advance(Duration.ofHours(1)); // never more than the burst
    for (int i = 0; i < 3; i++) {
      assertEquals(Verdict.ACCEPT, limiter.acquire());
    }
    assertEquals(Verdict.REFUSE, limiter.acquire());
  }

  @Test
  void acquire_refusedMoreThanTheBurstInOneStreak_closes() {
    RateLimiter limiter = new RateLimiter(1, 2, ticker);
    limiter.acquire();
    limiter.acquire();

    assertEquals(Verdict.REFUSE, limiter.acquire());
    assertEquals(Verdict.REFUSE, limiter.acquire());
    assertEquals(Verdict.CLOSE, limiter.acquire());
  }

  @Test
  void acquire_steadilyOverTheRate_keepsTheStreakAndCloses() {
    RateLimiter limiter = new RateLimiter(10, 2, ticker);
    int refused = 0;
    Verdict verdict = Verdict.ACCEPT;
    for (int i = 0; i < 100 && verdict != Verdict.CLOSE; i++) {
      ticker.advance(Duration.ofMillis(50)); // twice the allowed rate
      verdict = limiter.acquire();
      if (verdict == Verdict.REFUSE) {
        refused++;
      }
    }
    assertEquals(Verdict.CLOSE, verdict);
    assertEquals(2, refused);
  }

  @Test
  void acquire_afterAQuietSecond_forgetsTheStreak() {
    RateLimiter limiter = new RateLimiter(1, 2, ticker);
    limiter.acquire();
    limiter.acquire();
    limiter.acquire(); // refused: streak 1
    limiter.acquire(); // refused: streak 2

    ticker.advance(Duration.ofMillis(1_000)); // one token back, and a quiet second
    assertEquals(Verdict.ACCEPT, limiter.acquire());
    assertEquals(Verdict.REFUSE, limiter.acquire());
    assertEquals(Verdict.REFUSE, limiter.acquire());
    assertEquals(Verdict.CLOSE, limiter.acquire());
  }

  @Test
  void acquire_withRateZero_neverLimits() {
    RateLimiter limiter = new RateLimiter(0, 1, ticker);
    for (int i = 0; i < 10_000; i++) {
      assertEquals(Verdict.ACCEPT, limiter.acquire());
    }
  }

  @Test
  void constructor_rejectsANegativeRateOrAnEmptyBurst() {
    assertThrows(IllegalArgumentException.class, () -> new RateLimiter(-1, 1, ticker));
    assertThrows(IllegalArgumentException.class, () -> new RateLimiter(1, 0, ticker));
  }
}
