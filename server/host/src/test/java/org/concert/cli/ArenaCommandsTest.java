package org.concert.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.concert.arena.ReplayFiles;
import org.concert.protocol.v1.Journal;
import org.concert.protocol.v1.JournalEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** concert play, tournament, replay and experiment, as a user runs them. */
class ArenaCommandsTest {
  @TempDir Path dir;

  static ConcertTest.Run run(String... args) {
    return ConcertTest.run(args);
  }

  @Test
  void play_printsALineATurnAndATable_andItsReplayChecksOut() throws Exception {
    Path replay = dir.resolve("game.replay");
    var r = run("play", "--map", "tutorial", "--seed", "4", "--bots", "hawk,balancer,defensive",
        "--replay", replay.toString());
    assertEquals(0, r.exit(), r.err());
    String[] lines = r.out().split("\n");
    assertTrue(lines[1].startsWith("1800"), "first turn line: " + lines[1]);
    assertTrue(r.out().contains("POWER  BOT"), r.out());
    assertTrue(r.out().contains("replay written to"), r.out());
    var check = run("replay", replay.toString());
    assertEquals(0, check.exit(), check.err());
    assertTrue(check.out().contains("every state hash matches"), check.out());
    String finalHash = r.out().replaceAll("(?s).*final state hash ([0-9a-f]{64}).*", "$1");
    assertTrue(check.out().contains(finalHash), check.out());
  }

  @Test
  void replay_ofATamperedJournal_failsNamingTheTurn() throws Exception {
    Path replay = dir.resolve("game.textproto");
    assertEquals(0, run("play", "--map", "tutorial", "--bots", "hawk,balancer,defensive",
        "--quiet", "--replay", replay.toString()).exit());
    Journal j = ReplayFiles.read(replay);
    Journal.Builder bad = j.toBuilder();
    for (int k = 0; k < bad.getEntriesCount(); k++) {
      if (bad.getEntries(k).hasResolved()) {
        bad.setEntries(k, JournalEntry.newBuilder().setResolved(bad.getEntries(k).getResolved()
            .toBuilder().setStateHash("0".repeat(64))));
        break;
      }
    }
    ReplayFiles.write(replay, bad.build());
    var r = run("replay", replay.toString());
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("turn 1") && r.err().contains(replay.toString()), r.err());
  }

  @Test
  void replay_ofAFileThatIsNoReplay_isAClearError() throws Exception {
    Path junk = dir.resolve("junk.replay");
    Files.write(junk, new byte[] {(byte) 0xff, 0x13, 0x37});
    var r = run("replay", junk.toString());
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("junk.replay"), r.err());
  }

  @Test
  void tournament_writesTablesAndFiles() throws Exception {
    Path out = dir.resolve("results");
    var r = run("tournament", "--map", "symmetric-3", "--bots", "hawk,defensive,random",
        "--games", "6", "--threads", "2", "--turns", "6", "--out", out.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("RATING (95% CI)"), r.out());
    assertTrue(r.out().contains("SEAT"), r.out());
    for (String f : new String[] {"bots.csv", "seats.csv", "games.csv", "results.json"}) {
      assertTrue(Files.size(out.resolve(f)) > 20, f);
    }
    assertTrue(Files.readString(out.resolve("bots.csv"), StandardCharsets.UTF_8)
        .startsWith("bot,mu,sigma,low95,high95"));
    assertEquals(1 + 6 * 3, Files.readAllLines(out.resolve("games.csv")).size());
  }

  @Test
  void experiment_richardson_printsBothWorlds() {
    var r = run("experiment", "richardson", "--games", "2");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("stable") && r.out().contains("unstable"), r.out());
    assertTrue(r.out().contains("concert experiment richardson --games 2"), r.out());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "play --map tutorial --bots hawk,hawk | tutorial has 3 seats",
    "play --map tutorial --bots hawk,napoleon,hawk | unknown bot \"napoleon\"",
    "play --map atlantis --bots hawk | --map",
    "play --map tutorial --bots hawk,hawk,hawk --enforcement strict | --enforcement",
    "play --map tutorial --bots hawk,hawk,hawk --turns 0 | --turns must be 1 to 200",
    "play --map tutorial --bots hawk,hawk,hawk --fog-noise-percent lots | not a whole number",
    "play --map tutorial --bots richardson:k=x,hawk,hawk | is not a number",
    "tournament --bots hawk --games 0 | --games must be at least 1",
    "experiment alchemy | no experiment \"alchemy\"",
  })
  void badFlags_areRefusedNamingTheFlag(String command, String expected) {
    var r = run(command.split(" "));
    assertEquals(2, r.exit(), r.out() + r.err());
    assertTrue(r.err().contains(expected), r.err());
  }

  @Test
  void play_everyRulesKnob_isAFlag() {
    var r = run("play", "--help");
    for (var f : org.concert.protocol.v1.RulesConfig.getDescriptor().getFields()) {
      assertTrue(r.out().contains("--" + f.getName().replace('_', '-')), f.getName());
    }
  }
}
