package org.concert.server.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.InstantSource;
import java.util.Objects;

/**
 * The embedded store: one SQLite database file in the data folder, in WAL mode with {@code
 * synchronous=FULL}, so that a commit is on disk when it returns. One server at a time: a lock
 * file in the folder keeps a second out, and that server holds every lease there is to hold.
 */
final class SqliteStore extends JdbcStore {
  /** The database's file name in the data folder. */
  static final String DATABASE = "concert.db";
  /** The file a running server locks, beside the database. */
  static final String LOCK = "concert.lock";
  /** How long a connection waits for the other's write lock before failing. */
  private static final int BUSY_TIMEOUT_MS = 10_000;

  private final FileChannel lockChannel;
  private final FileLock lock;

  private SqliteStore(Connection connection, Connection journalConnection, InstantSource clock,
      String name, FileChannel lockChannel, FileLock lock) throws SQLException {
    super(connection, journalConnection, clock, name);
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /** Opens (creating if need be) the database in {@code dataDir}. */
  static SqliteStore open(Path dataDir, InstantSource clock) {
    Objects.requireNonNull(dataDir, "dataDir: the SQLite store needs a data folder");
    Path database = dataDir.resolve(DATABASE).toAbsolutePath();
    FileChannel lockChannel = null;
    Connection connection = null;
    Connection journalConnection = null;
    try {
      Files.createDirectories(dataDir);
      lockChannel = FileChannel.open(dataDir.resolve(LOCK),
          StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = tryLock(lockChannel);
      if (lock == null) {
        throw new StoreException(
            "another Concert server is using the data folder " + dataDir.toAbsolutePath());
      }
      connection = connect(database);
      prepareSchema(connection, schema("BLOB", " WITHOUT ROWID"), null);
      journalConnection = connect(database);
      return new SqliteStore(
          connection, journalConnection, clock, database.toString(), lockChannel, lock);
    } catch (IOException | SQLException | RuntimeException e) {
      closeQuietly(journalConnection, e);
      closeQuietly(connection, e);
      closeQuietly(lockChannel, e);
      if (e instanceof StoreException store) {
        throw store;
      }
      throw new StoreException(
          "could not open the SQLite store at %s: %s".formatted(database, e.getMessage()), e);
    }
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null; // this JVM holds it already
    }
  }

  private static Connection connect(Path database) throws SQLException {
    Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
    try (Statement s = connection.createStatement()) {
      try (ResultSet rs = s.executeQuery("PRAGMA journal_mode=WAL")) {
        String mode = rs.next() ? rs.getString(1) : "unknown";
        if (!"wal".equalsIgnoreCase(mode)) {
          throw new SQLException("SQLite would not use write-ahead logging (journal mode " + mode
              + "); is the data folder on a network file system?");
        }
      }
      s.execute("PRAGMA synchronous=FULL");
      s.execute("PRAGMA busy_timeout=" + BUSY_TIMEOUT_MS);
      return connection;
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
  }

  private static void closeQuietly(AutoCloseable closeable, Exception failure) {
    if (closeable != null) {
      try {
        closeable.close();
      } catch (Exception e) {
        failure.addSuppressed(e);
      }
    }
  }

  @Override
  public void close() {
    try {
      super.close();
    } finally {
      try {
        if (lock.isValid()) {
          lock.release();
        }
        lockChannel.close();
      } catch (IOException e) {
        throw new StoreException("could not release the data folder's lock: " + e.getMessage(), e);
      }
    }
  }
}
