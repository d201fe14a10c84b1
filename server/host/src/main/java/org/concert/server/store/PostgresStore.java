package org.concert.server.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.InstantSource;

/**
 * The shared store: a PostgreSQL database by JDBC URL, for several hosts at once, each running
 * the matches it holds a lease on. Commits wait for the server's WAL flush ({@code
 * synchronous_commit=on}, whatever the database's default).
 */
final class PostgresStore extends JdbcStore {
  static final String URL_PREFIX = "jdbc:postgresql:";

  /** Keeps two hosts starting at once from creating the tables together ("concert" in ASCII). */
  private static final String SCHEMA_LOCK =
      "SELECT pg_advisory_xact_lock(" + 0x636f6e63657274L + ")";

  private PostgresStore(Connection connection, Connection journalConnection, InstantSource clock,
      String name) throws SQLException {
    super(connection, journalConnection, clock, name);
  }

  static PostgresStore open(String url, InstantSource clock) {
    String name = withoutQuery(url);
    Connection connection = null;
    Connection journalConnection = null;
    try {
      connection = connect(url);
      prepareSchema(connection, schema("BYTEA", ""), SCHEMA_LOCK);
      journalConnection = connect(url);
      return new PostgresStore(connection, journalConnection, clock, name);
    } catch (SQLException | RuntimeException e) {
      for (Connection c : new Connection[] {journalConnection, connection}) {
        if (c != null) {
          try {
            c.close();
          } catch (SQLException suppressed) {
            e.addSuppressed(suppressed);
          }
        }
      }
      if (e instanceof StoreException store) {
        throw store;
      }
      throw new StoreException(
          "could not open the PostgreSQL store at %s: %s".formatted(name, e.getMessage()), e);
    }
  }

  private static Connection connect(String url) throws SQLException {
    Connection connection = DriverManager.getConnection(url);
    try (Statement s = connection.createStatement()) {
      s.execute("SET synchronous_commit = on");
      return connection;
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
  }
}
