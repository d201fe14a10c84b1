package org.concert.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The group commit: one thread and one connection that write every queued journal record and
 * snapshot, from all matches, in one transaction, commit it, and only then complete the writes'
 * futures. While a transaction commits, new writes queue up and go into the next one, so the
 * busier the server, the more records share a commit.
 *
 * <p>The first failed transaction stops the writer for good: its writes, and every write queued
 * or submitted after it, fail. Nothing after a lost record is ever acknowledged.
 */
final class JournalWriter {
  private static final Logger LOG = LogManager.getLogger(JournalWriter.class);

  /** The most writes in one transaction; a longer queue is committed in several. */
  static final int MAX_TRANSACTION = 8192;

  private static final String INSERT_RECORD =
      "INSERT INTO concert_journal (match_id, version, checksum, data) VALUES (?, ?, ?, ?)"
          + " ON CONFLICT (match_id, version) DO NOTHING";
  private static final String UPSERT_SNAPSHOT =
      "INSERT INTO concert_snapshot (match_id, version, checksum, state) VALUES (?, ?, ?, ?)"
          + " ON CONFLICT (match_id, version)"
          + " DO UPDATE SET checksum = excluded.checksum, state = excluded.state";
  private static final String DELETE_OLDER_SNAPSHOTS =
      "DELETE FROM concert_snapshot WHERE match_id = ? AND version < ?";

  /** A write waiting for the writer thread. */
  sealed interface Write {
    CompletableFuture<Void> done();
  }

  record Append(String matchId, long version, long checksum, byte[] data,
      CompletableFuture<Void> done) implements Write {}

  record Snapshot(String matchId, long version, long checksum, byte[] state,
      CompletableFuture<Void> done) implements Write {}

  private final Connection connection;
  private final PreparedStatement insertRecord;
  private final PreparedStatement upsertSnapshot;
  private final PreparedStatement deleteOlderSnapshots;
  private final Thread thread;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition queued = lock.newCondition();
  /** Guarded by {@link #lock}. */
  private ArrayList<Write> pending = new ArrayList<>();
  /** Guarded by {@link #lock}. */
  private boolean closing;
  /** Guarded by {@link #lock}; set once, when a transaction fails. */
  private StoreException failure;

  // Written by the writer thread only.
  private volatile long transactions;
  private volatile long records;
  private volatile long snapshots;

