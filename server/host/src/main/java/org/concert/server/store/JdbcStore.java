package org.concert.server.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The store over JDBC, in SQL that SQLite and PostgreSQL both speak; the subclasses open the
 * connections and name the column types. Two connections: the {@link JournalWriter}'s for appends
 * and snapshots, and one shared, under a lock, by everything else.
 */
abstract class JdbcStore implements MatchStore {
  private static final Logger LOG = LogManager.getLogger(JdbcStore.class);

  /** The schema this code reads and writes; stored in {@code concert_schema}. */
  static final int SCHEMA_VERSION = 1;

  private final Connection connection;
  private final ReentrantLock lock = new ReentrantLock();
  private final JournalWriter journal;
  private final InstantSource clock;
  private final String name;
  /** Guarded by {@link #lock}. */
  private boolean closed;

  /**
   * @param connection for everything but the journal; in auto-commit mode, schema in place
   * @param journalConnection the journal writer's own
   * @param name what the store is, for logs and messages (no password)
   */
  JdbcStore(Connection connection, Connection journalConnection, InstantSource clock, String name)
      throws SQLException {
    this.connection = connection;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.name = name;
    this.journal = new JournalWriter(journalConnection, name);
    LOG.info("Opened the match store at {}", name);
  }

  /**
   * The tables, with the dialect's type for byte strings and the clause that makes a table
   * clustered on its primary key (empty where tables are heaps anyway).
   */
  static List<String> schema(String bytes, String clustered) {
    return List.of(
        """
        CREATE TABLE IF NOT EXISTS concert_schema (
          version INTEGER NOT NULL)""",
        """
        CREATE TABLE IF NOT EXISTS concert_match (
          match_id TEXT PRIMARY KEY,
          join_code TEXT NOT NULL,
          created_at BIGINT NOT NULL,
          title TEXT NOT NULL,
          config %s NOT NULL,
          finished_at BIGINT)""".formatted(bytes),
        """
        CREATE INDEX IF NOT EXISTS concert_match_unfinished
          ON concert_match (created_at) WHERE finished_at IS NULL""",
        """
        CREATE TABLE IF NOT EXISTS concert_journal (
          match_id TEXT NOT NULL,
          version BIGINT NOT NULL,
          checksum BIGINT NOT NULL,
          data %s NOT NULL,
          PRIMARY KEY (match_id, version))%s""".formatted(bytes, clustered),
        """
        CREATE TABLE IF NOT EXISTS concert_snapshot (
          match_id TEXT NOT NULL,
          version BIGINT NOT NULL,
          checksum BIGINT NOT NULL,
          state %s NOT NULL,
          PRIMARY KEY (match_id, version))%s""".formatted(bytes, clustered),
        """
        CREATE TABLE IF NOT EXISTS concert_lease (
          match_id TEXT PRIMARY KEY,
          host_id TEXT NOT NULL,
          expires_at BIGINT NOT NULL)""",
        """
        CREATE TABLE IF NOT EXISTS concert_metadata (
          name TEXT PRIMARY KEY,
          content %s NOT NULL)""".formatted(bytes));
  }

