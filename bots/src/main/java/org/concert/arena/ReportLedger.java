package org.concert.arena;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.concert.protocol.v1.Clause;
import org.concert.protocol.v1.Event;
import org.concert.protocol.v1.PowerMetrics;
import org.concert.protocol.v1.ProposalTerms;
import org.concert.protocol.v1.Treaty;
import org.concert.protocol.v1.TurnMetrics;
import org.concert.protocol.v1.ViolationKind;
import org.concert.protocol.v1.WarCause;

/**
 * Commitments honoured and broken, read from the events of the match: who was called on, who
 * came and who stood aside, who broke which treaty and how, and what it cost in credibility.
 */
final class ReportLedger {
  /** One commitment kept or broken. */
  record Entry(int turn, String power, boolean kept, String treaty, ViolationKind kind,
      String partner, String enemy, List<String> victims) {
    Entry {
      victims = List.copyOf(victims);
    }

    String key() {
      return ReportLedger.key(turn, power, treaty);
    }
  }

  private final ReportPage page;
  private final List<Entry> entries = new ArrayList<>();
  /** Credibility won or lost by each entry, by its key. */
  private final Map<String, Integer> credibility = new HashMap<>();

  ReportLedger(ReportPage page, List<Event> events) {
    this.page = page;
    // What the events of one turn say about a power and a treaty, gathered as they come.
    Map<String, String[]> triggered = new HashMap<>(); // turn|ally|treaty -> attacked, enemy
    Map<String, String> joined = new HashMap<>(); // turn|power|treaty -> the war's target
    Map<String, Set<String>> attacked = new HashMap<>(); // turn|power -> targets of its attacks
    for (Event e : events) {
      int turn = e.getTurn();
      switch (e.getKindCase()) {
        case TREATY_TRIGGERED -> {
          var t = e.getTreatyTriggered();
          triggered.put(key(turn, t.getAlly(), t.getTreatyId()),
              new String[] {t.getAttacked(), t.getEnemy()});
        }
        case WAR_DECLARED -> {
          var w = e.getWarDeclared();
          if (!w.getTreatyId().isEmpty()) {
            joined.put(key(turn, w.getAggressor(), w.getTreatyId()), w.getTarget());
          }
          if (w.getCause() == WarCause.WAR_CAUSE_ATTACK
              || w.getCause() == WarCause.WAR_CAUSE_DECLARATION) {
            attacked.computeIfAbsent(turn + "|" + w.getAggressor(), k -> new LinkedHashSet<>())
                .add(w.getTarget());
          }
        }
        case TREATY_HONOURED -> {
          var h = e.getTreatyHonoured();
          String k = key(turn, h.getPower(), h.getTreatyId());
          String[] trig = triggered.get(k);
          entries.add(new Entry(turn, h.getPower(), true, h.getTreatyId(),
              ViolationKind.VIOLATION_KIND_UNSPECIFIED, trig == null ? "" : trig[0],
              trig == null ? joined.getOrDefault(k, "") : trig[1], List.of()));
          credibility.putIfAbsent(k, 0);
        }
        case TREATY_VIOLATED -> {
          var v = e.getTreatyViolated();
          String k = key(turn, v.getBreaker(), v.getTreatyId());
          String[] trig = triggered.get(k);
          List<String> victims = new ArrayList<>();
          Treaty t = page.treaties().get(v.getTreatyId());
          for (String target : attacked.getOrDefault(turn + "|" + v.getBreaker(), Set.of())) {
            if (t == null || t.getTerms().getPartiesList().contains(target)) {
              victims.add(target);
            }
          }
          entries.add(new Entry(turn, v.getBreaker(), false, v.getTreatyId(), v.getKind(),
              trig == null ? "" : trig[0], trig == null ? "" : trig[1], victims));
          credibility.putIfAbsent(k, 0);
        }
        case CREDIBILITY_CHANGED -> {
          var c = e.getCredibilityChanged();
          credibility.computeIfPresent(key(turn, c.getPower(), c.getTreatyId()),
              (k, sum) -> sum + c.getDelta());
        }
        default -> { }
      }
    }
  }

  private static String key(int turn, String power, String treaty) {
    return turn + "|" + power + "|" + treaty;
  }

  List<Entry> entries() {
    return entries;
  }

