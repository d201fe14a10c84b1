package org.concert.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.TextFormat;
import java.nio.charset.StandardCharsets;
import org.concert.protocol.v1.Scenario;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the scenario loader: any text gives a {@link CheckedScenario} (a scenario, problems, or
 * both), never an exception, and every problem points inside the text it came from.
 */
class ScenarioFilesFuzzTest {

  /** Longer than any input takes, even on a loaded machine; past it, the input hangs. */
  private static final int HANG_SECONDS = 30;

  private static final String FILE = "fuzzed.textproto";

  @Timeout(HANG_SECONDS) // a hang is a finding: Jazzer takes this as its per-input timeout
  @FuzzTest
  void parse_anyText_givesProblemsOrAScenarioAndNeverThrows(byte[] input) throws Exception {
    String text = new String(input, StandardCharsets.UTF_8);

    CheckedScenario checked = ScenarioFiles.parse(FILE, text);

    assertEquals(FILE, checked.file());
    long lines = text.chars().filter(c -> c == '\n').count() + 1;
    for (Problem p : checked.problems()) {
      assertEquals(FILE, p.file());
      assertFalse(p.message().isBlank(), () -> "a problem says what is wrong: " + p.code());
      assertTrue(p.line() <= lines, () -> "line " + p.line() + " of a text of " + lines + ": " + p);
    }
    if (checked.scenario().isEmpty()) {
      assertTrue(checked.problems().stream().anyMatch(p -> p.code() == Problem.Code.SYNTAX),
          () -> "text that does not parse has a syntax problem: " + checked.problems());
      return;
    }
    assertTrue(checked.problems().stream().noneMatch(p -> p.code() == Problem.Code.SYNTAX),
        () -> "a scenario that parsed has no syntax problem: " + checked.problems());
    assertEquals(checked.clean(), checked.problems().isEmpty());
    // What was read, printed and read again, is the same scenario with the same kinds of problem.
    Scenario scenario = checked.scenario().orElseThrow();
    CheckedScenario again = ScenarioFiles.parse(FILE, TextFormat.printer().printToString(scenario));
    assertEquals(scenario, again.scenario().orElseThrow());
    assertEquals(checked.problems().stream().map(Problem::code).sorted().toList(),
        again.problems().stream().map(Problem::code).sorted().toList());
  }
}
