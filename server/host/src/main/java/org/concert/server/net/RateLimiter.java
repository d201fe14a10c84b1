package org.concert.server.net;

import com.github.benmanes.caffeine.cache.Ticker;
import java.util.concurrent.TimeUnit;

/**
 * One connection's command rate: a token bucket of {@code burst} tokens refilled at {@code
 * perSecond}. Each received frame takes a token. Without one, the frame is {@linkplain
 * Verdict#REFUSE refused} (the client is told to slow down); once more than {@code burst} frames
 * have been refused in one streak, the connection is {@linkplain Verdict#CLOSE closed}. A streak
 * ends after a second without refusals, so a short spike costs some refusals and nothing more.
 *
 * <p>Not thread-safe: it belongs to one channel and is used on its event loop.
 */
final class RateLimiter {

  /** What to do with one received frame. */
  enum Verdict { ACCEPT, REFUSE, CLOSE }

  private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final double tokensPerNano;
  private final int burst;
  private final Ticker ticker;
  private double tokens;
  private long refilledAt;
  private int refusals;
  private long lastRefusalAt;

  /** @param perSecond the steady rate; 0 means no limit */
  RateLimiter(double perSecond, int burst, Ticker ticker) {
    if (perSecond < 0 || burst < 1) {
      throw new IllegalArgumentException(
          "rate must be >= 0 and burst >= 1, were " + perSecond + " and " + burst);
    }
    this.tokensPerNano = perSecond / TimeUnit.SECONDS.toNanos(1);
    this.burst = burst;
    this.ticker = ticker;
    this.tokens = burst;
    this.refilledAt = ticker.read();
  }

  Verdict acquire() {
    if (tokensPerNano == 0) {
      return Verdict.ACCEPT;
    }
    long now = ticker.read();
    tokens = Math.min(burst, tokens + (now - refilledAt) * tokensPerNano);
    refilledAt = now;
    if (refusals > 0 && now - lastRefusalAt >= QUIET_NANOS) {
      refusals = 0;
    }
    if (tokens >= 1) {
      tokens -= 1;
      return Verdict.ACCEPT;
    }
    refusals++;
    lastRefusalAt = now;
    return refusals > burst ? Verdict.CLOSE : Verdict.REFUSE;
  }
}