  /** A treaty's clauses in words: "defensive alliance, non-aggression". */
  static String terms(ProposalTerms terms) {
    List<String> out = new ArrayList<>();
    for (Clause c : terms.getClausesList()) {
      out.add(switch (c.getKindCase()) {
        case DEFENSIVE_ALLIANCE -> "defensive alliance";
        case OFFENSIVE_ALLIANCE -> "offensive alliance against " + c.getOffensiveAlliance()
            .getTarget();
        case NON_AGGRESSION -> "non-aggression";
        case NEUTRALITY -> "neutrality";
        case ARMS_LIMIT -> "arms limit " + c.getArmsLimit().getCap();
        case DEMILITARIZED -> "demilitarized " + String.join(", ",
            c.getDemilitarized().getProvincesList());
        case SUBSIDY -> "subsidy " + c.getSubsidy().getFrom() + " to " + c.getSubsidy().getTo()
            + ", " + c.getSubsidy().getGoldPerTurn() + " gold a year";
        case CESSION -> "cession of " + c.getCession().getProvince() + " from "
            + c.getCession().getFrom() + " to " + c.getCession().getTo();
        case PEACE -> "peace";
        case CONCERT -> "concert";
        default -> "a clause of an unknown kind";
      });
    }
    if (terms.getDurationTurns() > 0) {
      out.add(terms.getDurationTurns() + (terms.getDurationTurns() == 1 ? " year" : " years"));
    }
    return String.join(", ", out);
  }

  private String treatyTerms(String id) {
    Treaty t = page.treaties().get(id);
    return t == null ? "" : " (" + terms(t.getTerms()) + ")";
  }

  /** The entry as one sentence of HTML, without its year. */
  String sentence(Entry e) {
    StringBuilder b = new StringBuilder(page.tag(e.power()));
    String treaty = "<code>" + Html.text(e.treaty()) + "</code>"
        + Html.text(treatyTerms(e.treaty()));
    if (e.kept()) {
      b.append(" <span class=\"kept\">honoured</span> ").append(treaty);
      if (!e.partner().isEmpty()) {
        b.append(" for ").append(page.tag(e.partner()));
      }
      if (!e.enemy().isEmpty()) {
        b.append(", going to war with ").append(page.tag(e.enemy()));
      }
    } else {
      b.append(" <span class=\"broke\">broke</span> ").append(treaty).append(": ");
      b.append(switch (e.kind()) {
        case VIOLATION_KIND_ABANDONMENT -> "stood aside when " + (e.partner().isEmpty()
            ? "an ally" : page.tag(e.partner())) + " was attacked"
            + (e.enemy().isEmpty() ? "" : " by " + page.tag(e.enemy()));
        case VIOLATION_KIND_AGGRESSION -> "attacked " + victims(e, "a party");
        case VIOLATION_KIND_NEUTRALITY -> "went to war against " + victims(e, "a neutral partner");
        case VIOLATION_KIND_ARMS_LIMIT -> "armed beyond the limit";
        case VIOLATION_KIND_DEMILITARIZED -> "sent an army into a demilitarized province";
        case VIOLATION_KIND_SUBSIDY -> "left the subsidy unpaid";
        case VIOLATION_KIND_CONCERT -> "attacked " + victims(e, "a member")
            + " or seized a province without the concert's consent";
        default -> "a breach of an unknown kind";
      });
    }
    int delta = credibility.getOrDefault(e.key(), 0);
    if (delta != 0) {
      b.append("; credibility ").append(Html.signed(delta));
    }
    return b.append('.').toString();
  }

  static String plural(int n, String noun) {
    return n + " " + (n == 1 ? noun : noun.endsWith("ch") ? noun + "es" : noun + "s");
  }

  private String victims(Entry e, String otherwise) {
    if (e.victims().isEmpty()) {
      return otherwise;
    }
    List<String> out = new ArrayList<>();
    e.victims().forEach(v -> out.add(page.tag(v)));
    return String.join(" and ", out);
  }

