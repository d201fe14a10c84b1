package org.concert.server.store;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract against a real PostgreSQL, named by {@code CONCERT_TEST_POSTGRES_URL}. Without it
 * the tests are skipped, except under CI ({@code CI} set), where they fail. Each test gets a
 * schema of its own, dropped afterwards.
 */
class PostgresStoreTest extends MatchStoreContract {
  static final String URL_VARIABLE = "CONCERT_TEST_POSTGRES_URL";

  static String baseUrl;
  String schema;
  String url;

  @BeforeAll
  static void ciNeedsPostgres() {
    baseUrl = System.getenv(URL_VARIABLE);
    if (baseUrl != null && baseUrl.isBlank()) {
      baseUrl = null;
    }
    if (baseUrl == null && System.getenv("CI") != null) {
      fail(URL_VARIABLE + " is not set: CI must test the PostgreSQL store (see .ci/run)");
    }
  }

  /** Runs instead of the contract's: skips the test without a database, else makes a schema. */
  @BeforeEach
  @Override
  void openStore() {
    assumeTrue(baseUrl != null, URL_VARIABLE + " is not set, so the PostgreSQL store is not tested;"
        + " set it to e.g. jdbc:postgresql://127.0.0.1:5432/concert?user=concert&password=concert");
    schema = "concert_test_" + UUID.randomUUID().toString().replace("-", "");
    url = baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    try (Connection c = DriverManager.getConnection(baseUrl); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new AssertionError("could not create a test schema in " + baseUrl, e);
    }
    super.openStore();
  }

  @AfterEach
  void dropSchema() throws SQLException {
    if (schema == null) {
      return;
    }
    store.close(); // before the contract's @AfterEach, which runs after this one
    try (Connection c = DriverManager.getConnection(baseUrl); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  @Override
  MatchStore open(FakeClock clock) {
    return MatchStore.open(url, null, clock);
  }

  @Override
  Connection raw() throws SQLException {
    return DriverManager.getConnection(url);
  }

  @Test
  void open_tablesLiveInTheSchemaOfTheUrl() throws SQLException {
    assertTrue(count("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '"
        + schema + "' AND table_name LIKE 'concert_%'") >= 6);
  }
}
