package org.concert.maps;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.concert.maps.Problem.Code;
import org.concert.protocol.v1.ArmsLimit;
import org.concert.protocol.v1.Clause;
import org.concert.protocol.v1.Demilitarized;
import org.concert.protocol.v1.OffensiveAlliance;
import org.concert.protocol.v1.ProposalTerms;
import org.concert.protocol.v1.Scenario;
import org.concert.protocol.v1.Subsidy;
import org.concert.protocol.v1.WarDef;

/**
 * Checks the diplomacy a scenario starts with: the wars in progress and the treaties in force.
 *
 * <p>A starting treaty must be one the powers could have signed in play, with two exceptions the
 * start makes necessary: it may not carry a cession (the map already shows who owns what), and
 * its peace clauses and alliances are judged against the starting wars. Messages number treaties
 * 1, 2, ... in file order; the engine's ids differ (it numbers only the public ones, t1, t2, ...,
 * and gives secret ones unguessable ids), so the number is a position, not an id.
 */
final class StartingDiplomacy {

  /** Where the checks send what they find: the validation run that knows the file's lines. */
  interface Findings {
    /** Records a problem at the field. */
    void report(FieldPath where, Code code, String message);

    /** The line the field was written on, from 1; 0 when the scenario was not read from text. */
    int line(FieldPath where);
  }

  private final Scenario scenario;
  private final Set<String> powers;
  private final Set<String> minors;
  private final Set<String> provinces;
  private final Findings findings;
  /** Each pair of powers at war ("A/B", in alphabetical order) to the index of its war. */
  private final Map<String, Integer> wars = new HashMap<>();

  /**
   * @param powers the great powers' ids
   * @param minors the minor states' ids
   * @param provinces the provinces' ids
   */
  StartingDiplomacy(Scenario scenario, Set<String> powers, Set<String> minors,
      Set<String> provinces, Findings findings) {
    this.scenario = scenario;
    this.powers = powers;
    this.minors = minors;
    this.provinces = provinces;
    this.findings = findings;
  }

  /** Checks the wars, then the treaties (which are judged against the wars). */
  void check() {
    for (int i = 0; i < scenario.getWarsCount(); i++) {
      checkWar(i);
    }
    for (int i = 0; i < scenario.getTreatiesCount(); i++) {
      checkTreaty(i);
    }
  }

  // --- wars -----------------------------------------------------------------------------------

  private static FieldPath war(int i) {
    return FieldPath.root().element(Scenario.WARS_FIELD_NUMBER, i);
  }

  private void checkWar(int i) {
    WarDef w = scenario.getWars(i);
    FieldPath at = war(i);
    boolean a = warSide(at, WarDef.A_FIELD_NUMBER, "a", w.getA());
    boolean b = warSide(at, WarDef.B_FIELD_NUMBER, "b", w.getB());
    if (!w.getA().isEmpty() && w.getA().equals(w.getB())) {
      findings.report(at, Code.SELF_WAR, "war of " + w.getA() + " with itself");
      return;
    }
    if (!a || !b) {
      return;
    }
    Integer first = wars.putIfAbsent(pair(w.getA(), w.getB()), i);
    if (first != null) {
      findings.report(at, Code.DUPLICATE_WAR, "duplicate war between " + w.getA() + " and "
          + w.getB() + firstAt(war(first)) + "; write each war once");
    }
  }

  /** Whether a side of a war is a great power; reports it when it is not. */
  private boolean warSide(FieldPath war, int number, String side, String id) {
    if (id.isEmpty()) {
      findings.report(war, Code.MISSING_FIELD, "war has no side " + side);
      return false;
    }
    if (powers.contains(id)) {
      return true;
    }
    findings.report(war.field(number), Code.UNKNOWN_REFERENCE, minors.contains(id)
        ? "war names \"" + id + "\", a minor state; a war is between two great powers (a minor"
            + " is attacked without one)"
        : "war names unknown power \"" + id + "\"");
    return false;
  }

  private static String pair(String a, String b) {
    return a.compareTo(b) < 0 ? a + "/" + b : b + "/" + a;
  }

  private boolean atWar(String a, String b) {
    return wars.containsKey(pair(a, b));
  }

  // --- treaties -------------------------------------------------------------------------------

  private static FieldPath treaty(int i) {
    return FieldPath.root().element(Scenario.TREATIES_FIELD_NUMBER, i);
  }

