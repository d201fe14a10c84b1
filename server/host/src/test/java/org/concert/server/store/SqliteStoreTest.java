package org.concert.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest extends MatchStoreContract {
  @TempDir Path dataDir;

  @Override
  MatchStore open(FakeClock clock) {
    return MatchStore.open(null, dataDir, clock);
  }

  @Override
  Connection raw() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(SqliteStore.DATABASE));
  }

  @Test
  void open_usesWriteAheadLoggingInTheDataFolder() throws SQLException {
    assertTrue(dataDir.resolve(SqliteStore.DATABASE).toFile().isFile());
    try (Connection c = raw(); var s = c.createStatement();
        var rs = s.executeQuery("PRAGMA journal_mode")) {
      rs.next();
      assertEquals("wal", rs.getString(1));
    }
  }

  @Test
  void open_dataFolderInUse_throws() {
    StoreException thrown = assertThrows(StoreException.class, () -> open(clock));
    assertTrue(thrown.getMessage().contains("another Concert server"), thrown.getMessage());
  }

  @Test
  void open_unsupportedUrl_saysWhatItWants() {
    IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
        () -> MatchStore.open("jdbc:mysql://db/concert?password=secret", dataDir));
    assertTrue(thrown.getMessage().contains("jdbc:postgresql:"), thrown.getMessage());
    assertTrue(!thrown.getMessage().contains("secret"), thrown.getMessage());
  }
}