  /** The section: a bar chart of the debrief's counts, credibility by year, and the list. */
  String section(List<TurnMetrics> turns) {
    StringBuilder b = new StringBuilder();
    b.append("<section id=\"commitments\" aria-labelledby=\"commitments-h\">\n<h2"
        + " id=\"commitments-h\">Commitments honoured and broken</h2>\n<p>A commitment is"
        + " honoured when a triggered ally goes to war as it promised; it is broken when a party"
        + " attacks a partner, stands aside, or otherwise breaks its terms. The chart counts"
        + " breaches as the debrief records them, one for each partner attacked; the list names"
        + " each treaty a power broke once a year.</p>\n");
    List<String> years = new ArrayList<>();
    int[] honoured = new int[turns.size()];
    int[] broken = new int[turns.size()];
    int sumKept = 0;
    int sumBroken = 0;
    for (int i = 0; i < turns.size(); i++) {
      TurnMetrics t = turns.get(i);
      years.add(Integer.toString(t.getYear()));
      honoured[i] = t.getHonoured();
      broken[i] = t.getBroken();
      sumKept += honoured[i];
      sumBroken += broken[i];
    }
    String desc = plural(sumKept, "commitment") + " honoured and " + plural(sumBroken, "breach")
        + " over " + plural(turns.size(), "year");
    b.append("<figure id=\"fig-commitments\"><div class=\"chart-box\">")
        .append(Svg.bars("chart-commitments", "Commitments honoured and broken by year", desc,
            years, List.of("honoured", "broken"), List.of("#009E73", "#D55E00"),
            List.of(honoured, broken)))
        .append("</div><ul class=\"legend\"><li>").append(Svg.box("#009E73", false))
        .append("honoured</li><li>").append(Svg.box("#D55E00", true)).append("broken</li></ul>"
            + "<figcaption>").append(Html.text(desc)).append(".</figcaption></figure>\n");
    b.append("<details><summary>Numbers: commitments by year</summary><div class=\"scroll\">"
        + "<table id=\"table-commitments\"><caption>Commitments honoured and breaches by year"
        + "</caption><thead><tr><th scope=\"col\">Year</th><th scope=\"col\">Honoured</th>"
        + "<th scope=\"col\">Broken</th></tr></thead><tbody>");
    for (int i = 0; i < turns.size(); i++) {
      b.append("<tr><th scope=\"row\">").append(years.get(i)).append("</th><td>")
          .append(honoured[i]).append("</td><td>").append(broken[i]).append("</td></tr>");
    }
    b.append("</tbody></table></div></details>\n");
    b.append("<h3 id=\"ledger-h\">Year by year</h3>\n");
    if (entries.isEmpty()) {
      b.append("<p id=\"no-commitments\">No commitment was called on or broken.</p>\n");
    } else {
      b.append("<ol id=\"ledger\" class=\"ledger\">");
      for (Entry e : entries) {
        b.append("<li class=\"").append(e.kept() ? "kept" : "broken").append("\"><strong>")
            .append(page.year(e.turn())).append(":</strong> ").append(sentence(e))
            .append("</li>\n");
      }
      b.append("</ol>\n");
    }
    credibility(b, turns);
    return b.append("</section>\n").toString();
  }

  private void credibility(StringBuilder b, List<TurnMetrics> turns) {
    b.append("<h3 id=\"credibility-h\">Credibility</h3>\n<p>What a power's word is worth: it"
        + " rises when a power honours a commitment, falls when it breaks one, and scales how"
        + " much others fear it and how much its help counts.</p>\n");
    Svg.LineChart chart = page.chart("credibility", "Credibility", "Each power's credibility by"
        + " year, from 0 to 100", PowerMetrics::getCredibility, v -> Html.num(v, 0))
        .range(0, 100);
    b.append("<figure id=\"fig-credibility\"><div class=\"chart-box\">").append(chart.render())
        .append("</div>").append(page.legend()).append("<figcaption>Credibility by year."
            + "</figcaption></figure>\n<details><summary>Numbers: credibility by year</summary>"
            + "<div class=\"scroll\"><table id=\"table-credibility\"><caption>Credibility by year"
            + " and power</caption><thead><tr><th scope=\"col\">Year</th>");
    for (ReportPage.Power p : page.powers()) {
      b.append("<th scope=\"col\">").append(p.tag()).append("</th>");
    }
    b.append("</tr></thead><tbody>\n");
    for (TurnMetrics t : turns) {
      b.append(page.row(Integer.toString(t.getYear()), t, (turn, p) -> {
        PowerMetrics m = ReportPage.metric(turn, p);
        return m == null ? "" : Integer.toString(m.getCredibility());
      })).append('\n');
    }
    b.append("</tbody></table></div></details>\n");
  }
}