  private void checkTreaty(int i) {
    ProposalTerms t = scenario.getTreaties(i);
    FieldPath at = treaty(i);
    String name = "treaty " + (i + 1);
    Set<String> named = new LinkedHashSet<>();
    Set<String> parties = new LinkedHashSet<>();
    for (int k = 0; k < t.getPartiesCount(); k++) {
      String id = t.getParties(k);
      FieldPath party = at.element(ProposalTerms.PARTIES_FIELD_NUMBER, k);
      if (id.isEmpty()) {
        findings.report(party, Code.MISSING_FIELD, name + " has an empty party");
        continue;
      }
      if (!named.add(id)) {
        findings.report(party, Code.BAD_PARTIES, name + " names " + id + " twice");
        continue;
      }
      if (powers.contains(id)) {
        parties.add(id);
      } else if (minors.contains(id)) {
        findings.report(party, Code.UNKNOWN_REFERENCE, name + " names \"" + id
            + "\", a minor state; only great powers sign treaties");
      } else {
        findings.report(party, Code.UNKNOWN_REFERENCE, name + " names unknown power \"" + id + "\"");
      }
    }
    if (named.size() < 2) {
      String who = named.isEmpty() ? "no power" : "only " + named.iterator().next();
      findings.report(t.getPartiesCount() > 0 ? at.element(ProposalTerms.PARTIES_FIELD_NUMBER, 0) : at,
          Code.BAD_PARTIES, name + " binds " + who + "; a treaty needs at least two parties");
    }
    if (t.getClausesCount() == 0) {
      findings.report(at, Code.BAD_CLAUSE, name + " has no clause; give it at least one");
    }
    if (t.getDurationTurns() < 0) {
      findings.report(at.field(ProposalTerms.DURATION_TURNS_FIELD_NUMBER), Code.OUT_OF_RANGE,
          name + " has duration_turns " + t.getDurationTurns()
              + "; it must not be negative (0 means open-ended)");
    }
    for (int k = 0; k < t.getClausesCount(); k++) {
      checkClause(name, t.getClauses(k), at.element(ProposalTerms.CLAUSES_FIELD_NUMBER, k),
          named, parties);
    }
  }

  /**
   * @param named every party id the treaty names, once each, known or not
   * @param parties the named parties that are great powers
   */
  private void checkClause(
      String name, Clause c, FieldPath at, Set<String> named, Set<String> parties) {
    switch (c.getKindCase()) {
      case DEFENSIVE_ALLIANCE -> {
        for (String[] enemies : pairsAtWar(parties)) {
          findings.report(at, Code.WAR_CONFLICT, name + " allies " + enemies[0] + " and "
              + enemies[1] + ", who are at war" + warAt(enemies)
              + "; they must make peace before allying");
        }
      }
      case NON_AGGRESSION, NEUTRALITY -> {
        // No terms to check.
      }
      case OFFENSIVE_ALLIANCE -> checkTarget(name, c.getOffensiveAlliance(),
          at.field(Clause.OFFENSIVE_ALLIANCE_FIELD_NUMBER), named);
      case ARMS_LIMIT -> {
        int cap = c.getArmsLimit().getCap();
        if (cap < 0) {
          findings.report(at.field(Clause.ARMS_LIMIT_FIELD_NUMBER).field(ArmsLimit.CAP_FIELD_NUMBER),
              Code.OUT_OF_RANGE, name + " caps arms at " + cap + "; the cap must not be negative");
        }
      }
      case DEMILITARIZED -> checkZone(name, c.getDemilitarized(),
          at.field(Clause.DEMILITARIZED_FIELD_NUMBER));
      case SUBSIDY -> checkSubsidy(name, c.getSubsidy(), at.field(Clause.SUBSIDY_FIELD_NUMBER),
          named);
      case CESSION -> findings.report(at, Code.BAD_CLAUSE, name + " has a cession, which a"
          + " scenario cannot start with: a cession moves its province when the treaty is signed,"
          + " and a starting treaty is never signed in play; give the province its new owner instead");
      case PEACE -> {
        if (pairsAtWar(parties).isEmpty()) {
          findings.report(at, Code.WAR_CONFLICT, name + " makes peace, but no two of its parties"
              + " are at war; list their war under wars, or keep a peace with non_aggression");
        }
      }
      case CONCERT -> {
        if (named.size() >= 2 && named.size() < 3) {
          findings.report(at, Code.BAD_PARTIES, name + " is a concert of " + named.size()
              + " powers; a concert needs at least three");
        }
      }
      case KIND_NOT_SET -> findings.report(at, Code.BAD_CLAUSE, name
          + " has an empty clause; write its kind, e.g. clauses { non_aggression {} }");
    }
  }

