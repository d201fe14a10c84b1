package org.concert.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.TextFormat;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.concert.maps.Scenarios;
import org.concert.protocol.v1.Journal;
import org.concert.protocol.v1.JournalEntry;
import org.concert.protocol.v1.RulesConfig;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden replays: whole games on the shipped scenarios, recorded once as journals with the
 * state hash after every turn, replayed by every build (so on every JVM that runs the suite).
 * A rule change that alters any outcome fails here; when the change is meant, record the games
 * again with {@code ./mvnw -pl server/engine test -Dtest=GoldenReplayTest -Dconcert.golden.update=true}
 * and review the diff.
 */
class GoldenReplayTest {
  static final List<String> GAMES = List.of(
      "vienna-1815", "europe-1914", "bipolar-1947", "tutorial", "symmetric-4");
  static final Path SOURCE = Path.of("src/test/resources/golden");

  @TestFactory
  Stream<DynamicTest> goldenGames() throws IOException, URISyntaxException {
    if (Boolean.getBoolean("concert.golden.update")) {
      record();
    }
    Path dir = Path.of(GoldenReplayTest.class.getResource("/golden").toURI());
    List<DynamicTest> tests = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".journal.textproto")).sorted()
          .toList()) {
        tests.add(DynamicTest.dynamicTest("replay_" + file.getFileName(), () -> replay(file)));
      }
    }
    assertEquals(GAMES.size(), tests.size(), "golden journals found in " + dir);
    return tests.stream();
  }

  private static void replay(Path file) throws Exception {
    Journal.Builder j = Journal.newBuilder();
    TextFormat.merge(Files.readString(file, StandardCharsets.UTF_8), j);
    Journal journal = j.build();
    long recorded = journal.getEntriesList().stream().filter(JournalEntry::hasResolved).count();
    assertTrue(recorded >= 5, "a golden game of " + recorded + " turns proves little");
    Replay.Result result = Replay.run(journal, Scenarios::load);
    assertEquals(recorded, result.hashes().size());
    assertFalse(result.state().toProto().getHistoryList().isEmpty());
  }

  private static void record() throws IOException {
    Files.createDirectories(SOURCE);
    long seed = 1815;
    for (String id : GAMES) {
      Journal journal = RandomPlay.play(Scenarios.load(id), RulesConfig.getDefaultInstance(),
          seed++, Integer.MAX_VALUE, null);
      Files.writeString(SOURCE.resolve(id + ".journal.textproto"),
          "# proto-file: concert/v1/journal.proto\n# proto-message: concert.v1.Journal\n"
              + "# A golden game; see GoldenReplayTest for how to record it again.\n"
              + TextFormat.printer().printToString(journal), StandardCharsets.UTF_8);
    }
  }
}
