package org.concert.server;

import java.util.ArrayList;
import java.util.List;
import org.concert.maps.ScenarioValidator;
import org.concert.maps.Scenarios;
import org.concert.protocol.v1.MatchConfig;
import org.concert.protocol.v1.Problem;
import org.concert.protocol.v1.ProblemCode;
import org.concert.protocol.v1.RulesConfig;

/** What is wrong with a match's configuration, located at its field in a `CreateMatch`. */
final class MatchConfigs {
  static final String AT = "create_match.config.";
  static final int LONGEST_TURN_SECONDS = 86_400;
  static final int LONGEST_TITLE = 120;

  private MatchConfigs() {}

  /** Every problem of `c`, in field order; empty if a match can be made from it. */
  static List<Problem> problems(MatchConfig c) {
    List<Problem> out = new ArrayList<>();
    RulesConfig scenarioRules = null;
    if (!Scenarios.ids().contains(c.getScenarioId())) {
      out.add(problem(ProblemCode.PROBLEM_CODE_UNKNOWN_SCENARIO, "scenario_id",
          (c.getScenarioId().isEmpty() ? "no scenario named" : "no scenario \""
              + c.getScenarioId() + "\"") + "; there are " + String.join(", ", Scenarios.ids())));
    } else {
      scenarioRules = Scenarios.load(c.getScenarioId()).getRules();
    }
    if (scenarioRules != null) {
      for (ScenarioValidator.RuleProblem p : ScenarioValidator.ruleProblems(scenarioRules,
          c.getRules())) {
        out.add(problem(ProblemCode.PROBLEM_CODE_OUT_OF_RANGE, "rules." + p.field(),
            p.message()));
      }
    }
    if (c.getTurnSeconds() < 0 || c.getTurnSeconds() > LONGEST_TURN_SECONDS) {
      out.add(problem(ProblemCode.PROBLEM_CODE_OUT_OF_RANGE, "turn_seconds", "turn_seconds is "
          + c.getTurnSeconds() + "; it must be between 0 (no deadline) and "
          + LONGEST_TURN_SECONDS));
    }
    undefined(out, "press", c.getPressValue(), org.concert.protocol.v1.Press.forNumber(
        c.getPressValue()) == null);
    undefined(out, "missed_orders", c.getMissedOrdersValue(),
        org.concert.protocol.v1.MissedOrders.forNumber(c.getMissedOrdersValue()) == null);
    undefined(out, "observer_sight", c.getObserverSightValue(),
        org.concert.protocol.v1.ObserverSight.forNumber(c.getObserverSightValue()) == null);
    if (scenarioRules != null) {
      List<String> powers = Scenarios.load(c.getScenarioId()).getPowersList().stream()
          .map(p -> p.getId()).toList();
      java.util.Set<String> kept = new java.util.HashSet<>();
      for (int i = 0; i < c.getBotSeatsCount(); i++) {
        String p = c.getBotSeats(i);
        if (!powers.contains(p)) {
          out.add(problem(ProblemCode.PROBLEM_CODE_UNKNOWN_POWER, "bot_seats[" + i + "]",
              "no power \"" + p + "\" in " + c.getScenarioId() + "; there are "
                  + String.join(", ", powers)));
        } else if (!kept.add(p)) {
          out.add(problem(ProblemCode.PROBLEM_CODE_DUPLICATE_ORDER, "bot_seats[" + i + "]",
              p + " is named twice"));
        }
      }
    }
    if (c.getTitle().length() > LONGEST_TITLE) {
      out.add(problem(ProblemCode.PROBLEM_CODE_OUT_OF_RANGE, "title", "a title has at most "
          + LONGEST_TITLE + " characters, not " + c.getTitle().length()));
    }
    return out;
  }

  private static void undefined(List<Problem> out, String field, int value, boolean unknown) {
    if (unknown) {
      out.add(problem(ProblemCode.PROBLEM_CODE_OUT_OF_RANGE, field, field + " is " + value
          + ", which this server does not define"));
    }
  }

  private static Problem problem(ProblemCode code, String field, String message) {
    return Problem.newBuilder().setCode(code).setField(AT + field).setMessage(message).build();
  }
}
