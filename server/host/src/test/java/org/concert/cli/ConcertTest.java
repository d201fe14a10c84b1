package org.concert.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.concert.maps.ScenarioFiles;
import org.concert.maps.Scenarios;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConcertTest {

  @TempDir Path dir;

  /** What one run of the command line printed, and its exit status. */
  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Concert.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private Path shippedCopy(String id) throws IOException {
    try (InputStream in = Scenarios.class.getResourceAsStream("scenarios/" + id + ScenarioFiles.EXTENSION)) {
      Path file = dir.resolve(id + ScenarioFiles.EXTENSION);
      Files.write(file, in.readAllBytes());
      return file;
    }
  }

  @Test
  void mapsValidate_cleanFiles_exitZeroWithSummary() throws IOException {
    Path tutorial = shippedCopy("tutorial");
    Path vienna = shippedCopy("vienna-1815");
    Run r = run("maps", "validate", tutorial.toString(), vienna.toString());
    assertEquals(0, r.exit(), r.err());
    assertEquals("checked 2 files: no problems\n", r.out().replace(System.lineSeparator(), "\n"));
    assertEquals("", r.err());
  }

  @Test
  void mapsValidate_brokenFile_exitOneWithLocatedProblems() throws IOException {
    String text = Files.readString(shippedCopy("tutorial"))
        .replace("provinces { id: \"steppe\"", "provinces { id: \"marsh\"");
    Path broken = dir.resolve("broken.textproto");
    Files.writeString(broken, text);
    int line = lineOf(text, "provinces { id: \"marsh\" name: \"The Steppe\"");
    int first = lineOf(text, "provinces { id: \"marsh\" name: \"The Marsh\"");

    Run r = run("maps", "validate", broken.toString());

    assertEquals(1, r.exit());
    assertTrue(r.out().contains(broken + ":" + line + ":13: duplicate province id \"marsh\" (first at line "
        + first + ")"), r.out());
    assertTrue(r.out().contains("checked 1 file: "), r.out());
    assertTrue(r.out().strip().endsWith("in 1 file"), r.out());
  }

  @Test
  void mapsValidate_syntaxError_printsLineAndColumn() throws IOException {
    Path broken = dir.resolve("syntax.textproto");
    Files.writeString(broken, "id: \"x\"\nwidth: wide\n");
    Run r = run("maps", "validate", broken.toString());
    assertEquals(1, r.exit());
    assertTrue(r.out().startsWith(broken + ":2:8: "), r.out());
  }

  @Test
  void mapsValidate_missingFile_exitOneWithClearMessage() throws IOException {
    Path clean = shippedCopy("tutorial");
    Path missing = dir.resolve("missing.textproto");
    Run r = run("maps", "validate", missing.toString(), clean.toString());
    assertEquals(1, r.exit());
    assertEquals(missing + ": cannot read: no such file", r.err().strip());
    assertTrue(r.out().contains("checked 2 files: 1 unreadable"), r.out());
  }

  @Test
  void mapsValidate_noFile_isAUsageError() {
    Run r = run("maps", "validate");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("FILE"), r.err());
  }

  @Test
  void mapsList_showsViennaWithItsFivePowers() {
    Run r = run("maps", "list");
    assertEquals(0, r.exit(), r.err());
    String vienna = r.out().lines().filter(l -> l.startsWith("vienna-1815 ")).findFirst().orElseThrow();
    for (String power : List.of("GBR Britain", "FRA France", "AUT Austria", "PRU Prussia", "RUS Russia")) {
      assertTrue(vienna.contains(power), vienna);
    }
    assertTrue(vienna.contains(" " + Scenarios.load("vienna-1815").getProvincesCount() + " "), vienna);
    for (String id : Scenarios.shipped()) {
      assertTrue(r.out().lines().anyMatch(l -> l.startsWith(id + " ")), id);
    }
    assertEquals(1, r.out().lines().filter(l -> l.startsWith("symmetric-")).count(), r.out());
  }

  @Test
  void mapsList_all_listsEachGeneratedMap() {
    Run r = run("maps", "list", "--all");
    assertEquals(0, r.exit());
    for (int n = 2; n <= 8; n++) {
      String id = "symmetric-" + n;
      assertTrue(r.out().lines().anyMatch(l -> l.startsWith(id + " ")), id);
    }
  }

  @Test
  void mapsShow_printsAFileThatValidates() throws IOException {
    Run r = run("maps", "show", "symmetric-3");
    assertEquals(0, r.exit(), r.err());
    Path file = dir.resolve("symmetric-3.textproto");
    Files.writeString(file, r.out(), StandardCharsets.UTF_8);
    assertEquals(0, run("maps", "validate", file.toString()).exit());
  }

  @Test
  void mapsShow_unknownId_exitOneNamingIt() {
    Run r = run("maps", "show", "atlantis");
    assertEquals(1, r.exit());
    assertTrue(r.err().contains("unknown scenario \"atlantis\""), r.err());
  }

  @Test
  void noSubcommand_isAUsageError() {
    assertEquals(2, run().exit());
    assertEquals(2, run("maps").exit());
    assertEquals(2, run("conquer").exit());
  }

  @Test
  void serve_badPublicUrl_isAUsageErrorSayingWhat_andStartsNothing() {
    Run r = run("serve", "--data", dir.resolve("data").toString(), "--public-url",
        "concert.example.edu/class");
    assertEquals(2, r.exit(), r.out());
    assertTrue(r.err().contains("--public-url: 'concert.example.edu/class' must start with"
        + " http:// or https://"), r.err());
    assertFalse(Files.exists(dir.resolve("data")), "a database was made before the flags were"
        + " checked");
    Run ladder = run("serve", "--data", dir.resolve("data").toString(), "--ladder", "atlantis");
    assertEquals(2, ladder.exit(), ladder.out());
    assertTrue(ladder.err().contains("--ladder: no scenario \"atlantis\"; there are"),
        ladder.err());
    assertFalse(Files.exists(dir.resolve("data")));
  }

  @TestFactory
  Stream<DynamicTest> everyCommand_hasHelpAndVersion() {
    List<String[]> paths = new ArrayList<>();
    collect(Concert.commandLine(), new ArrayList<>(), paths);
    assertTrue(paths.size() >= 4, "commands found: " + paths.size());
    return paths.stream().flatMap(path -> Stream.of("--help", "--version").map(flag -> {
      String[] args = Stream.concat(Stream.of(path), Stream.of(flag)).toArray(String[]::new);
      return DynamicTest.dynamicTest(String.join(" ", args), () -> {
        Run r = run(args);
        assertEquals(0, r.exit(), r.err());
        assertFalse(r.out().isBlank());
        assertTrue(flag.equals("--help") ? r.out().startsWith("Usage: concert") : r.out().startsWith("concert "),
            r.out());
      });
    }));
  }

  private static void collect(CommandLine cli, List<String> prefix, List<String[]> into) {
    into.add(prefix.toArray(String[]::new));
    cli.getSubcommands().forEach((name, sub) -> {
      if (!sub.getCommandSpec().name().equals(name)) {
        return; // an alias
      }
      List<String> next = new ArrayList<>(prefix);
      next.add(name);
      collect(sub, next, into);
    });
  }

  private static int lineOf(String text, String start) {
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(start)) {
        return i + 1;
      }
    }
    throw new AssertionError("no line starts with " + start);
  }
}
