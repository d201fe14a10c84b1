package org.concert.arena;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * One daemon thread that watches every running match's bot call. Bot code runs on the match's
 * own thread with no hand-off (a call costs two clock reads and a compare-and-set); when a call
 * outlives its budget the watchdog takes the match over: the call is counted as timed out and
 * a fresh thread carries the match on, while the thread stuck in the bot is abandoned.
 */
final class Watchdog {
  /** How often running calls are checked. */
  static final long TICK_NANOS = 2_000_000L;

  private static final Set<HeadlessMatch.Match> ACTIVE = ConcurrentHashMap.newKeySet();
  private static Thread thread;

  private Watchdog() {}

  static synchronized void watch(HeadlessMatch.Match match) {
    ACTIVE.add(match);
    if (thread == null) {
      thread = new Thread(Watchdog::loop, "concert-watchdog");
      thread.setDaemon(true);
      thread.start();
    }
  }

  static void forget(HeadlessMatch.Match match) {
    ACTIVE.remove(match);
  }

  private static void loop() {
    while (true) {
      LockSupport.parkNanos(TICK_NANOS);
      long now = System.nanoTime();
      for (HeadlessMatch.Match m : ACTIVE) {
        m.checkOverdue(now);
      }
    }
  }
}