  /**
   * Creates the tables if missing and checks the schema version, in one transaction on a
   * connection in auto-commit mode, which it leaves in auto-commit mode.
   *
   * @param lockStatement run first in the transaction to keep other hosts out, or null
   */
  static void prepareSchema(Connection connection, List<String> schema, String lockStatement)
      throws SQLException {
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      if (lockStatement != null) {
        statement.execute(lockStatement);
      }
      for (String sql : schema) {
        statement.execute(sql);
      }
      try (ResultSet rs = statement.executeQuery("SELECT MAX(version) FROM concert_schema")) {
        rs.next();
        int found = rs.getInt(1);
        if (rs.wasNull()) {
          statement.executeUpdate(
              "INSERT INTO concert_schema (version) VALUES (" + SCHEMA_VERSION + ")");
        } else if (found > SCHEMA_VERSION) {
          throw new StoreException(
              "the database has schema version %d, newer than this server's %d: upgrade the server"
                  .formatted(found, SCHEMA_VERSION));
        }
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  /** A JDBC URL without its query, where passwords usually are. */
  static String withoutQuery(String url) {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query);
  }

  /** The CRC32C of a match id (UTF-8), a version (8 bytes, big-endian) and a record's bytes. */
  static long checksum(String matchId, long version, byte[] data) {
    CRC32C crc = new CRC32C();
    crc.update(matchId.getBytes(StandardCharsets.UTF_8));
    crc.update(ByteBuffer.allocate(Long.BYTES).putLong(0, version));
    crc.update(data);
    return crc.getValue();
  }

  // --- matches ---

  @Override
  public void create(MatchRecord match) {
    Objects.requireNonNull(match, "match");
    withConnection("create match '" + match.matchId() + "'", c -> {
      if (exists(c, match.matchId())) {
        throw new StoreException("match '%s' already exists".formatted(match.matchId()));
      }
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO concert_match (match_id, join_code, created_at, title, config)"
              + " VALUES (?, ?, ?, ?, ?)")) {
        s.setString(1, match.matchId());
        s.setString(2, match.joinCode());
        s.setLong(3, match.createdAt().toEpochMilli());
        s.setString(4, match.title());
        s.setBytes(5, match.config());
        return s.executeUpdate();
      }
    });
  }

  @Override
  public void finish(String matchId) {
    MatchRecord.requireId(matchId, "match id");
    int changed = withConnection("finish match '" + matchId + "'", c -> {
      try (PreparedStatement s = c.prepareStatement(
          "UPDATE concert_match SET finished_at = COALESCE(finished_at, ?) WHERE match_id = ?")) {
        s.setLong(1, clock.millis());
        s.setString(2, matchId);
        return s.executeUpdate();
      }
    });
    if (changed == 0) {
      throw noSuchMatch(matchId);
    }
  }

  @Override
  public List<MatchRecord> unfinished() {
    return withConnection("list unfinished matches", c -> {
      try (PreparedStatement s = c.prepareStatement(
              "SELECT match_id, join_code, created_at, config, title FROM concert_match"
                  + " WHERE finished_at IS NULL ORDER BY created_at, match_id");
          ResultSet rs = s.executeQuery()) {
        List<MatchRecord> matches = new ArrayList<>();
        while (rs.next()) {
          matches.add(matchRecord(rs));
        }
        return List.copyOf(matches);
      }
    });
  }

  // --- journal and snapshots ---

  @Override
  public CompletableFuture<Void> append(String matchId, long version, byte[] entry) {
    MatchRecord.requireId(matchId, "match id");
    Recovered.requireVersion(version);
    Objects.requireNonNull(entry, "entry");
    return journal.submit(new JournalWriter.Append(
        matchId, version, checksum(matchId, version, entry), entry, new CompletableFuture<>()));
  }

  @Override
  public CompletableFuture<Void> snapshot(String matchId, long version, byte[] state) {
    MatchRecord.requireId(matchId, "match id");
    Recovered.requireVersion(version);
    Objects.requireNonNull(state, "state");
    return journal.submit(new JournalWriter.Snapshot(
        matchId, version, checksum(matchId, version, state), state, new CompletableFuture<>()));
  }

  @Override
  public Recovered load(String matchId) {
    return read(matchId, true);
  }

  @Override
  public Recovered replay(String matchId) {
    return read(matchId, false);
  }

  private Recovered read(String matchId, boolean fromSnapshot) {
    MatchRecord.requireId(matchId, "match id");
    return withConnection("load match '" + matchId + "'", c -> {
      MatchRecord match;
      try (PreparedStatement s = c.prepareStatement(
          "SELECT match_id, join_code, created_at, config, title FROM concert_match"
              + " WHERE match_id = ?")) {
        s.setString(1, matchId);
        try (ResultSet rs = s.executeQuery()) {
          if (!rs.next()) {
            throw noSuchMatch(matchId);
          }
          match = matchRecord(rs);
        }
      }
      List<String> problems = new ArrayList<>();
      Optional<Recovered.Snapshot> snapshot =
          fromSnapshot ? latestWholeSnapshot(c, matchId, problems) : Optional.empty();
      List<Recovered.Entry> journal = wholeJournal(
          c, matchId, snapshot.map(Recovered.Snapshot::version).orElse(0L), problems);
      return new Recovered(match, snapshot, journal, problems);
    });
  }

  private static Optional<Recovered.Snapshot> latestWholeSnapshot(
      Connection c, String matchId, List<String> problems) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT version, checksum, state FROM concert_snapshot WHERE match_id = ?"
            + " ORDER BY version DESC")) {
      s.setString(1, matchId);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          long version = rs.getLong(1);
          long stored = rs.getLong(2);
          byte[] state = rs.getBytes(3);
          long computed = state == null ? -1 : checksum(matchId, version, state);
          if (computed == stored) {
            return Optional.of(new Recovered.Snapshot(version, state));
          }
          problems.add(("match '%s': the snapshot at version %d fails its checksum"
              + " (stored %08x, computed %08x); it is ignored").formatted(
                  matchId, version, stored, computed));
        }
      }
    }
    return Optional.empty();
  }

  /** The consecutive, whole records after {@code base}; stops at the first that is not. */
  private static List<Recovered.Entry> wholeJournal(
      Connection c, String matchId, long base, List<String> problems) throws SQLException {
    List<Recovered.Entry> journal = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(
        "SELECT version, checksum, data FROM concert_journal WHERE match_id = ? AND version > ?"
            + " ORDER BY version")) {
      s.setString(1, matchId);
      s.setLong(2, base);
      try (ResultSet rs = s.executeQuery()) {
        long expected = base + 1;
        String damage = null;
        long ignored = 0;
        while (rs.next()) {
          if (damage != null) {
            ignored++;
            continue;
          }
          long version = rs.getLong(1);
          long stored = rs.getLong(2);
          byte[] data = rs.getBytes(3);
          long computed = data == null ? -1 : checksum(matchId, version, data);
          if (version != expected) {
            damage = "the journal skips from version %d to %d".formatted(expected - 1, version);
            ignored++;
          } else if (computed != stored) {
            damage = ("the journal record at version %d fails its checksum"
                + " (stored %08x, computed %08x)").formatted(version, stored, computed);
            ignored++;
          } else {
            journal.add(new Recovered.Entry(version, data));
            expected++;
          }
        }
        if (damage != null) {
          problems.add("match '%s': %s; recovered to version %d, ignoring %d later record%s"
              .formatted(matchId, damage, expected - 1, ignored, ignored == 1 ? "" : "s"));
        }
      }
    }
    return journal;
  }

  // --- leases ---

  @Override
  public boolean acquireLease(String matchId, String hostId, Duration ttl) {
    checkLease(matchId, hostId, ttl);
    long now = clock.millis();
    return withConnection("acquire the lease on match '" + matchId + "'", c -> {
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO concert_lease (match_id, host_id, expires_at) VALUES (?, ?, ?)"
              + " ON CONFLICT (match_id) DO UPDATE"
              + " SET host_id = excluded.host_id, expires_at = excluded.expires_at"
              + " WHERE concert_lease.host_id = excluded.host_id"
              + " OR concert_lease.expires_at <= ?")) {
        s.setString(1, matchId);
        s.setString(2, hostId);
        s.setLong(3, expiry(now, ttl));
        s.setLong(4, now);
        return s.executeUpdate();
      }
    }) == 1;
  }

  @Override
  public boolean renewLease(String matchId, String hostId, Duration ttl) {
    checkLease(matchId, hostId, ttl);
    long now = clock.millis();
    return withConnection("renew the lease on match '" + matchId + "'", c -> {
      try (PreparedStatement s = c.prepareStatement(
          "UPDATE concert_lease SET expires_at = ?"
              + " WHERE match_id = ? AND host_id = ? AND expires_at > ?")) {
        s.setLong(1, expiry(now, ttl));
        s.setString(2, matchId);
        s.setString(3, hostId);
        s.setLong(4, now);
        return s.executeUpdate();
      }
    }) == 1;
  }

  @Override
  public void releaseLease(String matchId, String hostId) {
    MatchRecord.requireId(matchId, "match id");
    MatchRecord.requireId(hostId, "host id");
    withConnection("release the lease on match '" + matchId + "'", c -> {
      try (PreparedStatement s = c.prepareStatement(
          "DELETE FROM concert_lease WHERE match_id = ? AND host_id = ?")) {
        s.setString(1, matchId);
        s.setString(2, hostId);
        return s.executeUpdate();
      }
    });
  }

  private static void checkLease(String matchId, String hostId, Duration ttl) {
    MatchRecord.requireId(matchId, "match id");
    MatchRecord.requireId(hostId, "host id");
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("lease ttl must be positive, not " + ttl);
    }
  }

  private static long expiry(long now, Duration ttl) {
    return Math.addExact(now, ttl.toMillis());
  }

  // --- metadata ---

  @Override
  public void put(String key, byte[] value) {
    MatchRecord.requireId(key, "key");
    Objects.requireNonNull(value, "value");
    withConnection("store metadata '" + key + "'", c -> {
      try (PreparedStatement s = c.prepareStatement(
          "INSERT INTO concert_metadata (name, content) VALUES (?, ?)"
              + " ON CONFLICT (name) DO UPDATE SET content = excluded.content")) {
        s.setString(1, key);
        s.setBytes(2, value);
        return s.executeUpdate();
      }
    });
  }

  @Override
  public Optional<byte[]> get(String key) {
    MatchRecord.requireId(key, "key");
    return withConnection("read metadata '" + key + "'", c -> {
      try (PreparedStatement s = c.prepareStatement(
          "SELECT content FROM concert_metadata WHERE name = ?")) {
        s.setString(1, key);
        try (ResultSet rs = s.executeQuery()) {
          return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
        }
      }
    });
  }

  // --- the rest ---

  @Override
  public WriteStats writeStats() {
    return journal.stats();
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      lock.unlock();
    }
    try {
      journal.close();
    } finally {
      lock.lock();
      try {
        connection.close();
      } catch (SQLException e) {
        throw new StoreException(
            "could not close the store at %s: %s".formatted(name, e.getMessage()), e);
      } finally {
        lock.unlock();
      }
    }
    LOG.info("Closed the match store at {}", name);
  }

  /** Work on the shared connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Runs work on the shared connection, turning a failure into a {@link StoreException}. */
  private <T> T withConnection(String what, Work<T> work) {
    lock.lock();
    try {
      if (closed) {
        throw new StoreException("could not %s: the store is closed".formatted(what));
      }
      return work.run(connection);
    } catch (SQLException e) {
      throw new StoreException(
          "could not %s in the store at %s: %s".formatted(what, name, e.getMessage()), e);
    } finally {
      lock.unlock();
    }
  }

  private static boolean exists(Connection c, String matchId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "SELECT 1 FROM concert_match WHERE match_id = ?")) {
      s.setString(1, matchId);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static MatchRecord matchRecord(ResultSet rs) throws SQLException {
    return new MatchRecord(
        rs.getString(1),
        rs.getString(2),
        Instant.ofEpochMilli(rs.getLong(3)),
        rs.getBytes(4),
        rs.getString(5));
  }

  private static StoreException noSuchMatch(String matchId) {
    return new StoreException("there is no match '%s' in the store".formatted(matchId));
  }
}