  /**
   * Starts the writer on a connection of its own, which it closes when it is closed.
   *
   * @param name what the writer writes to, for its thread's name and logs
   */
  JournalWriter(Connection connection, String name) throws SQLException {
    this.connection = connection;
    connection.setAutoCommit(false);
    this.insertRecord = connection.prepareStatement(INSERT_RECORD);
    this.upsertSnapshot = connection.prepareStatement(UPSERT_SNAPSHOT);
    this.deleteOlderSnapshots = connection.prepareStatement(DELETE_OLDER_SNAPSHOTS);
    this.thread = new Thread(this::run, "concert-journal " + name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues a write; its future completes once it is committed, or fails. */
  CompletableFuture<Void> submit(Write write) {
    StoreException refusal;
    lock.lock();
    try {
      refusal = failure != null
          ? failure
          : closing ? new StoreException("the store is closed") : null;
      if (refusal == null) {
        pending.add(write);
        if (pending.size() == 1) {
          queued.signal();
        }
      }
    } finally {
      lock.unlock();
    }
    if (refusal != null) {
      write.done().completeExceptionally(refusal);
    }
    return write.done();
  }

  MatchStore.WriteStats stats() {
    return new MatchStore.WriteStats(transactions, records, snapshots);
  }

  /** Commits everything queued, stops the thread and closes the connection. */
  void close() {
    if (Thread.currentThread() == thread) {
      throw new IllegalStateException(
          "close() from a write's callback would wait for itself; close from another thread");
    }
    lock.lock();
    try {
      closing = true;
      queued.signal();
    } finally {
      lock.unlock();
    }
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    try {
      connection.close();
    } catch (SQLException e) {
      throw new StoreException("could not close the journal's connection: " + e.getMessage(), e);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    List<Write> batch;
    while ((batch = takeAll()) != null) {
      for (int from = 0; from < batch.size(); from += MAX_TRANSACTION) {
        List<Write> group = batch.subList(from, Math.min(batch.size(), from + MAX_TRANSACTION));
        try {
          commit(group);
        } catch (SQLException | RuntimeException e) {
          stop(e, batch.subList(from, batch.size()));
          return;
        }
      }
    }
  }

  /** Waits for writes and takes them all; null once closing with nothing left. */
  private List<Write> takeAll() {
    lock.lock();
    try {
      while (pending.isEmpty() && !closing) {
        queued.awaitUninterruptibly();
      }
      if (pending.isEmpty()) {
        return null;
      }
      List<Write> all = pending;
      pending = new ArrayList<>(Math.min(all.size() * 2, MAX_TRANSACTION));
      return all;
    } finally {
      lock.unlock();
    }
  }

  private void commit(List<Write> group) throws SQLException {
    int appends = 0;
    int snapshotCount = 0;
    for (Write write : group) {
      if (write instanceof Append append) {
        insertRecord.setString(1, append.matchId());
        insertRecord.setLong(2, append.version());
        insertRecord.setLong(3, append.checksum());
        insertRecord.setBytes(4, append.data());
        insertRecord.addBatch();
        appends++;
      } else if (write instanceof Snapshot snapshot) {
        upsertSnapshot.setString(1, snapshot.matchId());
        upsertSnapshot.setLong(2, snapshot.version());
        upsertSnapshot.setLong(3, snapshot.checksum());
        upsertSnapshot.setBytes(4, snapshot.state());
        upsertSnapshot.addBatch();
        deleteOlderSnapshots.setString(1, snapshot.matchId());
        deleteOlderSnapshots.setLong(2, snapshot.version());
        deleteOlderSnapshots.addBatch();
        snapshotCount++;
      }
    }
    int[] inserted = appends == 0 ? new int[0] : insertRecord.executeBatch();
    if (snapshotCount > 0) {
      upsertSnapshot.executeBatch();
      deleteOlderSnapshots.executeBatch();
    }
    if (inserted.length != appends) {
      throw new SQLException(
          "the driver reported %d results for %d journal records"
              .formatted(inserted.length, appends));
    }
    connection.commit();

    int duplicates = 0;
    for (int count : inserted) {
      duplicates += count == 0 ? 1 : 0;
    }
    // Counted before the futures complete, so that whoever waits on them sees the counts.
    transactions++;
    records += appends - duplicates;
    snapshots += snapshotCount;
    int next = 0;
    for (Write write : group) {
      if (write instanceof Append append && inserted[next++] == 0) {
        // ON CONFLICT DO NOTHING: the version was taken, by an earlier record or another host.
        append.done().completeExceptionally(new StoreException(
            "match '%s' already has a journal record at version %d"
                .formatted(append.matchId(), append.version())));
      } else {
        write.done().complete(null);
      }
    }
  }

  /** After a failed transaction: fails it, everything queued, and everything to come. */
  private void stop(Exception cause, List<Write> unwritten) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
    StoreException failed = new StoreException(
        "a journal transaction failed, so the store accepts no more writes: " + cause.getMessage(),
        cause);
    LOG.error("Journal transaction of {} writes failed; no more writes are accepted",
        unwritten.size(), cause);
    List<Write> stranded;
    lock.lock();
    try {
      failure = failed;
      stranded = pending;
      pending = new ArrayList<>();
    } finally {
      lock.unlock();
    }
    unwritten.forEach(write -> write.done().completeExceptionally(failed));
    stranded.forEach(write -> write.done().completeExceptionally(failed));
  }
}
