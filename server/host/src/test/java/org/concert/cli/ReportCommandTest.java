package org.concert.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.concert.arena.BotSpec;
import org.concert.arena.HeadlessMatch;
import org.concert.arena.ReplayFiles;
import org.concert.bots.Atlas;
import org.concert.maps.Scenarios;
import org.concert.protocol.v1.Journal;
import org.concert.protocol.v1.RulesConfig;
import org.concert.protocol.v1.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
  @TempDir Path dir;

  /** A replay file of a short match between reference bots. */
  private Path replay(String name, int turns) throws IOException {
    Scenario vienna = Scenarios.load("vienna-1815");
    Journal journal = HeadlessMatch.play(vienna, Atlas.of(vienna),
        RulesConfig.newBuilder().setTurns(turns).build(), 3,
        BotSpec.parseList("balancer,hawk,defensive,bandwagoner,concert"),
        HeadlessMatch.Options.defaults(), null).journal();
    Path file = dir.resolve(name);
    ReplayFiles.write(file, journal);
    return file;
  }

  @Test
  void report_writesThePageBesideTheReplay() throws IOException {
    Path file = replay("vienna.replay", 6);
    ConcertTest.Run r = ConcertTest.run("report", file.toString());
    assertEquals(0, r.exit(), r.err());
    Path page = dir.resolve("vienna.html");
    assertTrue(Files.isRegularFile(page), "no page at " + page);
    String html = Files.readString(page, StandardCharsets.UTF_8);
    assertTrue(html.startsWith("<!DOCTYPE html>"), html.substring(0, 40));
    assertTrue(html.contains("The Congress of Vienna"), "scenario name");
    assertEquals("report of " + file + " written to " + page + " (6 years, "
        + Scenarios.load("vienna-1815").getName() + ")", r.out().strip());
    assertEquals("", r.err(), "no progress line for fewer than ten turns");
  }

  @Test
  void report_outOption_writesThereAndCreatesTheFolder() throws IOException {
    Path file = replay("match.textproto", 5);
    Path page = dir.resolve("pages").resolve("debrief.html");
    ConcertTest.Run r = ConcertTest.run("report", file.toString(), "--out", page.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(Files.size(page) > 10_000, "a page of " + Files.size(page) + " bytes");
    assertTrue(r.out().contains("written to " + page), r.out());
    assertFalse(Files.exists(dir.resolve("match.html")));
  }

  @Test
  void report_longJournal_tellsProgressEveryTenTurns() throws IOException {
    Path file = replay("long.replay", 20);
    ConcertTest.Run r = ConcertTest.run("report", file.toString());
    assertEquals(0, r.exit(), r.err());
    assertEquals("replayed 10 of 20 turns\nreplayed 20 of 20 turns\n",
        r.err().replace(System.lineSeparator(), "\n"));
  }

  @Test
  void report_missingFile_exitOneNamingIt() {
    Path missing = dir.resolve("missing.replay");
    ConcertTest.Run r = ConcertTest.run("report", missing.toString());
    assertEquals(1, r.exit());
    assertEquals("concert report: cannot read " + missing + ": no such file", r.err().strip());
    assertFalse(Files.exists(dir.resolve("missing.html")));
  }

  @Test
  void report_notAReplay_exitOneNamingTheFile() throws IOException {
    Path garbage = dir.resolve("garbage.replay");
    Files.write(garbage, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01, 0x02});
    ConcertTest.Run r = ConcertTest.run("report", garbage.toString());
    assertEquals(1, r.exit());
    assertTrue(r.err().startsWith("concert report: " + garbage), r.err());
    assertFalse(Files.exists(dir.resolve("garbage.html")));

    Path empty = dir.resolve("empty.replay");
    Files.write(empty, new byte[0]);
    r = ConcertTest.run("report", empty.toString());
    assertEquals(1, r.exit());
    assertEquals("concert report: " + empty + " cannot be replayed: journal entry 0: a journal"
        + " starts with a start entry", r.err().strip());
  }

  @Test
  void report_tamperedJournal_exitOneNamingTheEntry() throws IOException {
    Path file = replay("tampered.textproto", 5);
    String text = Files.readString(file);
    int at = text.lastIndexOf("state_hash: \"") + "state_hash: \"".length();
    char changed = text.charAt(at) == '0' ? '1' : '0';
    Files.writeString(file, text.substring(0, at) + changed + text.substring(at + 1));
    ConcertTest.Run r = ConcertTest.run("report", file.toString());
    assertEquals(1, r.exit());
    assertTrue(r.err().startsWith("concert report: " + file
        + " cannot be replayed: journal entry "), r.err());
    assertTrue(r.err().contains("hashes to"), r.err());
  }

  @Test
  void report_outIsTheReplay_isRefused() throws IOException {
    Path file = replay("same.html", 5);
    ConcertTest.Run r = ConcertTest.run("report", file.toString());
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("would overwrite the replay"), r.err());
  }

  @Test
  void defaultOut_replacesTheExtension() {
    assertEquals(Path.of("/tmp/v.html"), ReportCommand.defaultOut(Path.of("/tmp/v.replay")));
    assertEquals(Path.of("m.html"), ReportCommand.defaultOut(Path.of("m.textproto")));
    assertEquals(Path.of("d/plain.html"), ReportCommand.defaultOut(Path.of("d/plain")));
    assertEquals(Path.of(".hidden.html"), ReportCommand.defaultOut(Path.of(".hidden")));
  }
}
