package org.concert.maps;

import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.TextFormatParseInfoTree;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.concert.maps.Problem.Code;
import org.concert.protocol.v1.LinkDef;
import org.concert.protocol.v1.MinorDef;
import org.concert.protocol.v1.Point;
import org.concert.protocol.v1.PowerDef;
import org.concert.protocol.v1.ProvinceDef;
import org.concert.protocol.v1.RulesConfig;
import org.concert.protocol.v1.Scenario;
import org.concert.protocol.v1.StackDef;

/**
 * Checks a scenario against the rulebook and reports every problem it finds, not just the first.
 *
 * <p>What it checks: ids (present, well formed, unique: provinces in one namespace, powers and
 * minors together in the owner namespace); every reference (link ends, stack powers and provinces,
 * capitals, province owners); links (no self links, no pair written twice in either order); that
 * the map is connected; 2 to 8 great powers, each with home provinces it owns and a capital among
 * them; home provinces owned by great powers; garrisons on exactly the provinces minors own;
 * minors that own something; starting stacks of strength at least 1 on their power's own
 * provinces, one per power and province; province values, forts, treasuries and credibility in
 * range; colours as {@code #rrggbb}, each used once; coordinates inside the drawing area, one
 * province per point; every knob of the rules inside the range the rulebook allows; and the
 * diplomacy the scenario starts with: wars between two distinct great powers, each pair once, and
 * treaties the powers could have signed in play, judged against those wars and without cessions.
 *
 * <p>The validator is a pure function of its input and never throws on a bad scenario: a map
 * author's mistake is a {@link Problem}, sorted by line and column.
 */
public final class ScenarioValidator {

  /** The fewest great powers a scenario may have. */
  public static final int MIN_POWERS = 2;
  /** The most great powers a scenario may have. */
  public static final int MAX_POWERS = 8;
  /** The highest fort level any rules allow. */
  public static final int FORT_LIMIT = 5;

  private static final Pattern SCENARIO_ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  private static final Pattern POWER_ID = Pattern.compile("[A-Z]{3}");
  private static final Pattern NAME_ID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
  private static final Pattern COLOR = Pattern.compile("#[0-9A-Fa-f]{6}");

  /** The allowed range of every number knob in {@link RulesConfig}, by field name. */
  private static final Map<String, int[]> RULE_RANGES = ruleRanges();

  private static Map<String, int[]> ruleRanges() {
    Map<String, int[]> r = new LinkedHashMap<>();
    r.put("turns", new int[] {1, 200});
    r.put("fog_noise_percent", new int[] {0, 100});
    r.put("fog_radius", new int[] {0, 10});
    r.put("friction_percent", new int[] {0, 50});
    r.put("start_credibility", new int[] {0, 100});
    r.put("upkeep_per_strength", new int[] {0, 1000});
    r.put("army_cost", new int[] {0, 1000});
    r.put("fort_cost", new int[] {0, 1000});
    r.put("fort_max", new int[] {0, FORT_LIMIT});
    r.put("fort_bonus_percent", new int[] {0, 100});
    r.put("invest_return_percent", new int[] {0, 100});
    r.put("war_weariness_percent", new int[] {0, 100});
    r.put("war_weariness_cap_percent", new int[] {0, 100});
    r.put("sea_attack_percent", new int[] {0, 100});
    r.put("casualty_percent", new int[] {0, 100});
    r.put("penalty_non_aggression", new int[] {0, 100});
    r.put("penalty_abandon", new int[] {0, 100});
    r.put("penalty_arms_limit", new int[] {0, 100});
    r.put("penalty_concert", new int[] {0, 100});
    r.put("reward_honour", new int[] {0, 100});
    r.put("hegemony_warning_percent", new int[] {1, 100});
    r.put("hegemony_victory_percent", new int[] {1, 100});
    r.put("hegemony_victory_turns", new int[] {1, 200});
    r.put("renounce_notice_turns", new int[] {0, 20});
    r.put("max_proposals_per_turn", new int[] {0, 100});
    r.put("expansion_threat_percent", new int[] {0, 100});
    return Map.copyOf(r);
  }

