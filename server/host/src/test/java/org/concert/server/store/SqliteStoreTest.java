package org.concert.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
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

  /**
   * A crash in the middle of a commit leaves the write-ahead log cut at some byte. Whatever the
   * byte, the database opens, the match loads without a problem, and its journal is a whole prefix
   * of what was committed, longer the more of the log survived, and complete when none is lost.
   */
  @Test
  void load_writeAheadLogCutAtAnyByte_recoversAWholePrefix(@TempDir Path crashes)
      throws SQLException, IOException {
    store.create(match("torn"));
    try (Connection c = raw(); Statement s = c.createStatement()) {
      s.execute("PRAGMA wal_checkpoint(TRUNCATE)"); // the match itself is in the main file
    }
    int records = 24;
    for (long v = 1; v <= records; v++) {
      store.append("torn", v, entry("torn", v)).join(); // one commit each
    }
    Path wal = dataDir.resolve(SqliteStore.DATABASE + "-wal");
    byte[] log = Files.readAllBytes(wal);
    byte[] main = Files.readAllBytes(dataDir.resolve(SqliteStore.DATABASE));
    assertTrue(log.length > 4096 * records, "each commit should add a frame; log " + log.length);

    long recovered = -1;
    TreeSet<Long> seen = new TreeSet<>();
    for (int cut : cuts(log.length)) {
      Path copy = Files.createDirectories(crashes.resolve("cut-" + cut));
      Files.write(copy.resolve(SqliteStore.DATABASE), main);
      try (FileChannel out = FileChannel.open(copy.resolve(SqliteStore.DATABASE + "-wal"),
          StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        out.write(java.nio.ByteBuffer.wrap(log, 0, cut));
      }
      try (MatchStore crashed = MatchStore.open(null, copy, clock)) {
        Recovered after = crashed.load("torn");
        assertEquals(List.of(), after.problems(), "log cut at byte " + cut);
        assertTrue(after.version() >= recovered,
            "log cut at byte %d recovered %d records, fewer than a shorter cut's %d"
                .formatted(cut, after.version(), recovered));
        recovered = after.version();
        seen.add(recovered);
      }
    }
    assertEquals(records, recovered, "the whole log recovers every record");
    assertEquals(records + 1, seen.size(), "every prefix 0.." + records + " seen: " + seen);
  }

  /** Where to cut a log of {@code length} bytes: around every frame edge, and at random. */
  private static TreeSet<Integer> cuts(int length) {
    int header = 32;
    int frame = 24 + 4096;
    TreeSet<Integer> cuts = new TreeSet<>();
    for (int i = 0; i <= header; i++) {
      cuts.add(i);
    }
    for (int edge = header; edge <= length; edge += frame) {
      for (int d : new int[] {-1, 0, 1, 23, 24, 25, 4095}) {
        if (edge + d > 0 && edge + d <= length) {
          cuts.add(edge + d);
        }
      }
    }
    SplittableRandom random = new SplittableRandom(1815);
    for (int i = 0; i < 200; i++) {
      cuts.add(random.nextInt(length + 1));
    }
    cuts.add(length);
    return cuts;
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
