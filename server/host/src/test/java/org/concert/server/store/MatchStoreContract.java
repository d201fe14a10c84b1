package org.concert.server.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every {@link MatchStore} must do, run against real databases by one subclass per store.
 * A subclass gives a fresh, empty database for each test, a way to open a store on it (again),
 * and a raw connection to damage it with.
 */
abstract class MatchStoreContract {
  static final Instant START = Instant.parse("1815-06-09T10:00:00Z");

  final FakeClock clock = new FakeClock(START);
  MatchStore store;

  /** Opens a store on this test's database; called again to reopen it after a close. */
  abstract MatchStore open(FakeClock clock);

  /** A plain connection to this test's database, for a test to read or damage it directly. */
  abstract Connection raw() throws SQLException;

  @BeforeEach
  void openStore() {
    store = open(clock);
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  void reopen() {
    store.close();
    store = open(clock);
  }

  static MatchRecord match(String id) {
    return new MatchRecord(
        id, "J-" + id, START, ("config of " + id).getBytes(UTF_8), "Vienna " + id);
  }

  static byte[] entry(String matchId, long version) {
    return ("command %d of %s".formatted(version, matchId)).getBytes(UTF_8);
  }

  /** Appends versions 1..n of a match's journal and waits for all of them. */
  void appendAll(String matchId, int n) {
    List<CompletableFuture<Void>> acks = new ArrayList<>();
    for (long v = 1; v <= n; v++) {
      acks.add(store.append(matchId, v, entry(matchId, v)));
    }
    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
  }

  static List<Long> versions(Recovered recovered) {
    return recovered.journal().stream().map(Recovered.Entry::version).toList();
  }

  static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }

  // --- journal ---

