package org.concert.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Conformance as data: every file under {@code broken/} states the problems it must produce in
 * comments of the form {@code # expect: LINE[:COLUMN]: text}, and must produce exactly those.
 */
class BrokenScenariosTest {

  private static final Pattern EXPECT = Pattern.compile("^# expect: (\\d+)(?::(\\d+))?: (.+)$");

  /** One expected problem: its line, its column (0 when not stated) and a part of its message. */
  record Expectation(int line, int column, String text) {
    boolean matches(Problem p) {
      return p.line() == line && (column == 0 || p.column() == column) && p.message().contains(text);
    }

    @Override
    public String toString() {
      return line + (column == 0 ? "" : ":" + column) + ": " + text;
    }
  }

  @TestFactory
  Stream<DynamicTest> validate_brokenFixture_reportsExactlyTheExpectedProblems() throws IOException {
    List<Path> files = fixtures("broken");
    assertFalse(files.isEmpty(), "no fixtures loaded from broken/");
    return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> check(file)));
  }

  @Test
  void validate_minimalFixture_isClean() throws IOException {
    Path minimal = fixtures("valid").stream()
        .filter(p -> p.getFileName().toString().equals("minimal.textproto")).findFirst().orElseThrow();
    CheckedScenario checked = ScenarioFiles.read(minimal);
    assertEquals(List.of(), checked.problems());
    assertTrue(checked.clean());
  }

  private static void check(Path file) throws IOException {
    List<Expectation> expected = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      Matcher m = EXPECT.matcher(line);
      if (m.matches()) {
        expected.add(new Expectation(Integer.parseInt(m.group(1)),
            m.group(2) == null ? 0 : Integer.parseInt(m.group(2)), m.group(3)));
      }
    }
    assertFalse(expected.isEmpty(), file + " states no expectation");
    CheckedScenario checked = ScenarioFiles.read(file);
    assertFalse(checked.clean(), file + " is clean");
    List<Problem> unmatched = new ArrayList<>(checked.problems());
    for (Expectation e : expected) {
      Problem hit = unmatched.stream().filter(e::matches).findFirst().orElse(null);
      if (hit == null) {
        fail("expected " + e + "\nbut got:\n" + render(checked.problems()));
      }
      unmatched.remove(hit);
      assertEquals(file.toString(), hit.file());
    }
    assertEquals(List.of(), unmatched, "problems nobody expected");
  }

  private static String render(List<Problem> problems) {
    StringBuilder s = new StringBuilder();
    problems.forEach(p -> s.append("  ").append(p).append('\n'));
    return s.toString();
  }

  private static List<Path> fixtures(String dir) throws IOException {
    URL url = BrokenScenariosTest.class.getClassLoader().getResource(dir);
    if (url == null) {
      return List.of();
    }
    try (Stream<Path> listing = Files.list(Path.of(url.toURI()))) {
      return listing.filter(p -> p.toString().endsWith(ScenarioFiles.EXTENSION)).sorted().toList();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