  private void checkTarget(String name, OffensiveAlliance o, FieldPath at, Set<String> named) {
    String target = o.getTarget();
    FieldPath field = at.field(OffensiveAlliance.TARGET_FIELD_NUMBER);
    if (target.isEmpty()) {
      findings.report(at, Code.MISSING_FIELD, name + "'s offensive alliance has no target");
    } else if (named.contains(target)) {
      findings.report(field, Code.BAD_CLAUSE, name + "'s offensive alliance targets " + target
          + ", one of its own parties");
    } else if (minors.contains(target)) {
      findings.report(field, Code.UNKNOWN_REFERENCE, name + "'s offensive alliance targets \""
          + target + "\", a minor state; it must be aimed at a great power");
    } else if (!powers.contains(target)) {
      findings.report(field, Code.UNKNOWN_REFERENCE, name + "'s offensive alliance targets unknown"
          + " power \"" + target + "\"");
    }
  }

  private void checkZone(String name, Demilitarized d, FieldPath at) {
    if (d.getProvincesCount() == 0) {
      findings.report(at, Code.BAD_CLAUSE, name + " demilitarizes no province; name at least one");
    }
    for (int k = 0; k < d.getProvincesCount(); k++) {
      String id = d.getProvinces(k);
      if (!provinces.contains(id)) {
        findings.report(at.element(Demilitarized.PROVINCES_FIELD_NUMBER, k), Code.UNKNOWN_REFERENCE,
            name + " demilitarizes unknown province \"" + id + "\"");
      }
    }
  }

  private void checkSubsidy(String name, Subsidy s, FieldPath at, Set<String> named) {
    String subsidy = name + "'s subsidy";
    boolean from = subsidyParty(subsidy, at, Subsidy.FROM_FIELD_NUMBER, "payer (from)", "paid by",
        s.getFrom(), named);
    boolean to = subsidyParty(subsidy, at, Subsidy.TO_FIELD_NUMBER, "payee (to)", "paid to",
        s.getTo(), named);
    if (from && to && s.getFrom().equals(s.getTo())) {
      findings.report(at.field(Subsidy.TO_FIELD_NUMBER), Code.BAD_CLAUSE, subsidy + " goes from "
          + s.getFrom() + " to itself; it must go from one party to another");
    }
    if (s.getGoldPerTurn() < 1) {
      findings.report(at.field(Subsidy.GOLD_PER_TURN_FIELD_NUMBER), Code.OUT_OF_RANGE, subsidy
          + " pays " + s.getGoldPerTurn() + " gold a turn; it must pay at least 1");
    }
  }

  /** Whether the payer or payee is a party; reports it when it is not. */
  private boolean subsidyParty(String subsidy, FieldPath at, int number, String side,
      String paid, String id, Set<String> named) {
    if (id.isEmpty()) {
      findings.report(at, Code.MISSING_FIELD, subsidy + " has no " + side);
      return false;
    }
    if (!named.contains(id)) {
      findings.report(at.field(number), Code.BAD_CLAUSE, subsidy + " is " + paid + " \"" + id
          + "\", who is not a party");
      return false;
    }
    return true;
  }

  /** The pairs of parties at war with each other, in the order the parties are named. */
  private List<String[]> pairsAtWar(Set<String> parties) {
    List<String[]> out = new ArrayList<>();
    List<String> list = List.copyOf(parties);
    for (int x = 0; x < list.size(); x++) {
      for (int y = x + 1; y < list.size(); y++) {
        if (atWar(list.get(x), list.get(y))) {
          out.add(new String[] {list.get(x), list.get(y)});
        }
      }
    }
    return out;
  }

  private String warAt(String[] enemies) {
    int line = findings.line(war(wars.get(pair(enemies[0], enemies[1]))));
    return line > 0 ? " (war at line " + line + ")" : "";
  }

  private String firstAt(FieldPath first) {
    int line = findings.line(first);
    return line > 0 ? " (first at line " + line + ")" : "";
  }
}
