package org.concert.server;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.concert.server.store.MatchRecord;
import org.concert.server.store.MatchStore;

/**
 * The ledger of the matches over the server's store. A snapshot of the state is kept after
 * every resolved turn (for exports and audits); recovery replays a match's journal from its
 * first record, because the journal also rebuilds seats, readiness and the event numbering,
 * which a state snapshot does not hold.
 */
final class StoreLedger implements Ledger {
  private final MatchStore store;

  StoreLedger(MatchStore store) {
    this.store = store;
  }

  @Override
  public CompletableFuture<Void> append(String matchId, long version, byte[] record) {
    return store.append(matchId, version, record);
  }

  @Override
  public void snapshot(String matchId, long version, byte[] state) {
    store.snapshot(matchId, version, state);
  }

  @Override
  public void created(String matchId, String code, byte[] config, String title) {
    store.create(new MatchRecord(matchId, code, Instant.now(), config, title));
  }

  @Override
  public void finished(String matchId) {
    store.finish(matchId);
  }
}