  @Test
  void append_acknowledgedFromManyThreads_allThereInOrderAfterReopen() throws Exception {
    int matches = 6;
    int perMatch = 300;
    for (int m = 0; m < matches; m++) {
      store.create(match("m" + m));
    }
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<?>> actors = new ArrayList<>();
      for (int m = 0; m < matches; m++) {
        String id = "m" + m;
        actors.add(pool.submit(() -> appendAll(id, perMatch)));
      }
      for (Future<?> actor : actors) {
        actor.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    reopen();

    for (int m = 0; m < matches; m++) {
      String id = "m" + m;
      Recovered recovered = store.load(id);
      assertEquals(List.of(), recovered.problems());
      assertEquals(match(id), recovered.match());
      assertEquals(Optional.empty(), recovered.snapshot());
      assertEquals(range(1, perMatch), versions(recovered));
      for (Recovered.Entry e : recovered.journal()) {
        assertArrayEquals(entry(id, e.version()), e.data(), "record " + e.version() + " of " + id);
      }
      assertEquals(perMatch, recovered.version());
    }
  }

  @Test
  void append_manyConcurrentAppends_shareFarFewerTransactions() throws Exception {
    int threads = 8;
    int perThread = 1000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<CompletableFuture<Void>> acks = new ArrayList<>();
    try {
      List<Future<List<CompletableFuture<Void>>>> submitted = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String id = "t" + t;
        submitted.add(pool.submit(() -> {
          List<CompletableFuture<Void>> mine = new ArrayList<>();
          for (long v = 1; v <= perThread; v++) {
            mine.add(store.append(id, v, entry(id, v)));
          }
          return mine;
        }));
      }
      for (Future<List<CompletableFuture<Void>>> f : submitted) {
        acks.addAll(f.get(60, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

    MatchStore.WriteStats stats = store.writeStats();
    assertEquals(threads * perThread, stats.records());
    assertTrue(stats.transactions() * 10 <= stats.records(),
        "expected at least 10 records a transaction, got " + stats);
  }

  @Test
  void append_versionAlreadyTaken_failsThatAppendOnly() {
    store.create(match("dup"));
    appendAll("dup", 3);

    CompletableFuture<Void> duplicate = store.append("dup", 2, "impostor".getBytes(UTF_8));
    CompletableFuture<Void> next = store.append("dup", 4, entry("dup", 4));

    CompletionException thrown = assertThrows(CompletionException.class, duplicate::join);
    assertInstanceOf(StoreException.class, thrown.getCause());
    String message = thrown.getCause().getMessage();
    assertTrue(message.contains("version 2"), message);
    next.join();
    Recovered recovered = store.load("dup");
    assertEquals(range(1, 4), versions(recovered));
    assertArrayEquals(entry("dup", 2), recovered.journal().get(1).data());
  }

  @Test
  void append_afterAFailedTransaction_nothingMoreIsAcknowledged() throws SQLException {
    store.create(match("doomed"));
    appendAll("doomed", 2);
    try (Connection c = raw(); Statement s = c.createStatement()) {
      s.execute("DROP TABLE concert_journal");
    }

    CompletableFuture<Void> failed = store.append("doomed", 3, entry("doomed", 3));
    assertInstanceOf(StoreException.class,
        assertThrows(CompletionException.class, failed::join).getCause());
    CompletableFuture<Void> after = store.append("doomed", 4, entry("doomed", 4));
    CompletionException refused = assertThrows(CompletionException.class, after::join);
    assertTrue(refused.getCause().getMessage().contains("accepts no more writes"),
        refused.getCause().getMessage());
    assertTrue(store.snapshot("doomed", 2, new byte[] {1}).isCompletedExceptionally());
  }

  @Test
  void close_withAppendsQueued_commitsThemFirst() {
    store.create(match("late"));
    List<CompletableFuture<Void>> acks = new ArrayList<>();
    for (long v = 1; v <= 2000; v++) {
      acks.add(store.append("late", v, entry("late", v)));
    }
    store.close();

    assertTrue(acks.stream().allMatch(a -> a.isDone() && !a.isCompletedExceptionally()));
    CompletableFuture<Void> afterClose = store.append("late", 2001, entry("late", 2001));
    assertInstanceOf(StoreException.class,
        assertThrows(CompletionException.class, afterClose::join).getCause());
    store = open(clock);
    assertEquals(2000, store.load("late").version());
  }

  @Test
  void append_badArguments_areRefusedAtOnce() {
    assertThrows(IllegalArgumentException.class, () -> store.append("m", 0, new byte[0]));
    assertThrows(IllegalArgumentException.class, () -> store.append(" ", 1, new byte[0]));
    assertThrows(NullPointerException.class, () -> store.append("m", 1, null));
  }

  // --- snapshots and recovery ---

  @Test
  void load_withSnapshot_givesLatestSnapshotAndTheRecordsAfterIt() throws SQLException {
    store.create(match("snap"));
    appendAll("snap", 4);
    store.snapshot("snap", 3, "state at 3".getBytes(UTF_8)).join();
    for (long v = 5; v <= 9; v++) {
      store.append("snap", v, entry("snap", v));
    }
    store.snapshot("snap", 6, "state at 6".getBytes(UTF_8)).join();
    assertEquals(2, store.writeStats().snapshots());

    reopen();
    Recovered recovered = store.load("snap");

    assertEquals(List.of(), recovered.problems());
    assertEquals(
        Optional.of(new Recovered.Snapshot(6, "state at 6".getBytes(UTF_8))), recovered.snapshot());
    assertEquals(range(7, 9), versions(recovered));
    assertEquals(9, recovered.version());
    assertEquals(1, count("SELECT COUNT(*) FROM concert_snapshot WHERE match_id = 'snap'"),
        "older snapshots are replaced");
  }

  @Test
  void replay_withSnapshot_givesTheWholeJournalFromTheStart() {
    store.create(match("replayed"));
    appendAll("replayed", 7);
    store.snapshot("replayed", 5, new byte[] {5}).join();

    Recovered replayed = store.replay("replayed");

    assertEquals(Optional.empty(), replayed.snapshot());
    assertEquals(range(1, 7), versions(replayed));
    assertEquals(List.of(), replayed.problems());
  }

  @Test
  void load_snapshotAtTheLastRecord_givesAnEmptyTail() {
    store.create(match("even"));
    appendAll("even", 5);
    store.snapshot("even", 5, new byte[] {5}).join();

    Recovered recovered = store.load("even");

    assertEquals(List.of(), versions(recovered));
    assertEquals(5, recovered.version());
  }

  /** Ways to damage a stored record, each done with SQL on the raw bytes. */
  enum Damage {
    FLIPPED_BIT(data -> {
      byte[] copy = data.clone();
      copy[copy.length / 2] ^= 0x10;
      return copy;
    }),
    TORN(data -> Arrays.copyOf(data, data.length / 2)),
    EMPTIED(data -> new byte[0]),
    SWAPPED_WITH_ANOTHER_MATCH(data -> entry("other", 6));

    final UnaryOperator<byte[]> apply;

    Damage(UnaryOperator<byte[]> apply) {
      this.apply = apply;
    }
  }

  @ParameterizedTest
  @EnumSource(Damage.class)
  void load_damagedRecord_stopsAtTheLastWholeRecordAndSaysWhy(Damage damage) throws SQLException {
    store.create(match("hurt"));
    appendAll("hurt", 10);
    store.close();
    try (Connection c = raw()) {
      byte[] stored;
      try (PreparedStatement s = c.prepareStatement(
          "SELECT data FROM concert_journal WHERE match_id = 'hurt' AND version = 6")) {
        try (ResultSet rs = s.executeQuery()) {
          assertTrue(rs.next());
          stored = rs.getBytes(1);
        }
      }
      try (PreparedStatement s = c.prepareStatement(
          "UPDATE concert_journal SET data = ? WHERE match_id = 'hurt' AND version = 6")) {
        s.setBytes(1, damage.apply.apply(stored));
        assertEquals(1, s.executeUpdate());
      }
    }
    store = open(clock);

    Recovered recovered = store.load("hurt");

    assertEquals(range(1, 5), versions(recovered));
    assertEquals(1, recovered.problems().size(), recovered.problems().toString());
    String problem = recovered.problems().get(0);
    assertTrue(problem.contains("version 6 fails its checksum"), problem);
    assertTrue(problem.contains("recovered to version 5"), problem);
    assertTrue(problem.contains("ignoring 5 later records"), problem);
  }

  @Test
  void load_lastRecordCutAtEveryByte_recoversToTheRecordBefore() throws SQLException {
    store.create(match("cut"));
    appendAll("cut", 4);
    byte[] whole = entry("cut", 4);
    for (int length = 0; length < whole.length; length++) {
      try (Connection c = raw(); PreparedStatement s = c.prepareStatement(
          "UPDATE concert_journal SET data = ? WHERE match_id = 'cut' AND version = 4")) {
        s.setBytes(1, Arrays.copyOf(whole, length));
        assertEquals(1, s.executeUpdate());
      }

      Recovered recovered = store.load("cut");

      assertEquals(range(1, 3), versions(recovered), "cut after " + length + " bytes");
      assertEquals(1, recovered.problems().size(), "cut after " + length + " bytes");
      assertTrue(recovered.problems().get(0).contains("version 4 fails its checksum"),
          recovered.problems().toString());
    }
  }

  @Test
  void load_renumberedRecord_isCaughtByItsChecksum() throws SQLException {
    store.create(match("moved"));
    appendAll("moved", 5);
    execute("DELETE FROM concert_journal WHERE match_id = 'moved' AND version = 3");
    execute("UPDATE concert_journal SET version = 3 WHERE match_id = 'moved' AND version = 4");

    Recovered recovered = store.load("moved");

    assertEquals(range(1, 2), versions(recovered));
    assertTrue(recovered.problems().get(0).contains("version 3 fails its checksum"),
        recovered.problems().toString());
  }

  @Test
  void load_missingVersion_stopsBeforeTheGap() throws SQLException {
    store.create(match("gap"));
    appendAll("gap", 8);
    execute("DELETE FROM concert_journal WHERE match_id = 'gap' AND version = 6");

    Recovered recovered = store.load("gap");

    assertEquals(range(1, 5), versions(recovered));
    assertEquals(List.of("match 'gap': the journal skips from version 5 to 7;"
        + " recovered to version 5, ignoring 2 later records"), recovered.problems());
  }

  @Test
  void load_missingFirstRecordAfterSnapshot_isAGapToo() throws SQLException {
    store.create(match("gap0"));
    appendAll("gap0", 6);
    store.snapshot("gap0", 2, new byte[] {2}).join();
    execute("DELETE FROM concert_journal WHERE match_id = 'gap0' AND version = 3");

    Recovered recovered = store.load("gap0");

    assertEquals(2, recovered.version());
    assertEquals(List.of(), versions(recovered));
    assertTrue(recovered.problems().get(0).contains("skips from version 2 to 4"),
        recovered.problems().toString());
  }

  @Test
  void load_damagedSnapshot_isIgnoredAndTheJournalReplaysFromTheStart() throws SQLException {
    store.create(match("badsnap"));
    appendAll("badsnap", 6);
    store.snapshot("badsnap", 4, "state at 4".getBytes(UTF_8)).join();
    try (Connection c = raw(); PreparedStatement s = c.prepareStatement(
        "UPDATE concert_snapshot SET state = ? WHERE match_id = 'badsnap'")) {
      s.setBytes(1, "state at 5".getBytes(UTF_8));
      assertEquals(1, s.executeUpdate());
    }

    Recovered recovered = store.load("badsnap");

    assertEquals(Optional.empty(), recovered.snapshot());
    assertEquals(range(1, 6), versions(recovered));
    assertEquals(1, recovered.problems().size());
    assertTrue(recovered.problems().get(0).contains("snapshot at version 4 fails its checksum"),
        recovered.problems().toString());
  }

  @Test
  void load_unknownMatch_throws() {
    StoreException thrown = assertThrows(StoreException.class, () -> store.load("nowhere"));
    assertTrue(thrown.getMessage().contains("no match 'nowhere'"), thrown.getMessage());
  }

  // --- matches ---

  @Test
  void unfinished_listsCreatedMatchesOldestFirst_untilFinished() {
    MatchRecord later = new MatchRecord("b", "QZX4", START.plusSeconds(60), new byte[] {1, 2}, "");
    MatchRecord earlier = match("a");
    MatchRecord third = match("c");
    store.create(later);
    store.create(earlier);
    store.create(third);
    assertEquals(List.of(earlier, third, later), store.unfinished());

    store.finish("c");
    store.finish("c");
    reopen();

    assertEquals(List.of(earlier, later), store.unfinished());
    assertEquals(third, store.load("c").match(), "a finished match can still be loaded");
  }

  @Test
  void create_sameIdTwice_throws() {
    store.create(match("twice"));
    StoreException thrown = assertThrows(StoreException.class, () -> store.create(match("twice")));
    assertTrue(thrown.getMessage().contains("already exists"), thrown.getMessage());
  }

  @Test
  void finish_unknownMatch_throws() {
    assertThrows(StoreException.class, () -> store.finish("nowhere"));
  }

  // --- leases ---

  @Test
  void lease_heldByOneHost_untilItExpiresOrIsReleased() {
    Duration ttl = Duration.ofSeconds(30);
    assertTrue(store.acquireLease("m", "host-a", ttl));
    assertFalse(store.acquireLease("m", "host-b", ttl), "a live lease is not taken");
    assertTrue(store.acquireLease("other", "host-b", ttl), "leases are per match");

    clock.advance(Duration.ofSeconds(29));
    assertFalse(store.acquireLease("m", "host-b", ttl));
    assertTrue(store.renewLease("m", "host-a", ttl), "renewed until 59 s");
    clock.advance(Duration.ofSeconds(29));
    assertFalse(store.acquireLease("m", "host-b", ttl), "58 s: still host-a's");
    assertFalse(store.renewLease("m", "host-b", ttl), "only the holder renews");

    clock.advance(Duration.ofSeconds(1));
    assertFalse(store.renewLease("m", "host-a", ttl), "59 s: expired, so lost");
    assertTrue(store.acquireLease("m", "host-b", ttl), "an expired lease can be taken");
    assertFalse(store.acquireLease("m", "host-a", ttl));

    store.releaseLease("m", "host-a");
    assertFalse(store.acquireLease("m", "host-a", ttl), "only the holder releases");
    store.releaseLease("m", "host-b");
    assertTrue(store.acquireLease("m", "host-a", ttl), "a released lease is free");
    assertTrue(store.acquireLease("m", "host-a", ttl), "the holder may acquire again");
  }

  // --- metadata ---

  @Test
  void metadata_roundTripsAndReplaces() {
    assertEquals(Optional.empty(), store.get("host-token-hash"));
    store.put("host-token-hash", new byte[] {1, 2, 3});
    store.put("other", new byte[0]);
    store.put("host-token-hash", new byte[] {4, 5});
    reopen();

    assertArrayEquals(new byte[] {4, 5}, store.get("host-token-hash").orElseThrow());
    assertArrayEquals(new byte[0], store.get("other").orElseThrow());
  }

  // --- the store itself ---

  @Test
  void close_twice_isHarmless_andLaterCallsSayTheStoreIsClosed() {
    store.close();
    store.close();
    StoreException thrown = assertThrows(StoreException.class, () -> store.unfinished());
    assertTrue(thrown.getMessage().contains("closed"), thrown.getMessage());
  }

  void execute(String sql) throws SQLException {
    try (Connection c = raw(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  long count(String sql) throws SQLException {
    try (Connection c = raw();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }
}
