package org.concert.arena;

import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleFunction;
import java.util.function.ToDoubleFunction;
import org.concert.engine.GameState;
import org.concert.protocol.v1.BehaviourLabel;
import org.concert.protocol.v1.Debrief;
import org.concert.protocol.v1.Event;
import org.concert.protocol.v1.PowerDef;
import org.concert.protocol.v1.PowerMetrics;
import org.concert.protocol.v1.RichardsonFit;
import org.concert.protocol.v1.RulesConfig;
import org.concert.protocol.v1.Scenario;
import org.concert.protocol.v1.Score;
import org.concert.protocol.v1.Treaty;
import org.concert.protocol.v1.TurnMetrics;

/**
 * Writes the report page: one pass over the debrief, section by section, into one string.
 * Headings go h1, h2, h3 in order; every chart is followed by its numbers in a {@code <details>}
 * table, so the page reads without the pictures.
 */
final class ReportPage {
  /** The Okabe-Ito palette, for powers whose scenario colour is missing or malformed. */
  static final String[] PALETTE = {
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"
  };

  /** A great power as the page draws it: seat, id, name, colour and line style. */
  record Power(int seat, String id, String name, String colour) {
    /** The dash and marker style of its lines: its seat, so that it is the same everywhere. */
    int style() {
      return seat;
    }

    /** The colour swatch and id, with the full name for mouse and screen reader. */
    String tag() {
      return swatch(colour) + "<abbr title=\"" + Html.attr(name) + "\">" + Html.text(id)
          + "</abbr>";
    }

    /** The swatch, the name and the id. */
    String full() {
      return swatch(colour) + Html.text(name) + " (" + Html.text(id) + ")";
    }
  }

  private final Report report;
  private final Scenario scenario;
  private final GameState state;
  private final Debrief debrief;
  private final List<TurnMetrics> turns;
  private final List<String> years = new ArrayList<>();
  private final List<Power> powers = new ArrayList<>();
  private final Map<String, Power> byId = new LinkedHashMap<>();
  private final Map<String, String> bots;
  private final Map<String, Treaty> treaties = new LinkedHashMap<>();
  private final Map<String, Integer> ended = new LinkedHashMap<>();
  private final StringBuilder out = new StringBuilder(256 * 1024);

  ReportPage(Report report, Map<String, String> bots) {
    this.report = report;
    this.scenario = report.scenario();
    this.state = report.state();
    this.debrief = report.debrief();
    this.turns = debrief.getTurnsList();
    this.bots = Map.copyOf(bots);
    for (TurnMetrics t : turns) {
      years.add(Integer.toString(t.getYear()));
    }
    for (int i = 0; i < scenario.getPowersCount(); i++) {
      PowerDef def = scenario.getPowers(i);
      Power p = new Power(i, def.getId(), def.getName().isEmpty() ? def.getId() : def.getName(),
          Html.colour(def.getColor(), PALETTE[i % PALETTE.length]));
      powers.add(p);
      byId.put(p.id(), p);
    }
    for (Treaty t : state.treaties()) {
      treaties.put(t.getId(), t);
    }
    for (Event e : report.events()) {
      if (e.hasTreatyEnded()) {
        ended.put(e.getTreatyEnded().getTreatyId(), e.getTurn());
      }
    }
  }

  /** The year a treaty stopped binding, or 0 if it never did. */
  int endedYear(String treaty) {
    Integer turn = ended.get(treaty);
    return turn == null ? 0 : year(turn);
  }

  static String swatch(String colour) {
    return "<span class=\"swatch\" style=\"background:" + colour + "\" aria-hidden=\"true\">"
        + "</span>";
  }

  /** A power's tag, or the id escaped when it is not a great power (a minor, say). */
  String tag(String id) {
    Power p = byId.get(id);
    return p != null ? p.tag() : Html.text(id.isEmpty() ? "nobody" : id);
  }

  Power power(String id) {
    return byId.get(id);
  }

  List<Power> powers() {
    return powers;
  }

  Map<String, Treaty> treaties() {
    return treaties;
  }

  int year(int turn) {
    return scenario.getStartYear() + turn - 1;
  }

