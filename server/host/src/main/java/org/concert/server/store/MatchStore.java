package org.concert.server.store;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where the server keeps its matches: each match's record, its journal of accepted commands, its
 * latest snapshot, the lease that says which host runs it, and a little server metadata.
 *
 * <p><b>Durability.</b> {@link #append} and {@link #snapshot} return futures that complete only
 * once the write is committed durably (SQLite with {@code synchronous=FULL}; PostgreSQL with
 * {@code synchronous_commit=on}). One writer thread commits everything queued, from all matches,
 * in one transaction and then completes the futures of that transaction (group commit). If a
 * transaction fails, its futures and every write queued or submitted after it complete
 * exceptionally with a {@link StoreException}: the store acknowledges nothing more, so that no
 * acknowledged record can follow one that was lost. The server should then stop, and recover.
 *
 * <p><b>Threads.</b> Every method is safe to call from any thread. The futures complete on the
 * writer thread: attach only quick callbacks, or hand the work to the match's executor with
 * {@code thenRunAsync}. The other methods block until the database answers.
 *
 * <p><b>Versions.</b> A match's journal records have versions 1, 2, 3, ... with no gap; a
 * snapshot at version {@code v} is the state after record {@code v}. Append a match's records in
 * version order from one thread (the match's actor) so that they are queued in that order.
 *
 * <p>Everything else failing in the database throws {@link StoreException}.
 */
public interface MatchStore extends AutoCloseable {

  /**
   * Opens the store {@code concert serve} was given.
   *
   * @param jdbcUrlOrNull {@code --db}: a PostgreSQL JDBC URL such as {@code
   *     jdbc:postgresql://host:5432/concert?user=concert&password=...}, or null (or blank) for the
   *     embedded SQLite store
   * @param dataDir {@code --data}: the folder of the SQLite database file ({@code concert.db}),
   *     created if missing; unused with PostgreSQL
   * @throws IllegalArgumentException if the URL is neither null nor a PostgreSQL URL
   * @throws StoreException if the database cannot be opened, is already used by another server
   *     (SQLite), or has a schema newer than this server's
   */
  static MatchStore open(String jdbcUrlOrNull, Path dataDir) {
    return open(jdbcUrlOrNull, dataDir, InstantSource.system());
  }

  /** As {@link #open(String, Path)}, with the clock that lease expiries are measured by. */
  static MatchStore open(String jdbcUrlOrNull, Path dataDir, InstantSource clock) {
    if (jdbcUrlOrNull == null || jdbcUrlOrNull.isBlank()) {
      return SqliteStore.open(dataDir, clock);
    }
    if (jdbcUrlOrNull.startsWith(PostgresStore.URL_PREFIX)) {
      return PostgresStore.open(jdbcUrlOrNull, clock);
    }
    throw new IllegalArgumentException(
        ("--db must be a PostgreSQL JDBC URL starting with %s"
                + " (or be left out for SQLite in the data folder), not '%s'")
            .formatted(PostgresStore.URL_PREFIX, JdbcStore.withoutQuery(jdbcUrlOrNull)));
  }

  // --- matches ---

  /**
   * Stores a new match, durably.
   *
   * @throws StoreException if a match with that id already exists
   */
  void create(MatchRecord match);

  /**
   * Marks a match finished, durably: it is no longer in {@link #unfinished()}, but its journal
   * stays for replays. Finishing a finished match changes nothing.
   *
   * @throws StoreException if there is no such match
   */
  void finish(String matchId);

  /** The matches not finished, oldest first: those a host recovers when it starts. */
  List<MatchRecord> unfinished();

  // --- journal and snapshots ---

  /**
   * Appends one record to a match's journal.
   *
   * <p>The store computes the record's checksum and queues it for the writer thread. The returned
   * future completes once the record is committed durably; it completes exceptionally with a
   * {@link StoreException} if the match already has a record at that version (the others of the
   * transaction are still committed), if the transaction fails, or if the store is closed. The
   * store does not check that the match was {@linkplain #create created}.
   *
   * @param entry the record's bytes; not copied, so do not change them afterwards
   * @throws IllegalArgumentException if {@code version < 1}
   */
  CompletableFuture<Void> append(String matchId, long version, byte[] entry);

  /**
   * Keeps a match's state after the record of {@code version}, replacing older snapshots. Queued
   * and committed like {@link #append}, and in order with the appends submitted before it.
   *
   * @param state the state's bytes; not copied, so do not change them afterwards
   * @throws IllegalArgumentException if {@code version < 1}
   */
  CompletableFuture<Void> snapshot(String matchId, long version, byte[] state);

  /**
   * Reads a match back for recovery or replay: its latest whole snapshot and the whole,
   * consecutive journal records after it. Damaged data shortens the result and is described in
   * {@link Recovered#problems()}; it never throws. Only committed writes are read.
   *
   * @throws StoreException if there is no such match, or the database fails
   */
  Recovered load(String matchId);

  /**
   * Reads a match's whole journal from version 1, passing over its snapshots: for replays, and to
   * check that a snapshot matches the state its journal gives. Damage is handled as by {@link
   * #load}; the result has no snapshot.
   *
   * @throws StoreException if there is no such match, or the database fails
   */
  Recovered replay(String matchId);

  // --- leases ---

  /**
   * Takes a match for {@code hostId} for {@code ttl} from now, if no other host holds a lease on
   * it that has not expired. A host that already holds the lease extends it.
   *
   * @return whether {@code hostId} now holds the lease
   */
  boolean acquireLease(String matchId, String hostId, Duration ttl);

  /**
   * Extends {@code hostId}'s lease on a match to {@code ttl} from now.
   *
   * @return false if the lease has expired or belongs to another host: {@code hostId} must stop
   *     running the match (it may try {@link #acquireLease} again)
   */
  boolean renewLease(String matchId, String hostId, Duration ttl);

  /** Gives up {@code hostId}'s lease on a match; does nothing if another host holds it. */
  void releaseLease(String matchId, String hostId);

  // --- server metadata ---

  /**
   * Stores a value under a key, durably, replacing any. For secrets store only their hashes: the
   * store keeps values as given.
   */
  void put(String key, byte[] value);

  /** The value stored under a key, if any. */
  Optional<byte[]> get(String key);

  // --- the rest ---

  /** Counts of the writer thread's work since the store was opened, for metrics and tests. */
  WriteStats writeStats();

  /**
   * Waits for every queued append and snapshot to be committed (or failed), then closes the
   * database. Writes submitted afterwards fail. Must not be called from a write's callback.
   */
  @Override
  void close();

  /**
   * What the writer thread has committed since the store was opened.
   *
   * @param transactions committed transactions (each a group of writes)
   * @param records journal records committed
   * @param snapshots snapshots committed
   */
  record WriteStats(long transactions, long records, long snapshots) {
    /** Records per transaction, on average (0 before the first transaction). */
    public double recordsPerTransaction() {
      return transactions == 0 ? 0 : (double) records / transactions;
    }
  }
}
