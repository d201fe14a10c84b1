package org.concert.server;

import java.util.concurrent.CompletableFuture;

/**
 * Where a match's accepted commands are written before they are acknowledged. The server's
 * store implements it; tests use an in-memory one.
 */
public interface Ledger {
  /**
   * Completes when the record is durable. A match's records are numbered 1, 2, 3... in the
   * order they are appended (the event version inside a record may skip numbers: the messages
   * a record caused take the versions between).
   */
  CompletableFuture<Void> append(String matchId, long sequence, byte[] record);

  /** Keeps the state after a resolved turn, so recovery need not replay from the start. */
  void snapshot(String matchId, long version, byte[] state);

  /** A match was created (before its first record). */
  default void created(String matchId, String code, byte[] config, String title) {}

  /** A match is over: it will not be recovered again. */
  default void finished(String matchId) {}
}
