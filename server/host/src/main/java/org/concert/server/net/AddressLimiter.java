package org.concert.server.net;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.ConcurrentMap;

/**
 * Counts open connections per remote address, across both ports, and refuses one over the bound.
 * An address's entry lives exactly as long as it holds a connection, so the map is bounded by the
 * open connections. Thread-safe: every event loop acquires and releases here.
 */
final class AddressLimiter {

  private final int max;
  private final ConcurrentMap<String, Integer> open = Caffeine.newBuilder().<String, Integer>build().asMap();

  /** @param max connections per address; 0 means no limit */
  AddressLimiter(int max) {
    if (max < 0) {
      throw new IllegalArgumentException("connections per address must not be negative, was " + max);
    }
    this.max = max;
  }

  /** Takes a place for the address, or says no when it holds as many as it may. */
  boolean tryAcquire(String address) {
    boolean[] granted = {false};
    open.compute(address, (key, count) -> {
      int now = count == null ? 0 : count;
      if (max > 0 && now >= max) {
        return count;
      }
      granted[0] = true;
      return now + 1;
    });
    return granted[0];
  }

  /** Gives back a place taken by {@link #tryAcquire}. */
  void release(String address) {
    open.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
  }

  /** Connections the address holds now. */
  int count(String address) {
    return open.getOrDefault(address, 0);
  }
}