  private ScenarioValidator() {}

  /**
   * Validates a scenario built in code (a generated map, say). Problems carry no location and
   * name the scenario's id (or {@code "<scenario>"} without one) as their file.
   */
  public static List<Problem> validate(Scenario scenario) {
    Objects.requireNonNull(scenario, "scenario");
    String label = scenario.getId().isEmpty() ? "<scenario>" : scenario.getId();
    return new Run(label, scenario, SourceMap.none()).check();
  }

  /**
   * Validates a scenario parsed from text, placing each problem at the line and column of the
   * offending field (or of the nearest enclosing field, when the offence is a missing field).
   *
   * @param file the file name to report problems under
   * @param scenario the parsed scenario
   * @param locations where the parser found each field (see {@link ScenarioFiles})
   */
  public static List<Problem> validate(
      String file, Scenario scenario, TextFormatParseInfoTree locations) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(locations, "locations");
    return new Run(file, scenario, SourceMap.of(locations)).check();
  }

  /** The range a rules knob must lie in, for documentation and tests; null for unknown names. */
  public static int[] ruleRange(String fieldName) {
    int[] range = RULE_RANGES.get(fieldName);
    return range == null ? null : range.clone();
  }

  /** A rules knob out of its range: the knob's field number and name, and what is wrong. */
  public record RuleProblem(int fieldNumber, String field, Problem.Code code, String message) {}

  /**
   * Checks the knobs `set` sets, over `base` (the rulebook for a scenario's own rules, a
   * scenario's rules for a match's overrides): each number within its range, each enum a value
   * its type defines, and the hegemony warning not above the victory threshold.
   *
   * @return every problem, in field order; empty if the rules are fine
   */
  public static List<RuleProblem> ruleProblems(RulesConfig base, RulesConfig set) {
    List<RuleProblem> out = new ArrayList<>();
    for (Map.Entry<FieldDescriptor, Object> knob : set.getAllFields().entrySet()) {
      FieldDescriptor field = knob.getKey();
      String name = "rules." + field.getName();
      if (field.getJavaType() == FieldDescriptor.JavaType.ENUM) {
        String unknown = undefinedEnum(name, (EnumValueDescriptor) knob.getValue());
        if (unknown != null) {
          out.add(new RuleProblem(field.getNumber(), field.getName(), Code.UNKNOWN_ENUM, unknown));
        }
      } else if (field.getJavaType() == FieldDescriptor.JavaType.INT) {
        int[] range = RULE_RANGES.get(field.getName());
        int value = (Integer) knob.getValue();
        if (range == null) {
          throw new IllegalStateException("no range known for " + name);
        }
        if (value < range[0] || value > range[1]) {
          out.add(new RuleProblem(field.getNumber(), field.getName(), Code.OUT_OF_RANGE, name
              + " is " + value + "; it must be between " + range[0] + " and " + range[1]));
        }
      }
    }
    RulesConfig resolved = RuleDefaults.resolve(base, set);
    if (resolved.getHegemonyWarningPercent() > resolved.getHegemonyVictoryPercent()) {
      boolean warning = set.hasHegemonyWarningPercent() || !set.hasHegemonyVictoryPercent();
      out.add(new RuleProblem(warning ? RulesConfig.HEGEMONY_WARNING_PERCENT_FIELD_NUMBER
          : RulesConfig.HEGEMONY_VICTORY_PERCENT_FIELD_NUMBER,
          warning ? "hegemony_warning_percent" : "hegemony_victory_percent", Code.OUT_OF_RANGE,
          "rules.hegemony_warning_percent (" + resolved.getHegemonyWarningPercent()
              + ") must not exceed rules.hegemony_victory_percent ("
              + resolved.getHegemonyVictoryPercent() + ")"));
    }
    return out;
  }

  /** Why an enum value is not one its type defines, or null if it is. */
  private static String undefinedEnum(String name, EnumValueDescriptor value) {
    return value.getType().findValueByNumber(value.getNumber()) != null ? null
        : name + " is " + value.getNumber() + ", which " + value.getType().getName()
            + " does not define";
  }

  /** One validation: the scenario, where its fields are, and the problems found so far. */
  private static final class Run implements StartingDiplomacy.Findings {
    private final String file;
    private final Scenario scenario;
    private final SourceMap source;
    private final List<Problem> problems = new ArrayList<>();

    /** Owner ids (powers and minors) to the index of their first definition. */
    private final Map<String, Integer> powerIndex = new HashMap<>();
    private final Map<String, Integer> minorIndex = new HashMap<>();
    /** Province ids to the index of their first definition. */
    private final Map<String, Integer> provinceIndex = new HashMap<>();

    Run(String file, Scenario scenario, SourceMap source) {
      this.file = file;
      this.scenario = scenario;
      this.source = source;
    }

    List<Problem> check() {
      checkHeader();
      RulesConfig rules = checkRules();
      int fortMax = Math.max(0, Math.min(FORT_LIMIT, rules.getFortMax()));
      checkPowers();
      checkMinors();
      checkProvinces(fortMax);
      checkPowerHomes();
      checkMinorsOwnSomething();
      checkLinks();
      checkStacks();
      new StartingDiplomacy(scenario, powerIndex.keySet(), minorIndex.keySet(),
          provinceIndex.keySet(), this).check();
      problems.sort(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column));
      return List.copyOf(problems);
    }

    // --- reporting ---------------------------------------------------------------------

    @Override
    public void report(FieldPath where, Code code, String message) {
      int[] at = source.locate(where);
      problems.add(new Problem(file, at[0], at[1], code, message));
    }

    @Override
    public int line(FieldPath where) {
      return source.locate(where)[0];
    }

    /** " (first at line N)" when the file has lines, else nothing. */
    private String firstAt(FieldPath first) {
      int line = source.locate(first)[0];
      return line > 0 ? " (first at line " + line + ")" : "";
    }

    private static FieldPath power(int i) {
      return FieldPath.root().element(Scenario.POWERS_FIELD_NUMBER, i);
    }

    private static FieldPath minor(int i) {
      return FieldPath.root().element(Scenario.MINORS_FIELD_NUMBER, i);
    }

    private static FieldPath province(int i) {
      return FieldPath.root().element(Scenario.PROVINCES_FIELD_NUMBER, i);
    }

    private static FieldPath link(int i) {
      return FieldPath.root().element(Scenario.LINKS_FIELD_NUMBER, i);
    }

    private static FieldPath stack(int i) {
      return FieldPath.root().element(Scenario.STACKS_FIELD_NUMBER, i);
    }

    private static FieldPath rules(int number) {
      return FieldPath.root().field(Scenario.RULES_FIELD_NUMBER).field(number);
    }

    // --- the scenario's own fields --------------------------------------------------------

    private void checkHeader() {
      FieldPath id = FieldPath.root().field(Scenario.ID_FIELD_NUMBER);
      if (scenario.getId().isEmpty()) {
        report(id, Code.MISSING_FIELD, "the scenario has no id");
      } else if (!SCENARIO_ID.matcher(scenario.getId()).matches()) {
        report(id, Code.BAD_ID, "scenario id \"" + scenario.getId()
            + "\" must be lower-case letters and digits joined by dashes, like \"vienna-1815\"");
      }
      if (scenario.getName().isBlank()) {
        report(FieldPath.root().field(Scenario.NAME_FIELD_NUMBER), Code.MISSING_FIELD,
            "the scenario has no name");
      }
      if (scenario.getDescription().isBlank()) {
        report(FieldPath.root().field(Scenario.DESCRIPTION_FIELD_NUMBER), Code.MISSING_FIELD,
            "the scenario has no description");
      }
      FieldPath year = FieldPath.root().field(Scenario.START_YEAR_FIELD_NUMBER);
      if (scenario.getStartYear() == 0) {
        report(year, Code.MISSING_FIELD, "the scenario has no start_year");
      } else if (scenario.getStartYear() < 1 || scenario.getStartYear() > 9999) {
        report(year, Code.OUT_OF_RANGE,
            "start_year is " + scenario.getStartYear() + "; it must be between 1 and 9999");
      }
      checkExtent(Scenario.WIDTH_FIELD_NUMBER, "width", scenario.getWidth());
      checkExtent(Scenario.HEIGHT_FIELD_NUMBER, "height", scenario.getHeight());
      int count = scenario.getPowersCount();
      if (count < MIN_POWERS || count > MAX_POWERS) {
        FieldPath where = count > MAX_POWERS ? power(MAX_POWERS) : count > 0 ? power(0) : FieldPath.root();
        report(where, Code.POWER_COUNT, "the scenario has " + count + " great power"
            + (count == 1 ? "" : "s") + "; it must have " + MIN_POWERS + " to " + MAX_POWERS);
      }
    }

    private void checkExtent(int number, String name, double value) {
      FieldPath where = FieldPath.root().field(number);
      if (value == 0) {
        report(where, Code.MISSING_FIELD, "the scenario has no drawing " + name);
      } else if (!(value > 0) || Double.isInfinite(value)) {
        report(where, Code.OUT_OF_RANGE, "the drawing " + name + " must be a positive number");
      }
    }

    // --- rules ------------------------------------------------------------------------------

    /** Checks every knob that is set; returns the rules resolved over the rulebook. */
    private RulesConfig checkRules() {
      for (RuleProblem p : ruleProblems(RulesConfig.getDefaultInstance(), scenario.getRules())) {
        report(rules(p.fieldNumber()), p.code(), p.message());
      }
      return RuleDefaults.resolve(scenario.getRules());
    }

    private void checkEnum(FieldPath where, String name, EnumValueDescriptor value) {
      String unknown = undefinedEnum(name, value);
      if (unknown != null) {
        report(where, Code.UNKNOWN_ENUM, unknown);
      }
    }

    // --- owners -------------------------------------------------------------------------

    private void checkPowers() {
      Map<String, Integer> colors = new HashMap<>();
      for (int i = 0; i < scenario.getPowersCount(); i++) {
        PowerDef p = scenario.getPowers(i);
        FieldPath at = power(i);
        String id = p.getId();
        if (id.isEmpty()) {
          report(at, Code.MISSING_FIELD, "a power has no id");
        } else {
          if (!POWER_ID.matcher(id).matches()) {
            report(at.field(PowerDef.ID_FIELD_NUMBER), Code.BAD_ID,
                "power id \"" + id + "\" must be three upper-case letters, like \"GBR\"");
          }
          Integer first = powerIndex.putIfAbsent(id, i);
          if (first != null) {
            report(at.field(PowerDef.ID_FIELD_NUMBER), Code.DUPLICATE_ID,
                "duplicate power id \"" + id + "\"" + firstAt(power(first)));
          }
        }
        String who = id.isEmpty() ? "a power" : "power " + id;
        if (p.getName().isBlank()) {
          report(at, Code.MISSING_FIELD, who + " has no name");
        }
        if (p.getCapital().isEmpty()) {
          report(at, Code.BAD_CAPITAL, who + " has no capital");
        }
        if (p.getTreasury() < 0) {
          report(at.field(PowerDef.TREASURY_FIELD_NUMBER), Code.OUT_OF_RANGE,
              who + " has a treasury of " + p.getTreasury() + "; it must not be negative");
        }
        if (p.getInvested() < 0) {
          report(at.field(PowerDef.INVESTED_FIELD_NUMBER), Code.OUT_OF_RANGE,
              who + " has " + p.getInvested() + " gold invested; it must not be negative");
        }
        if (p.hasCredibility() && (p.getCredibility() < 0 || p.getCredibility() > 100)) {
          report(at.field(PowerDef.CREDIBILITY_FIELD_NUMBER), Code.OUT_OF_RANGE,
              who + " has credibility " + p.getCredibility() + "; it must be between 0 and 100");
        }
        if (p.hasBelievedThetaPercent()
            && (p.getBelievedThetaPercent() < 10 || p.getBelievedThetaPercent() > 300)) {
          report(at.field(PowerDef.BELIEVED_THETA_PERCENT_FIELD_NUMBER), Code.OUT_OF_RANGE,
              who + " has believed_theta_percent " + p.getBelievedThetaPercent()
                  + "; it must be between 10 and 300");
        }
        FieldPath color = at.field(PowerDef.COLOR_FIELD_NUMBER);
        if (p.getColor().isEmpty()) {
          report(at, Code.BAD_COLOR, who + " has no colour");
        } else if (!COLOR.matcher(p.getColor()).matches()) {
          report(color, Code.BAD_COLOR,
              who + " has colour \"" + p.getColor() + "\"; write it as \"#rrggbb\"");
        } else {
          Integer first = colors.putIfAbsent(p.getColor().toLowerCase(Locale.ROOT), i);
          if (first != null) {
            report(color, Code.BAD_COLOR, who + " has the same colour as power "
                + scenario.getPowers(first).getId() + firstAt(power(first)));
          }
        }
      }
    }

    private void checkMinors() {
      for (int i = 0; i < scenario.getMinorsCount(); i++) {
        MinorDef m = scenario.getMinors(i);
        FieldPath at = minor(i);
        String id = m.getId();
        if (id.isEmpty()) {
          report(at, Code.MISSING_FIELD, "a minor state has no id");
        } else {
          FieldPath idAt = at.field(MinorDef.ID_FIELD_NUMBER);
          if (!NAME_ID.matcher(id).matches()) {
            report(idAt, Code.BAD_ID, "minor id \"" + id
                + "\" must be lower-case letters and digits joined by dashes, like \"papal-states\"");
          }
          Integer asPower = powerIndex.get(id);
          Integer first = minorIndex.putIfAbsent(id, i);
          if (asPower != null) {
            report(idAt, Code.DUPLICATE_ID, "minor id \"" + id + "\" is already a power's id"
                + firstAt(power(asPower)) + "; powers and minors share one namespace");
          } else if (first != null) {
            report(idAt, Code.DUPLICATE_ID, "duplicate minor id \"" + id + "\"" + firstAt(minor(first)));
          }
        }
        if (m.getName().isBlank()) {
          report(at, Code.MISSING_FIELD, (id.isEmpty() ? "a minor state" : "minor " + id) + " has no name");
        }
      }
    }

    // --- provinces ----------------------------------------------------------------------

    private void checkProvinces(int fortMax) {
      Map<String, Integer> points = new HashMap<>();
      for (int i = 0; i < scenario.getProvincesCount(); i++) {
        ProvinceDef p = scenario.getProvinces(i);
        FieldPath at = province(i);
        String id = p.getId();
        if (id.isEmpty()) {
          report(at, Code.MISSING_FIELD, "a province has no id");
        } else {
          FieldPath idAt = at.field(ProvinceDef.ID_FIELD_NUMBER);
          if (!NAME_ID.matcher(id).matches()) {
            report(idAt, Code.BAD_ID, "province id \"" + id
                + "\" must be lower-case letters and digits joined by dashes, like \"st-petersburg\"");
          }
          Integer first = provinceIndex.putIfAbsent(id, i);
          if (first != null) {
            report(idAt, Code.DUPLICATE_ID,
                "duplicate province id \"" + id + "\"" + firstAt(province(first)));
          }
        }
        String what = id.isEmpty() ? "a province" : "province \"" + id + "\"";
        if (p.getName().isBlank()) {
          report(at, Code.MISSING_FIELD, what + " has no name");
        }
        if (p.getValue() < 0) {
          report(at.field(ProvinceDef.VALUE_FIELD_NUMBER), Code.OUT_OF_RANGE,
              what + " has value " + p.getValue() + "; it must not be negative");
        }
        checkEnum(at.field(ProvinceDef.TERRAIN_FIELD_NUMBER), what + " terrain",
            p.getDescriptorForType().findFieldByNumber(ProvinceDef.TERRAIN_FIELD_NUMBER)
                .getEnumType().findValueByNumberCreatingIfUnknown(p.getTerrainValue()));
        if (p.getFort() < 0 || p.getFort() > fortMax) {
          report(at.field(ProvinceDef.FORT_FIELD_NUMBER), Code.OUT_OF_RANGE,
              what + " has fort level " + p.getFort() + "; it must be between 0 and " + fortMax
                  + " (rules.fort_max)");
        }
        checkOwnership(p, at, what);
        checkDrawing(p, at, what, points, i);
      }
    }

    private void checkOwnership(ProvinceDef p, FieldPath at, String what) {
      String owner = p.getOwner();
      boolean byPower = powerIndex.containsKey(owner);
      boolean byMinor = !byPower && minorIndex.containsKey(owner);
      if (!owner.isEmpty() && !byPower && !byMinor) {
        report(at.field(ProvinceDef.OWNER_FIELD_NUMBER), Code.UNKNOWN_REFERENCE,
            what + " has owner \"" + owner + "\", which is neither a power nor a minor state");
        return;
      }
      if (p.getHome() && !byPower) {
        report(at.field(ProvinceDef.HOME_FIELD_NUMBER), Code.BAD_HOME, what
            + " is marked home but " + (owner.isEmpty() ? "has no owner" : "its owner \"" + owner
            + "\" is not a great power"));
      }
      FieldPath garrison = at.field(ProvinceDef.GARRISON_FIELD_NUMBER);
      if (byMinor && p.getGarrison() < 1) {
        report(p.getGarrison() < 0 ? garrison : at, Code.BAD_GARRISON, what + " belongs to minor \""
            + owner + "\" and needs a garrison of at least 1");
      } else if (!byMinor && p.getGarrison() != 0) {
        report(garrison, Code.BAD_GARRISON, what + " has a garrison but "
            + (owner.isEmpty() ? "no owner" : "its owner \"" + owner + "\" is not a minor state")
            + "; only minors' provinces are garrisoned");
      }
    }

    private void checkDrawing(
        ProvinceDef p, FieldPath at, String what, Map<String, Integer> points, int index) {
      if (!p.hasAt()) {
        report(at, Code.MISSING_FIELD, what + " has no coordinates (at { x: .. y: .. })");
        return;
      }
      FieldPath point = at.field(ProvinceDef.AT_FIELD_NUMBER);
      if (!inside(p.getAt())) {
        report(point, Code.BAD_DRAWING, what + " is drawn at (" + fmt(p.getAt().getX()) + ", "
            + fmt(p.getAt().getY()) + "), outside the " + fmt(scenario.getWidth()) + " x "
            + fmt(scenario.getHeight()) + " drawing area");
      } else {
        String key = p.getAt().getX() + "," + p.getAt().getY();
        Integer first = points.putIfAbsent(key, index);
        if (first != null) {
          report(point, Code.BAD_DRAWING, what + " is drawn at the same point as province \""
              + scenario.getProvinces(first).getId() + "\"" + firstAt(province(first)));
        }
      }
      for (int k = 0; k < p.getOutlineCount(); k++) {
        if (!inside(p.getOutline(k))) {
          report(at.element(ProvinceDef.OUTLINE_FIELD_NUMBER, k), Code.BAD_DRAWING,
              what + " has an outline point outside the drawing area");
          break;
        }
      }
    }

    private boolean inside(Point point) {
      return point.getX() >= 0 && point.getY() >= 0
          && point.getX() <= scenario.getWidth() && point.getY() <= scenario.getHeight();
    }

    private static String fmt(double d) {
      return d == Math.rint(d) && Math.abs(d) < 1e9 ? Long.toString((long) d) : Double.toString(d);
    }

    // --- homes and capitals ----------------------------------------------------------------

    private void checkPowerHomes() {
      for (int i = 0; i < scenario.getPowersCount(); i++) {
        PowerDef p = scenario.getPowers(i);
        if (p.getId().isEmpty() || !Objects.equals(powerIndex.get(p.getId()), i)) {
          continue; // reported already: missing or duplicate id
        }
        String who = "power " + p.getId();
        boolean hasHome = scenario.getProvincesList().stream()
            .anyMatch(q -> q.getHome() && q.getOwner().equals(p.getId()));
        if (!hasHome) {
          report(power(i), Code.BAD_HOME, who + " has no home province (owner: \"" + p.getId()
              + "\" with home: true)");
        }
        if (p.getCapital().isEmpty()) {
          continue;
        }
        FieldPath capital = power(i).field(PowerDef.CAPITAL_FIELD_NUMBER);
        Integer at = provinceIndex.get(p.getCapital());
        if (at == null) {
          report(capital, Code.UNKNOWN_REFERENCE,
              who + " has capital \"" + p.getCapital() + "\", which is not a province");
          continue;
        }
        ProvinceDef c = scenario.getProvinces(at);
        if (!c.getOwner().equals(p.getId())) {
          report(capital, Code.BAD_CAPITAL, who + "'s capital \"" + p.getCapital() + "\" is owned by "
              + (c.getOwner().isEmpty() ? "nobody" : "\"" + c.getOwner() + "\"") + ", not by " + p.getId());
        } else if (!c.getHome()) {
          report(capital, Code.BAD_CAPITAL,
              who + "'s capital \"" + p.getCapital() + "\" is not marked as a home province");
        }
      }
    }

    private void checkMinorsOwnSomething() {
      for (int i = 0; i < scenario.getMinorsCount(); i++) {
        String id = scenario.getMinors(i).getId();
        if (id.isEmpty() || !Objects.equals(minorIndex.get(id), i) || powerIndex.containsKey(id)) {
          continue;
        }
        boolean owns = scenario.getProvincesList().stream().anyMatch(q -> q.getOwner().equals(id));
        if (!owns) {
          report(minor(i), Code.EMPTY_MINOR, "minor \"" + id + "\" owns no province");
        }
      }
    }

    // --- links and connectivity --------------------------------------------------------------

    private void checkLinks() {
      int n = scenario.getProvincesCount();
      List<List<Integer>> next = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        next.add(new ArrayList<>());
      }
      Map<String, Integer> seen = new HashMap<>();
      for (int i = 0; i < scenario.getLinksCount(); i++) {
        LinkDef l = scenario.getLinks(i);
        FieldPath at = link(i);
        checkEnum(at.field(LinkDef.KIND_FIELD_NUMBER), "link kind",
            l.getDescriptorForType().findFieldByNumber(LinkDef.KIND_FIELD_NUMBER)
                .getEnumType().findValueByNumberCreatingIfUnknown(l.getKindValue()));
        Integer a = linkEnd(at, LinkDef.A_FIELD_NUMBER, "a", l.getA());
        Integer b = linkEnd(at, LinkDef.B_FIELD_NUMBER, "b", l.getB());
        if (l.getA().equals(l.getB()) && !l.getA().isEmpty()) {
          report(at, Code.SELF_LINK, "link joins \"" + l.getA() + "\" to itself");
          continue;
        }
        if (a == null || b == null) {
          continue;
        }
        String key = a < b ? a + "/" + b : b + "/" + a;
        Integer first = seen.putIfAbsent(key, i);
        if (first != null) {
          report(at, Code.DUPLICATE_LINK, "duplicate link between \"" + l.getA() + "\" and \""
              + l.getB() + "\"" + firstAt(link(first)) + "; write each link once");
          continue;
        }
        next.get(a).add(b);
        next.get(b).add(a);
      }
      checkConnected(next);
    }

    /** The province index a link end names, or null (reported) when it names none. */
    private Integer linkEnd(FieldPath link, int number, String end, String id) {
      if (id.isEmpty()) {
        report(link, Code.MISSING_FIELD, "link has no end " + end);
        return null;
      }
      Integer index = provinceIndex.get(id);
      if (index == null) {
        report(link.field(number), Code.UNKNOWN_REFERENCE, "link names unknown province \"" + id + "\"");
      }
      return index;
    }

    /** Reports each part of the map that no link path joins to the largest part. */
    private void checkConnected(List<List<Integer>> next) {
      int n = next.size();
      int[] part = new int[n];
      Arrays.fill(part, -1);
      List<List<Integer>> parts = new ArrayList<>();
      for (int start = 0; start < n; start++) {
        if (part[start] >= 0 || !isFirstDefinition(start)) {
          continue;
        }
        List<Integer> members = new ArrayList<>();
        Deque<Integer> queue = new ArrayDeque<>();
        queue.add(start);
        part[start] = parts.size();
        while (!queue.isEmpty()) {
          int p = queue.poll();
          members.add(p);
          for (int q : next.get(p)) {
            if (part[q] < 0) {
              part[q] = parts.size();
              queue.add(q);
            }
          }
        }
        parts.add(members);
      }
      if (parts.size() < 2) {
        return;
      }
      int main = 0;
      for (int k = 1; k < parts.size(); k++) {
        if (parts.get(k).size() > parts.get(main).size()) {
          main = k;
        }
      }
      String anchor = scenario.getProvinces(parts.get(main).get(0)).getId();
      for (int k = 0; k < parts.size(); k++) {
        if (k == main) {
          continue;
        }
        List<Integer> members = parts.get(k);
        members.sort(null);
        report(province(members.get(0)), Code.UNREACHABLE, describe(members)
            + (members.size() == 1 ? " is" : " are") + " cut off from the rest of the map (no link path to \""
            + anchor + "\")");
      }
    }

    private boolean isFirstDefinition(int index) {
      String id = scenario.getProvinces(index).getId();
      return !id.isEmpty() && Objects.equals(provinceIndex.get(id), index);
    }

    private String describe(List<Integer> members) {
      StringBuilder s = new StringBuilder(members.size() == 1 ? "province " : "provinces ");
      int shown = Math.min(members.size(), 5);
      for (int k = 0; k < shown; k++) {
        if (k > 0) {
          s.append(k == members.size() - 1 ? " and " : ", ");
        }
        s.append('"').append(scenario.getProvinces(members.get(k)).getId()).append('"');
      }
      if (members.size() > shown) {
        s.append(" and ").append(members.size() - shown).append(" more");
      }
      return s.toString();
    }

    // --- stacks ---------------------------------------------------------------------------------

    private void checkStacks() {
      Map<String, Integer> placed = new HashMap<>();
      for (int i = 0; i < scenario.getStacksCount(); i++) {
        StackDef s = scenario.getStacks(i);
        FieldPath at = stack(i);
        if (s.getStrength() < 1) {
          report(at.field(StackDef.STRENGTH_FIELD_NUMBER), Code.BAD_STACK,
              "stack has strength " + s.getStrength() + "; it must be at least 1");
        }
        boolean powerKnown = powerIndex.containsKey(s.getPower());
        if (s.getPower().isEmpty()) {
          report(at, Code.MISSING_FIELD, "stack has no power");
        } else if (!powerKnown) {
          report(at.field(StackDef.POWER_FIELD_NUMBER), Code.UNKNOWN_REFERENCE,
              "stack belongs to unknown power \"" + s.getPower() + "\"");
        }
        Integer where = provinceIndex.get(s.getProvince());
        if (s.getProvince().isEmpty()) {
          report(at, Code.MISSING_FIELD, "stack has no province");
        } else if (where == null) {
          report(at.field(StackDef.PROVINCE_FIELD_NUMBER), Code.UNKNOWN_REFERENCE,
              "stack stands in unknown province \"" + s.getProvince() + "\"");
        }
        if (!powerKnown || where == null) {
          continue;
        }
        String owner = scenario.getProvinces(where).getOwner();
        if (!owner.equals(s.getPower())) {
          report(at.field(StackDef.PROVINCE_FIELD_NUMBER), Code.BAD_STACK, "stack of "
              + s.getPower() + " stands in \"" + s.getProvince() + "\", which "
              + (owner.isEmpty() ? "nobody owns" : "\"" + owner + "\" owns") + "; a power starts on its own provinces");
          continue;
        }
        Integer first = placed.putIfAbsent(s.getPower() + "@" + s.getProvince(), i);
        if (first != null) {
          report(at, Code.BAD_STACK, "a second stack of " + s.getPower() + " in \"" + s.getProvince()
              + "\"" + firstAt(stack(first)) + "; write one stack with the total strength");
        }
      }
    }
  }
}