  String render() {
    String title = "Debrief: " + scenario.getName() + ", seed " + Long.toUnsignedString(
        report.start().getSeed());
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<meta name=\"generator\" content=\"concert report\">\n<title>")
        .append(Html.text(title)).append("</title>\n<style>").append(CSS).append("</style>\n"
            + "</head>\n<body>\n");
    header(title);
    out.append("<main>\n");
    match();
    arms();
    shares();
    security();
    ReportFigures figures = new ReportFigures(this, scenario, state, turns);
    out.append(figures.map());
    out.append(figures.network());
    out.append(new ReportLedger(this, report.events()).section(turns));
    behaviour();
    races();
    out.append("</main>\n");
    footer();
    out.append("</body>\n</html>\n");
    return out.toString();
  }

  // ---- header --------------------------------------------------------------------------------

  private void header(String title) {
    out.append("<header>\n<h1>").append(Html.text(title)).append("</h1>\n<p class=\"lead\">")
        .append(Html.text(result())).append("</p>\n<nav aria-label=\"Sections\"><ol>"
            + "<li><a href=\"#match\">The match</a></li>"
            + "<li><a href=\"#arms\">Arms and income</a></li>"
            + "<li><a href=\"#power\">Power and polarity</a></li>"
            + "<li><a href=\"#security\">Security</a></li>"
            + "<li><a href=\"#map\">The map</a></li>"
            + "<li><a href=\"#alliances\">Alliances</a></li>"
            + "<li><a href=\"#commitments\">Commitments</a></li>"
            + "<li><a href=\"#behaviour\">Behaviour</a></li>"
            + "<li><a href=\"#arms-races\">Arms races</a></li></ol></nav>\n</header>\n");
  }

  /** One sentence: how the match ended. */
  String result() {
    int played = turns.size();
    String span = played == 0 ? "no year played"
        : played == 1 ? "one year, " + years.get(0)
        : played + " years, " + years.get(0) + "–" + years.get(played - 1);
    if (!state.finished()) {
      return "The journal stops after " + span + "; the match was not over.";
    }
    return switch (state.endReason()) {
      case END_REASON_HEGEMONY -> name(state.winner()) + " won as hegemon, holding "
          + state.rules().getHegemonyVictoryPercent() + "% or more of all power for "
          + ReportLedger.plural(state.rules().getHegemonyVictoryTurns(), "year")
          + " running, after " + span + ".";
      case END_REASON_LAST_POWER -> state.winner().isEmpty()
          ? "No great power was left standing after " + span + "."
          : name(state.winner()) + " was the last great power standing after " + span + ".";
      case END_REASON_HOST -> "The host ended the match after " + span + "; no hegemon.";
      default -> "No hegemon: the balance held through " + span + ".";
    };
  }

  /** A power's name and id as plain text (escaped later), or the id. */
  String name(String id) {
    Power p = byId.get(id);
    return p == null ? id : p.name() + " (" + p.id() + ")";
  }

  // ---- the match -----------------------------------------------------------------------------

  private void match() {
    out.append("<section id=\"match\" aria-labelledby=\"match-h\">\n<h2 id=\"match-h\">The match"
        + "</h2>\n<dl class=\"facts\">");
    fact("Scenario", Html.text(scenario.getName()) + " (<code>" + Html.text(scenario.getId())
        + "</code>)");
    fact("Seed", Long.toUnsignedString(report.start().getSeed()));
    fact("Years played", Html.text(turns.isEmpty() ? "none"
        : years.get(0) + "–" + years.get(years.size() - 1) + " (" + turns.size() + " of "
            + state.rules().getTurns() + " turns)"));
    fact("Result", Html.text(result()));
    fact("Powers", Integer.toString(powers.size()));
    out.append("</dl>\n");
    if (!scenario.getDescription().isEmpty()) {
      out.append("<p>").append(Html.text(scenario.getDescription())).append("</p>\n");
    }
    scores();
    rules();
    out.append("</section>\n");
  }

  private void fact(String term, String html) {
    out.append("<dt>").append(term).append("</dt><dd>").append(html).append("</dd>");
  }

  private void scores() {
    List<Score> scores = new ArrayList<>(report.scores());
    scores.sort((a, b) -> a.getRank() != b.getRank() ? Integer.compare(a.getRank(), b.getRank())
        : Integer.compare(seat(a.getPower()), seat(b.getPower())));
    boolean known = !bots.isEmpty();
    out.append("<h3 id=\"scores\">Final scores</h3>\n<div class=\"scroll\"><table"
        + " class=\"scores\"><caption>Powers ranked by their score (")
        .append(Html.text(shortName(state.rules().getRealism().getValueDescriptor())))
        .append(" scoring), with the state at the end</caption>\n<thead><tr>"
            + "<th scope=\"col\">Rank</th><th scope=\"col\" class=\"text\">Power</th>");
    if (known) {
      out.append("<th scope=\"col\" class=\"text\">Bot</th>");
    }
    out.append("<th scope=\"col\">Score</th><th scope=\"col\">Alive</th>"
        + "<th scope=\"col\">Provinces</th><th scope=\"col\">Military</th>"
        + "<th scope=\"col\">Share</th><th scope=\"col\">Mean security</th>"
        + "<th scope=\"col\">Growth score</th><th scope=\"col\">Years at peace</th>"
        + "<th scope=\"col\">Credibility</th></tr></thead>\n<tbody>");
    var provinces = new int[powers.size()];
    for (var pr : state.toProto().getProvincesList()) {
      Power p = byId.get(pr.getOwner());
      if (p != null) {
        provinces[p.seat()]++;
      }
    }
    for (Score s : scores) {
      Power p = byId.get(s.getPower());
      if (p == null) {
        continue;
      }
      out.append("<tr><td>").append(s.getRank()).append("</td><th scope=\"row\" class=\"text\">")
          .append(p.full()).append("</th>");
      if (known) {
        out.append("<td class=\"text\">").append(Html.text(bots.getOrDefault(p.id(), "")))
            .append("</td>");
      }
      out.append("<td>").append(Html.num(s.getTotal(), 1)).append("</td><td>")
          .append(state.alive(p.seat()) ? "yes" : "no").append("</td><td>")
          .append(provinces[p.seat()]).append("</td><td>").append(state.military(p.seat()))
          .append("</td><td>").append(Html.percent(s.getShare())).append("</td><td>")
          .append(Html.num(s.getSecurity(), 2)).append("</td><td>")
          .append(Html.num(s.getIncomeGrowth(), 2)).append("</td><td>")
          .append(Html.percent(s.getPeace())).append("</td><td>")
          .append(state.credibility(p.seat())).append("</td></tr>\n");
    }
    out.append("</tbody></table></div>\n<p class=\"note\">The score follows the scoring"
        + " preset: defensive weighs survival, mean security and the growth score; offensive,"
        + " survival and the final share; concert, survival, the growth score and the years at"
        + " peace. The growth score is the final income over the first, halved and capped at 1:"
        + " 0.5 for an income unchanged, 1 for one doubled.</p>\n");
  }

  private int seat(String id) {
    Power p = byId.get(id);
    return p == null ? Integer.MAX_VALUE : p.seat();
  }

  /** "REALISM_OFFENSIVE" becomes "offensive". */
  static String shortName(EnumValueDescriptor e) {
    String prefix = e.getType().getValues().get(0).getName().replace("UNSPECIFIED", "");
    return e.getName().startsWith(prefix)
        ? e.getName().substring(prefix.length()).toLowerCase(Locale.ROOT).replace('_', '-')
        : e.getName();
  }

  private void rules() {
    RulesConfig rules = state.rules();
    RulesConfig match = report.start().getRules();
    RulesConfig map = scenario.getRules();
    out.append("<h3 id=\"rules\">Rules</h3>\n<p>The teaching knobs of this match. A knob set for"
        + " the match overrides the scenario's, which overrides the rulebook's.</p>\n"
        + "<div class=\"scroll\"><table class=\"rules\"><caption>Rules knobs in force</caption>"
        + "<thead><tr><th scope=\"col\" class=\"text\">Knob</th><th scope=\"col\""
        + " class=\"text\">Value</th><th scope=\"col\" class=\"text\">Set by</th></tr></thead>"
        + "<tbody>");
    List<String> main = List.of("turns", "enforcement", "offense_defense", "distinguishability",
        "transparency", "realism");
    StringBuilder rest = new StringBuilder();
    for (FieldDescriptor f : RulesConfig.getDescriptor().getFields()) {
      Object v = rules.getField(f);
      String value = v instanceof EnumValueDescriptor e ? shortName(e) : String.valueOf(v);
      String source = match.hasField(f) ? "this match" : map.hasField(f) ? "the scenario"
          : "the rulebook";
      String row = "<tr><th scope=\"row\" class=\"text\"><code>" + f.getName().replace('_', '-')
          + "</code></th><td class=\"text\">" + Html.text(value) + "</td><td class=\"text\">"
          + source + "</td></tr>";
      if (main.contains(f.getName())) {
        out.append(row);
      } else {
        rest.append(row);
      }
    }
    out.append("</tbody></table></div>\n<details><summary>Every other knob</summary><div"
        + " class=\"scroll\"><table class=\"rules\"><caption>The remaining rules knobs</caption>"
        + "<thead><tr><th scope=\"col\" class=\"text\">Knob</th><th scope=\"col\""
        + " class=\"text\">Value</th><th scope=\"col\" class=\"text\">Set by</th></tr></thead>"
        + "<tbody>").append(rest).append("</tbody></table></div></details>\n");
  }

  // ---- charts by year ------------------------------------------------------------------------

  private void arms() {
    out.append("<section id=\"arms\" aria-labelledby=\"arms-h\">\n<h2 id=\"arms-h\">Arms and"
        + " income</h2>\n<p>Guns against butter: each power's total military strength at the end"
        + " of each year, and the income it collected that year.</p>\n");
    perPower("military", "Military strength", "Military strength of each power at the end of"
        + " each year", m -> m.getMilitary(), v -> Html.num(v, 0), Double.NaN, Double.NaN);
    perPower("income", "Income", "Gold each power collected in each year, after war weariness",
        m -> m.getIncome(), v -> Html.num(v, 0), Double.NaN, Double.NaN);
    out.append("</section>\n");
  }

  private void shares() {
    out.append("<section id=\"power\" aria-labelledby=\"power-h\">\n<h2 id=\"power-h\">Power"
        + " shares and polarity</h2>\n<p>A power's share is half its share of all income and"
        + " half its share of all military strength. The dashed lines mark the hegemony warning"
        + " and the share that wins alone when held long enough.</p>\n");
    RulesConfig rules = state.rules();
    double warning = rules.getHegemonyWarningPercent() / 100.0;
    double victory = rules.getHegemonyVictoryPercent() / 100.0;
    double top = victory + 0.1;
    for (TurnMetrics t : turns) {
      for (PowerMetrics m : t.getPowersList()) {
        top = Math.max(top, m.getShare());
      }
    }
    Svg.LineChart shares = chart("share", "Power share", "Each power's share of power by year,"
        + " with the hegemony warning at " + Html.percent(warning) + " and victory at "
        + Html.percent(victory), PowerMetrics::getShare, v -> Html.num(v * 100, 0) + "%")
        .range(0, Math.min(1, Math.ceil(top * 10) / 10))
        .rule(warning, "warning " + Html.num(warning * 100, 0) + "%")
        .rule(victory, "hegemony " + Html.num(victory * 100, 0) + "%");
    figure("share", "Power share", shares, "Power share by year",
        (t, p) -> metric(t, p) == null ? "" : Html.percent(metric(t, p).getShare()));
    out.append("<h3 id=\"polarity-h\">Polarity</h3>\n<p>The effective number of great powers,"
        + " one over the sum of the squared shares: ").append(powers.size()).append(" when all ")
        .append(powers.size()).append(" are equal, 2 for two equal powers, near 1 under a"
            + " hegemon.</p>\n");
    double[] polarity = new double[turns.size()];
    for (int i = 0; i < turns.size(); i++) {
      polarity[i] = turns.get(i).getPolarity();
    }
    Svg.LineChart chart = new Svg.LineChart("chart-polarity", "Polarity", "The effective number"
        + " of great powers by year" + summary(polarity, v -> Html.num(v, 2)))
        .x(years).format(v -> Html.num(v, 2)).axis(ReportPage::smart)
        .range(1, Math.max(2, powers.size()))
        .series("polarity", "Polarity", "#000000", 0, polarity).height(260);
    out.append("<figure id=\"fig-polarity\"><div class=\"chart-box\">").append(chart.render())
        .append("</div><figcaption>Polarity by year.</figcaption></figure>\n");
    StringBuilder rows = new StringBuilder();
    for (int i = 0; i < turns.size(); i++) {
      rows.append("<tr><th scope=\"row\">").append(years.get(i)).append("</th><td>")
          .append(Html.num(polarity[i], 2)).append("</td></tr>");
    }
    out.append("<details><summary>Numbers: polarity by year</summary><div class=\"scroll\">"
        + "<table id=\"table-polarity\"><caption>Polarity by year</caption><thead><tr>"
        + "<th scope=\"col\">Year</th><th scope=\"col\">Polarity</th></tr></thead><tbody>")
        .append(rows).append("</tbody></table></div></details>\n</section>\n");
  }

  private void security() {
    out.append("<section id=\"security\" aria-labelledby=\"security-h\">\n<h2 id=\"security-h\">"
        + "Security</h2>\n<p>Security is a power's own defence over its defence plus every threat"
        + " it perceives: 1 is perfectly safe, 0 helpless. Below the dashed line at 0.5 a power"
        + " that neither arms nor allies while others balance is passing the buck.</p>\n");
    perPower("security", "Security", "Each power's security by year, from 0 to 1",
        PowerMetrics::getSecurity, v -> Html.num(v, 2), 0, 1);
    out.append("<details><summary>Main threats: whom each power feared most, by year</summary>"
        + "<div class=\"scroll\"><table id=\"table-threats\"><caption>The power each power"
        + " perceived as most threatening, and that threat</caption><thead><tr><th"
        + " scope=\"col\">Year</th>");
    for (Power p : powers) {
      out.append("<th scope=\"col\">").append(p.tag()).append("</th>");
    }
    out.append("</tr></thead><tbody>");
    for (int i = 0; i < turns.size(); i++) {
      out.append("<tr><th scope=\"row\">").append(years.get(i)).append("</th>");
      for (Power p : powers) {
        PowerMetrics m = metric(turns.get(i), p);
        out.append("<td>").append(m == null || m.getMainThreat().isEmpty() ? "–"
            : Html.text(m.getMainThreat()) + " " + Html.num(m.getMainThreatValue(), 1))
            .append("</td>");
      }
      out.append("</tr>");
    }
    out.append("</tbody></table></div></details>\n</section>\n");
  }

  /** A number as an integer when it is one, else with as few decimals (up to two) as it needs. */
  static String smart(double v) {
    for (int decimals = 0; decimals < 2; decimals++) {
      double scale = Math.pow(10, decimals);
      if (Math.abs(v * scale - Math.rint(v * scale)) < 1e-9) {
        return Html.num(v, decimals);
      }
    }
    return Html.num(v, 2);
  }

  @FunctionalInterface
  interface Cell {
    String at(TurnMetrics turn, Power power);
  }

  /** A chart with one line per power, its caption and its table. */
  private void perPower(String key, String title, String desc,
      ToDoubleFunction<PowerMetrics> value, DoubleFunction<String> format, double min,
      double max) {
    Svg.LineChart chart = chart(key, title, desc, value, format).range(min, max);
    if (!Double.isNaN(max) && key.equals("security")) {
      chart.rule(0.5, "0.5");
    }
    figure(key, title, chart, title + " by year", (t, p) -> {
      PowerMetrics m = metric(t, p);
      return m == null ? "" : format.apply(value.applyAsDouble(m));
    });
  }

  Svg.LineChart chart(String key, String title, String desc,
      ToDoubleFunction<PowerMetrics> value, DoubleFunction<String> format) {
    Svg.LineChart chart = new Svg.LineChart("chart-" + key, title, desc).x(years).format(format);
    for (Power p : powers) {
      double[] v = new double[turns.size()];
      for (int i = 0; i < turns.size(); i++) {
        PowerMetrics m = metric(turns.get(i), p);
        v[i] = m == null ? Double.NaN : value.applyAsDouble(m);
      }
      chart.series(p.id(), p.name(), p.colour(), p.style(), v);
    }
    return chart;
  }

  /** A figure: the chart, a legend of the powers, a caption, and the numbers. */
  private void figure(String key, String title, Svg.LineChart chart, String caption, Cell cell) {
    out.append("<h3 id=\"").append(key).append("-h\">").append(Html.text(title)).append("</h3>\n")
        .append("<figure id=\"fig-").append(key).append("\"><div class=\"chart-box\">")
        .append(chart.render()).append("</div>").append(legend())
        .append("<figcaption>").append(Html.text(caption)).append(".</figcaption></figure>\n");
    table(key, title, cell);
  }

  /** The legend shared by every chart with a line per power. */
  String legend() {
    StringBuilder b = new StringBuilder("<ul class=\"legend\">");
    for (Power p : powers) {
      b.append("<li>").append(Svg.sample(p.style(), p.colour())).append(Html.text(p.name()))
          .append(" (").append(Html.text(p.id())).append(")</li>");
    }
    return b.append("</ul>").toString();
  }

  /** The numbers behind a per-power chart: a row a year, a column a power. */
  private void table(String key, String title, Cell cell) {
    out.append("<details><summary>Numbers: ").append(Html.text(title.toLowerCase(
        Locale.ROOT))).append(" by year</summary><div class=\"scroll\"><table id=\"table-")
        .append(key).append("\"><caption>").append(Html.text(title)).append(" by year and power"
            + "</caption><thead><tr><th scope=\"col\">Year</th>");
    for (Power p : powers) {
      out.append("<th scope=\"col\">").append(p.tag()).append("</th>");
    }
    out.append("</tr></thead><tbody>\n");
    for (int i = 0; i < turns.size(); i++) {
      out.append(row(years.get(i), turns.get(i), cell)).append('\n');
    }
    out.append("</tbody></table></div></details>\n");
  }

  /** One table row; tests rebuild it from the debrief to check the numbers. */
  String row(String year, TurnMetrics turn, Cell cell) {
    StringBuilder b = new StringBuilder("<tr><th scope=\"row\">").append(year).append("</th>");
    for (Power p : powers) {
      b.append("<td>").append(cell.at(turn, p)).append("</td>");
    }
    return b.append("</tr>").toString();
  }

  static PowerMetrics metric(TurnMetrics t, Power p) {
    if (p.seat() < t.getPowersCount() && t.getPowers(p.seat()).getPower().equals(p.id())) {
      return t.getPowers(p.seat());
    }
    for (PowerMetrics m : t.getPowersList()) {
      if (m.getPower().equals(p.id())) {
        return m;
      }
    }
    return null;
  }

  /** ", from 12 in 1815 to 30 in 1834, highest 41 in 1829" for a single series. */
  private String summary(double[] v, DoubleFunction<String> format) {
    if (v.length == 0) {
      return "; no year was played";
    }
    int hi = 0;
    int lo = 0;
    for (int i = 1; i < v.length; i++) {
      hi = v[i] > v[hi] ? i : hi;
      lo = v[i] < v[lo] ? i : lo;
    }
    return ": " + format.apply(v[0]) + " in " + years.get(0) + ", " + format.apply(v[v.length - 1])
        + " in " + years.get(v.length - 1) + "; highest " + format.apply(v[hi]) + " in "
        + years.get(hi) + ", lowest " + format.apply(v[lo]) + " in " + years.get(lo);
  }

  // ---- behaviour -----------------------------------------------------------------------------

  static String behaviourName(org.concert.protocol.v1.Behaviour b) {
    return switch (b) {
      case BEHAVIOUR_BALANCING -> "balancing";
      case BEHAVIOUR_BANDWAGONING -> "bandwagoning";
      case BEHAVIOUR_CHAIN_GANGING -> "chain-ganging";
      case BEHAVIOUR_BUCK_PASSING -> "buck-passing";
      default -> "unlabelled";
    };
  }

  private void behaviour() {
    out.append("<section id=\"behaviour\" aria-labelledby=\"behaviour-h\">\n<h2"
        + " id=\"behaviour-h\">Balancing, bandwagoning, chain-ganging, buck-passing</h2>\n<p>"
        + "Each new alliance is balancing when it leaves out the strongest power and"
        + " bandwagoning when it includes it; a war entered through an ally's trigger is"
        + " chain-ganging; a threatened power that neither arms nor allies while others balance"
        + " is passing the buck.</p>\n");
    var kinds = List.of(org.concert.protocol.v1.Behaviour.BEHAVIOUR_BALANCING,
        org.concert.protocol.v1.Behaviour.BEHAVIOUR_BANDWAGONING,
        org.concert.protocol.v1.Behaviour.BEHAVIOUR_CHAIN_GANGING,
        org.concert.protocol.v1.Behaviour.BEHAVIOUR_BUCK_PASSING);
    int[][] counts = new int[powers.size()][kinds.size()];
    int total = 0;
    for (TurnMetrics t : turns) {
      for (BehaviourLabel l : t.getLabelsList()) {
        Power p = byId.get(l.getPower());
        int k = kinds.indexOf(l.getBehaviour());
        if (p != null && k >= 0) {
          counts[p.seat()][k]++;
        }
        total++;
      }
    }
    if (total == 0) {
      out.append("<p id=\"no-labels\">No behaviour was labelled in this match.</p>\n</section>\n");
      return;
    }
    out.append("<div class=\"scroll\"><table id=\"table-behaviour-counts\"><caption>How often"
        + " each power did what</caption><thead><tr><th scope=\"col\" class=\"text\">Power</th>");
    for (var k : kinds) {
      out.append("<th scope=\"col\">").append(behaviourName(k)).append("</th>");
    }
    out.append("</tr></thead><tbody>");
    for (Power p : powers) {
      out.append("<tr><th scope=\"row\" class=\"text\">").append(p.full()).append("</th>");
      for (int k = 0; k < kinds.size(); k++) {
        out.append("<td>").append(counts[p.seat()][k]).append("</td>");
      }
      out.append("</tr>");
    }
    out.append("</tbody></table></div>\n<div class=\"scroll\"><table id=\"table-behaviour\">"
        + "<caption>Every label, year by year</caption><thead><tr><th scope=\"col\">Year</th>"
        + "<th scope=\"col\" class=\"text\">Power</th><th scope=\"col\" class=\"text\">Behaviour"
        + "</th><th scope=\"col\" class=\"text\">Towards</th><th scope=\"col\" class=\"text\">"
        + "What happened</th></tr></thead><tbody>\n");
    for (TurnMetrics t : turns) {
      for (BehaviourLabel l : t.getLabelsList()) {
        out.append("<tr class=\"").append(behaviourName(l.getBehaviour()))
            .append("\"><th scope=\"row\">").append(t.getYear()).append("</th><td class=\"text\">")
            .append(tag(l.getPower())).append("</td><td class=\"text\">")
            .append(behaviourName(l.getBehaviour())).append("</td><td class=\"text\">")
            .append(l.getOther().isEmpty() ? "–" : tag(l.getOther()))
            .append("</td><td class=\"text\">").append(Html.text(l.getDetail()))
            .append("</td></tr>\n");
      }
    }
    out.append("</tbody></table></div>\n</section>\n");
  }

  // ---- arms races ----------------------------------------------------------------------------

  private void races() {
    out.append("<section id=\"arms-races\" aria-labelledby=\"races-h\">\n<h2 id=\"races-h\">Arms"
        + " races</h2>\n<p>For each pair of rivals (powers at war, or one the other's main threat"
        + " in most years), Richardson's equations fitted to their military strength: <code>"
        + "Δx = k·y − a·x + g</code> and <code>Δy = l·x − b·y + h</code>. <var>k</var> and"
        + " <var>l</var> are how strongly each arms in answer to the other, <var>a</var> and"
        + " <var>b</var> how strongly the cost of its own arms holds it back, <var>g</var> and"
        + " <var>h</var> what it arms for regardless. The race is stable when"
        + " <code>k·l &lt; a·b</code>, with both restraints positive; it then settles at an"
        + " equilibrium.</p>\n");
    if (debrief.getFitsCount() == 0) {
      out.append("<p id=\"no-fits\">No pair of powers were rivals with enough years for a fit"
          + " (a fit needs five recorded years).</p>\n</section>\n");
      return;
    }
    int n = 0;
    for (RichardsonFit fit : debrief.getFitsList()) {
      race(fit, n++);
    }
    out.append("</section>\n");
  }

  private void race(RichardsonFit fit, int index) {
    Power x = byId.get(fit.getX());
    Power y = byId.get(fit.getY());
    String xs = Html.text(fit.getX());
    String ys = Html.text(fit.getY());
    String id = "race-" + index;
    out.append("<article class=\"race\" id=\"").append(id).append("\" aria-labelledby=\"")
        .append(id).append("-h\"><h3 id=\"").append(id).append("-h\">")
        .append(x == null ? xs : x.full()).append(" and ").append(y == null ? ys : y.full())
        .append("</h3>\n<p class=\"verdict ").append(fit.getStable() ? "stable" : "unstable")
        .append("\"><strong>").append(fit.getStable() ? "Stable" : "Unstable")
        .append(".</strong> ");
    double kl = fit.getK() * fit.getL();
    double ab = fit.getA() * fit.getB();
    double[][] series = arms(fit.getX(), fit.getY());
    List<String> still = new ArrayList<>();
    for (int side = 0; side < 2; side++) {
      if (flat(series[side])) {
        still.add(side == 0 ? xs : ys);
      }
    }
    if (!still.isEmpty()) {
      out.append(String.join(" and ", still)).append("'s arms")
          .append(" did not change in these years, so ")
          .append(still.size() == 1 ? "its equation explains" : "their equations explain")
          .append(" nothing and no equilibrium is given.");
    } else if (fit.getStable()) {
      out.append("k·l = ").append(Html.num(kl, 3)).append(" &lt; a·b = ").append(Html.num(ab, 3))
          .append(": the restraint of cost outweighs the mutual reaction. The race settles where ")
          .append(xs).append(" holds ").append(Html.num(fit.getEquilibriumX(), 1)).append(" and ")
          .append(ys).append(' ').append(Html.num(fit.getEquilibriumY(), 1)).append(".");
    } else if (fit.getA() <= 0 || fit.getB() <= 0) {
      out.append(fit.getA() <= 0 ? xs : ys).append("'s restraint (")
          .append(fit.getA() <= 0 ? "a = " + Html.num(fit.getA(), 3)
              : "b = " + Html.num(fit.getB(), 3))
          .append(") is not positive: its arms do not settle of themselves, and no equilibrium"
              + " is given.");
    } else {
      out.append("k·l = ").append(Html.num(kl, 3)).append(" ≥ a·b = ").append(Html.num(ab, 3))
          .append(": the mutual reaction outweighs the restraint; arms run away or collapse,"
              + " depending on where they start.");
    }
    out.append("</p>\n<div class=\"scroll\"><table class=\"fit\"><caption>Fitted coefficients"
        + " over ").append(fit.getSamples()).append(" year-on-year changes</caption><thead><tr>"
            + "<th scope=\"col\" class=\"text\">Equation</th><th scope=\"col\">Reaction</th>"
            + "<th scope=\"col\">Restraint</th><th scope=\"col\">Grievance</th>"
            + "<th scope=\"col\">R²</th></tr></thead><tbody>");
    out.append("<tr><th scope=\"row\" class=\"text\">Δ").append(xs).append(" = k·").append(ys)
        .append(" − a·").append(xs).append(" + g</th><td>k = ").append(Html.num(fit.getK(), 3))
        .append("</td><td>a = ").append(Html.num(fit.getA(), 3)).append("</td><td>g = ")
        .append(Html.num(fit.getG(), 2)).append("</td><td>").append(Html.num(fit.getR2X(), 2))
        .append("</td></tr>");
    out.append("<tr><th scope=\"row\" class=\"text\">Δ").append(ys).append(" = l·").append(xs)
        .append(" − b·").append(ys).append(" + h</th><td>l = ").append(Html.num(fit.getL(), 3))
        .append("</td><td>b = ").append(Html.num(fit.getB(), 3)).append("</td><td>h = ")
        .append(Html.num(fit.getH(), 2)).append("</td><td>").append(Html.num(fit.getR2Y(), 2))
        .append("</td></tr></tbody></table></div>\n");
    String desc = "Military strength of " + fit.getX() + " and " + fit.getY() + " by year"
        + (fit.getStable() ? ", with the equilibrium levels dashed" : "");
    Svg.LineChart chart = new Svg.LineChart("chart-" + id, fit.getX() + " and " + fit.getY()
        + ": arms by year", desc).x(years).height(240);
    double top = 0;
    for (int side = 0; side < 2; side++) {
      Power p = side == 0 ? x : y;
      String key = side == 0 ? fit.getX() : fit.getY();
      chart.series(key, p == null ? key : p.name(), p == null ? PALETTE[side] : p.colour(),
          p == null ? side : p.style(), series[side]);
      for (double v : series[side]) {
        top = Double.isNaN(v) ? top : Math.max(top, v);
      }
    }
    if (fit.getStable()) {
      double ex = fit.getEquilibriumX();
      double ey = fit.getEquilibriumY();
      if (ex >= 0 && ex <= 3 * Math.max(top, 1)) {
        chart.rule(ex, fit.getX() + "* " + Html.num(ex, 1));
      }
      if (ey >= 0 && ey <= 3 * Math.max(top, 1)) {
        chart.rule(ey, fit.getY() + "* " + Html.num(ey, 1));
      }
    }
    out.append("<figure><div class=\"chart-box\">").append(chart.render())
        .append("</div><figcaption>").append(Html.text(desc)).append(". The numbers are in the"
            + " military table above.</figcaption></figure></article>\n");
  }

  /** The two powers' military by year, NaN where a power is out. */
  private double[][] arms(String x, String y) {
    double[][] v = new double[2][turns.size()];
    for (int i = 0; i < turns.size(); i++) {
      v[0][i] = Double.NaN;
      v[1][i] = Double.NaN;
      for (PowerMetrics m : turns.get(i).getPowersList()) {
        if (m.getPower().equals(x) && m.getAlive()) {
          v[0][i] = m.getMilitary();
        } else if (m.getPower().equals(y) && m.getAlive()) {
          v[1][i] = m.getMilitary();
        }
      }
    }
    return v;
  }

  private static boolean flat(double[] v) {
    double first = Double.NaN;
    for (double d : v) {
      if (Double.isNaN(d)) {
        continue;
      }
      if (Double.isNaN(first)) {
        first = d;
      } else if (d != first) {
        return false;
      }
    }
    return true;
  }

  // ---- footer --------------------------------------------------------------------------------

  private void footer() {
    out.append("<footer><p>Made by <code>concert report</code> from a match journal of ")
        .append(report.entries()).append(" entries: scenario <code>")
        .append(Html.text(scenario.getId())).append("</code>, seed ")
        .append(Long.toUnsignedString(report.start().getSeed()))
        .append(". Final state hash <code class=\"hash\">").append(state.hash())
        .append("</code>. Replaying the journal gives this page again, byte for byte.</p>"
            + "</footer>\n");
  }

  private static final String CSS = """
      :root{color-scheme:light;--ink:#1b1b1b;--muted:#4a4a4a;--rule:#d6d6d6;--band:#f4f4f1;\
      --link:#005a9c}
      *{box-sizing:border-box}
      body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",\
      Arial,sans-serif;color:var(--ink);background:#fff}
      header,main,footer{max-width:1100px;margin:0 auto;padding:0 16px}
      header{padding-top:20px}
      h1{font-size:1.75rem;line-height:1.2;margin:.3em 0}
      h2{font-size:1.4rem;margin:2.2em 0 .4em;padding-top:.5em;border-top:3px solid var(--ink)}
      h3{font-size:1.12rem;margin:1.6em 0 .3em}
      a{color:var(--link)}
      .lead{font-size:1.15rem;margin:.3em 0 .8em}
      nav ol{list-style:none;padding:0;margin:0 0 1em;display:flex;flex-wrap:wrap;gap:.2em 1.1em}
      dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.15em 1em;margin:.8em 0}
      dl.facts dt{font-weight:600}
      dl.facts dd{margin:0}
      figure{margin:.6em 0 .4em}
      .chart-box,.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
      svg.chart{display:block;width:100%;min-width:540px;max-width:920px;height:auto;\
      background:#fff}
      figcaption{font-size:.92rem;color:var(--muted)}
      table{border-collapse:collapse;font-variant-numeric:tabular-nums;margin:.4em 0;\
      font-size:.95rem}
      caption{text-align:left;font-size:.9rem;color:var(--muted);padding:.2em 0}
      th,td{padding:.22em .6em;border-bottom:1px solid var(--rule);text-align:right;\
      vertical-align:top}
      thead th{border-bottom:2px solid #999;background:var(--band)}
      .text{text-align:left}
      details{margin:.3em 0 1em}
      summary{cursor:pointer;color:var(--link)}
      summary:focus-visible,a:focus-visible{outline:3px solid #E69F00;outline-offset:2px}
      .swatch{display:inline-block;width:.85em;height:.85em;border:1px solid #333;\
      vertical-align:-.08em;margin-right:.3em}
      .box{display:inline-block;width:1.1em;height:.85em;border:1px solid;vertical-align:-.08em;\
      margin-right:.3em}
      abbr{text-decoration:none}
      ul.legend{list-style:none;padding:0;margin:.3em 0;display:flex;flex-wrap:wrap;\
      gap:.2em 1.1em;font-size:.92rem}
      ul.legend li{white-space:nowrap}
      svg.sample{vertical-align:middle;margin-right:.3em}
      .nets{display:grid;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));gap:8px}
      .nets figure{margin:0;border:1px solid var(--rule);padding:4px;text-align:center}
      .nets svg{display:block;width:100%;height:auto}
      .nets figcaption{font-weight:600;color:var(--ink)}
      svg.map{display:block;width:100%;min-width:560px;height:auto;background:#fbfbf8;\
      border:1px solid var(--rule)}
      ol.ledger{list-style:none;padding:0}
      ol.ledger li{padding:.15em 0;border-bottom:1px dotted var(--rule)}
      span.kept{color:#00664a;font-weight:600}
      span.broke{color:#a33a00;font-weight:600}
      table.scores th.text{white-space:nowrap}
      .verdict.stable strong{color:#00664a}
      .verdict.unstable strong{color:#a33a00}
      code.hash{word-break:break-all}
      footer{margin-top:3em;padding-bottom:2em;color:var(--muted);font-size:.9rem;\
      border-top:1px solid var(--rule)}
      @media (max-width:640px){body{font-size:15px}h1{font-size:1.4rem}\
      dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:.4em}\
      .nets{grid-template-columns:repeat(2,1fr)}}
      @media print{.chart-box,.scroll{overflow:visible}svg.chart,svg.map{min-width:0}\
      details{display:block}}
      """;
}
