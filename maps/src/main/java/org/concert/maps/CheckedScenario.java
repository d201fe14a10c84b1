package org.concert.maps;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.concert.protocol.v1.Scenario;

/**
 * A scenario file after reading and checking: the scenario, when the text could be parsed, and
 * every problem found in it.
 *
 * @param file the file name the problems are reported under
 * @param scenario the parsed scenario; empty when the text has a syntax error
 * @param problems every problem found, sorted by line and column; empty when the file is clean
 */
public record CheckedScenario(String file, Optional<Scenario> scenario, List<Problem> problems) {

  /** Validates the fields and copies the list. */
  public CheckedScenario {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(scenario, "scenario");
    problems = List.copyOf(problems);
  }

  /** Whether the file parsed and has no problem at all. */
  public boolean clean() {
    return scenario.isPresent() && problems.isEmpty();
  }

  /**
   * The scenario, when the file is clean.
   *
   * @throws IllegalStateException naming every problem, when it is not
   */
  public Scenario orThrow() {
    if (!clean()) {
      throw new IllegalStateException("scenario file " + file + " has " + problems.size()
          + " problem" + (problems.size() == 1 ? "" : "s") + ":\n"
          + problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
    }
    return scenario.orElseThrow();
  }
}
