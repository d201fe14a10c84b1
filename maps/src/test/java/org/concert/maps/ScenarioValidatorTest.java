package org.concert.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Descriptors.FieldDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.concert.maps.Problem.Code;
import org.concert.protocol.v1.Cession;
import org.concert.protocol.v1.Clause;
import org.concert.protocol.v1.LinkDef;
import org.concert.protocol.v1.ProposalTerms;
import org.concert.protocol.v1.RulesConfig;
import org.concert.protocol.v1.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScenarioValidatorTest {

  /** Two powers, one link: the smallest clean scenario, one field a line. */
  private static final String TWO_POWERS = String.join("\n",
      "id: \"duel\"",
      "name: \"Duel\"",
      "description: \"Two powers.\"",
      "start_year: 1900",
      "width: 300",
      "height: 200",
      "powers { id: \"AAA\" name: \"A\" capital: \"a\" treasury: 10 color: \"#0072B2\" }",
      "powers { id: \"BBB\" name: \"B\" capital: \"b\" treasury: 10 color: \"#E69F00\" }",
      "provinces { id: \"a\" name: \"A\" owner: \"AAA\" value: 2 home: true at { x: 50 y: 100 } }",
      "provinces { id: \"b\" name: \"B\" owner: \"BBB\" value: 2 home: true at { x: 250 y: 100 } }",
      "links { a: \"a\" b: \"b\" }",
      "");

  @Test
  void validate_cleanText_hasNoProblems() {
    CheckedScenario checked = ScenarioFiles.parse("duel.textproto", TWO_POWERS);
    assertEquals(List.of(), checked.problems());
  }

  @Test
  void validate_duplicateLink_reportsBothLines() {
    CheckedScenario checked = ScenarioFiles.parse("duel.textproto",
        TWO_POWERS + "links { a: \"b\" b: \"a\" kind: LINK_KIND_SEA }\n");
    assertEquals(1, checked.problems().size(), checked.problems().toString());
    Problem p = checked.problems().get(0);
    assertEquals(Code.DUPLICATE_LINK, p.code());
    assertEquals(12, p.line());
    assertTrue(p.message().contains("(first at line 11)"), p.message());
    assertEquals("duel.textproto:12:1: " + p.message(), p.toString());
  }

  @Test
  void validate_severalProblems_reportsEveryOneInFileOrder() {
    String text = TWO_POWERS
        + "links { a: \"a\" b: \"a\" }\n"
        + "stacks { power: \"AAA\" province: \"b\" strength: 0 }\n"
        + "rules { turns: 0 }\n";
    List<Problem> problems = ScenarioFiles.parse("duel.textproto", text).problems();
    assertEquals(List.of(Code.SELF_LINK, Code.BAD_STACK, Code.BAD_STACK, Code.OUT_OF_RANGE),
        problems.stream().map(Problem::code).toList());
    assertEquals(List.of(12, 13, 13, 14), problems.stream().map(Problem::line).toList());
  }

  @Test
  void validate_scenarioBuiltInCode_hasProblemsWithoutLocation() {
    Scenario s = ScenarioFiles.parse("duel.textproto", TWO_POWERS).orThrow().toBuilder()
        .addLinks(LinkDef.newBuilder().setA("a").setB("nowhere"))
        .build();
    List<Problem> problems = ScenarioValidator.validate(s);
    assertEquals(1, problems.size());
    Problem p = problems.get(0);
    assertEquals(Code.UNKNOWN_REFERENCE, p.code());
    assertEquals(0, p.line());
    assertEquals("duel: link names unknown province \"nowhere\"", p.toString());
  }

  @Test
  void validate_consistentStartingWarsAndTreaties_haveNoProblems() {
    String text = TWO_POWERS
        + "wars { a: \"BBB\" b: \"AAA\" }\n"
        + "treaties { parties: [\"AAA\", \"BBB\"] clauses { peace {} }"
        + " clauses { subsidy { from: \"AAA\" to: \"BBB\" gold_per_turn: 3 } } duration_turns: 5 }\n"
        + "treaties { parties: \"BBB\" parties: \"AAA\" clauses { arms_limit { cap: 0 } }"
        + " clauses { demilitarized { provinces: \"a\" } } clauses { neutrality {} } secret: true }\n";
    CheckedScenario checked = ScenarioFiles.parse("duel.textproto", text);
    assertEquals(List.of(), checked.problems());
    assertEquals(2, checked.orThrow().getTreatiesCount());
    assertEquals(1, checked.orThrow().getWarsCount());
  }

  static Stream<Arguments> startingDiplomacyProblems() {
    return Stream.of(
        Arguments.of("treaties { parties: [\"AAA\", \"BBB\"] clauses { non_aggression {} }"
            + " duration_turns: -1 }", Code.OUT_OF_RANGE),
        Arguments.of("treaties { parties: [\"AAA\", \"ZZZ\"] clauses { non_aggression {} } }",
            Code.UNKNOWN_REFERENCE),
        Arguments.of("treaties { parties: [\"AAA\", \"BBB\", \"AAA\"] clauses { non_aggression {} } }",
            Code.BAD_PARTIES),
        Arguments.of("treaties { parties: [\"AAA\", \"BBB\"] clauses { concert {} } }", Code.BAD_PARTIES),
        Arguments.of("treaties { parties: [\"AAA\", \"BBB\"] }", Code.BAD_CLAUSE),
        Arguments.of("treaties { parties: [\"AAA\", \"BBB\"] clauses {"
            + " cession { province: \"a\" from: \"AAA\" to: \"BBB\" } } }", Code.BAD_CLAUSE),
        Arguments.of("treaties { parties: [\"AAA\", \"BBB\"] clauses { peace {} } }", Code.WAR_CONFLICT),
        Arguments.of("wars { a: \"AAA\" b: \"BBB\" } treaties { parties: [\"AAA\", \"BBB\"]"
            + " clauses { defensive_alliance {} } }", Code.WAR_CONFLICT),
        Arguments.of("wars { a: \"AAA\" b: \"AAA\" }", Code.SELF_WAR),
        Arguments.of("wars { a: \"AAA\" b: \"BBB\" } wars { a: \"BBB\" b: \"AAA\" }",
            Code.DUPLICATE_WAR));
  }

  @ParameterizedTest
  @MethodSource("startingDiplomacyProblems")
  void validate_startingDiplomacyProblem_hasItsStableCode(String line, Code code) {
    List<Problem> problems = ScenarioFiles.parse("duel.textproto", TWO_POWERS + line + "\n").problems();
    assertEquals(List.of(code), problems.stream().map(Problem::code).toList(), problems.toString());
    assertEquals(12, problems.get(0).line());
  }

  @Test
  void validate_startingCessionBuiltInCode_isUnlocatedAndSaysWhy() {
    Scenario s = ScenarioFiles.parse("duel.textproto", TWO_POWERS).orThrow().toBuilder()
        .addTreaties(ProposalTerms.newBuilder().addParties("AAA").addParties("BBB")
            .addClauses(Clause.newBuilder().setCession(
                Cession.newBuilder().setProvince("a").setFrom("AAA").setTo("BBB"))))
        .build();
    List<Problem> problems = ScenarioValidator.validate(s);
    assertEquals(1, problems.size(), problems.toString());
    assertEquals(Code.BAD_CLAUSE, problems.get(0).code());
    assertEquals(0, problems.get(0).line());
    assertTrue(problems.get(0).toString().startsWith("duel: treaty 1 has a cession"), problems.toString());
    assertTrue(problems.get(0).message().contains("never signed in play"), problems.get(0).message());
  }

  @Test
  void parse_syntaxError_locatesLineAndColumn() {
    CheckedScenario checked = ScenarioFiles.parse("bad.textproto", "id: \"x\"\nwidth: wide\n");
    assertTrue(checked.scenario().isEmpty());
    Problem p = checked.problems().get(0);
    assertEquals(Code.SYNTAX, p.code());
    assertEquals(2, p.line());
    assertEquals(8, p.column());
  }

  @Test
  void parse_fieldWrittenTwice_isASyntaxError() {
    CheckedScenario checked = ScenarioFiles.parse("twice.textproto", TWO_POWERS + "width: 400\n");
    Problem p = checked.problems().get(0);
    assertEquals(Code.SYNTAX, p.code());
    assertEquals(12, p.line());
    assertTrue(p.message().contains("cannot be overwritten"), p.message());
  }

  @Test
  void validate_missingFieldOfAnEntry_isPlacedAtTheEntry() {
    String text = TWO_POWERS.replace("provinces { id: \"b\" name: \"B\" owner: \"BBB\" value: 2 home: true",
        "provinces {\n  id: \"b\"\n  owner: \"BBB\"\n  value: 2\n  home: true");
    List<Problem> problems = ScenarioFiles.parse("entry.textproto", text).problems();
    assertEquals(1, problems.size(), problems.toString());
    assertEquals(10, problems.get(0).line());
    assertEquals(1, problems.get(0).column());
    assertTrue(problems.get(0).message().contains("has no name"));
  }

  @Test
  void docsExample_validatesWithZeroProblems() throws IOException {
    Path doc = Path.of("..", "docs", "maps.md");
    assertTrue(Files.exists(doc), "no " + doc.toAbsolutePath());
    Matcher example = Pattern.compile("```textproto\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(doc));
    assertTrue(example.find(), "docs/maps.md has no textproto example");
    CheckedScenario checked = ScenarioFiles.parse("docs/maps.md example", example.group(1));
    assertEquals(List.of(), checked.problems());
    assertTrue(checked.clean());
  }

  @Test
  void docsFragments_addedToTheExample_validateWithZeroProblems() throws IOException {
    Matcher example = Pattern.compile("```textproto\n(.*?)```", Pattern.DOTALL)
        .matcher(Files.readString(Path.of("..", "docs", "maps.md")));
    assertTrue(example.find(), "docs/maps.md has no textproto example");
    String complete = example.group(1);
    int fragments = 0;
    while (example.find()) {
      fragments++;
      CheckedScenario checked =
          ScenarioFiles.parse("docs/maps.md fragment " + fragments, complete + example.group(1));
      assertEquals(List.of(), checked.problems());
    }
    assertTrue(fragments > 0, "docs/maps.md shows no fragment to add to its example");
  }

  @Test
  void validate_rulesRanges_coverEveryNumberKnobAndAcceptTheRulebook() {
    RulesConfig rulebook = RuleDefaults.rulebook();
    for (FieldDescriptor field : RulesConfig.getDescriptor().getFields()) {
      if (field.getJavaType() == FieldDescriptor.JavaType.INT) {
        int[] range = ScenarioValidator.ruleRange(field.getName());
        assertNotNull(range, "no range for rules." + field.getName());
        int value = (Integer) rulebook.getField(field);
        assertTrue(value >= range[0] && value <= range[1], "rulebook " + field.getName() + " out of range");
      }
    }
  }
}
