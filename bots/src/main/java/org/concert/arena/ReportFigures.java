package org.concert.arena;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.concert.engine.GameState;
import org.concert.protocol.v1.AllianceEdge;
import org.concert.protocol.v1.AllianceKind;
import org.concert.protocol.v1.LinkDef;
import org.concert.protocol.v1.LinkKind;
import org.concert.protocol.v1.MatchState;
import org.concert.protocol.v1.MinorDef;
import org.concert.protocol.v1.PowerMetrics;
import org.concert.protocol.v1.ProvinceDef;
import org.concert.protocol.v1.ProvinceState;
import org.concert.protocol.v1.Scenario;
import org.concert.protocol.v1.StackState;
import org.concert.protocol.v1.Treaty;
import org.concert.protocol.v1.TurnMetrics;
import org.concert.protocol.v1.War;

/**
 * The two drawings of the report that are not charts: the map at the end of the match and the
 * alliance network year by year (powers on a circle, an edge per treaty kind, wars in red).
 */
final class ReportFigures {
  /** How an edge of the network is drawn: colour, dash and width, and its name. */
  private record Style(String name, String colour, String dash, double width) {}

  private static final Map<AllianceKind, Style> KINDS = new LinkedHashMap<>();
  private static final Style WAR = new Style("war", "#D55E00", "", 4.2);

  static {
    KINDS.put(AllianceKind.ALLIANCE_KIND_DEFENSIVE,
        new Style("defensive alliance", "#0072B2", "", 2.6));
    KINDS.put(AllianceKind.ALLIANCE_KIND_OFFENSIVE,
        new Style("offensive alliance", "#000000", "10 3 2 3", 2.6));
    KINDS.put(AllianceKind.ALLIANCE_KIND_NON_AGGRESSION,
        new Style("non-aggression or peace", "#009E73", "7 4", 2.6));
    KINDS.put(AllianceKind.ALLIANCE_KIND_NEUTRALITY,
        new Style("neutrality", "#E69F00", "2 3", 3.0));
    KINDS.put(AllianceKind.ALLIANCE_KIND_CONCERT,
        new Style("concert", "#CC79A7", "14 4", 2.6));
  }

  private final ReportPage page;
  private final Scenario scenario;
  private final GameState state;
  private final List<TurnMetrics> turns;

  ReportFigures(ReportPage page, Scenario scenario, GameState state, List<TurnMetrics> turns) {
    this.page = page;
    this.scenario = scenario;
    this.state = state;
    this.turns = turns;
  }

  // ---- the map -------------------------------------------------------------------------------

  String map() {
    StringBuilder b = new StringBuilder();
    b.append("<section id=\"map\" aria-labelledby=\"map-h\">\n<h2 id=\"map-h\">The map at the end"
        + "</h2>\n");
    List<ProvinceDef> defs = scenario.getProvincesList();
    if (defs.isEmpty()) {
      return b.append("<p>The scenario has no provinces to draw.</p></section>\n").toString();
    }
    MatchState end = state.toProto();
    Map<String, ProvinceState> now = new HashMap<>();
    for (ProvinceState p : end.getProvincesList()) {
      now.put(p.getId(), p);
    }
    Map<String, List<StackState>> stacks = new HashMap<>();
    for (StackState s : end.getStacksList()) {
      stacks.computeIfAbsent(s.getProvince(), k -> new ArrayList<>()).add(s);
    }
    Map<String, String> minors = new LinkedHashMap<>();
    for (MinorDef m : scenario.getMinorsList()) {
      minors.put(m.getId(), m.getName().isEmpty() ? m.getId() : m.getName());
    }
    Map<String, String> capitals = new HashMap<>();
    for (ReportPage.Power p : page.powers()) {
      capitals.put(scenario.getPowers(p.seat()).getCapital(), p.id());
    }
    // The drawing area: the scenario's, or the points' bounds with a margin.
    double minX = 0;
    double minY = 0;
    double w = scenario.getWidth();
    double h = scenario.getHeight();
    if (!(w > 0 && h > 0)) {
      double x0 = Double.MAX_VALUE;
      double y0 = Double.MAX_VALUE;
      double x1 = -Double.MAX_VALUE;
      double y1 = -Double.MAX_VALUE;
      for (ProvinceDef d : defs) {
        x0 = Math.min(x0, d.getAt().getX());
        y0 = Math.min(y0, d.getAt().getY());
        x1 = Math.max(x1, d.getAt().getX());
        y1 = Math.max(y1, d.getAt().getY());
      }
      minX = x0 - 60;
      minY = y0 - 60;
      w = Math.max(200, x1 - x0 + 120);
      h = Math.max(200, y1 - y0 + 120);
    }
    double r = Math.max(8, Math.min(w, h) / 60);
    double font = r * 0.95;
    Map<String, ProvinceDef> at = new HashMap<>();
    for (ProvinceDef d : defs) {
      at.put(d.getId(), d);
    }
    String desc = "Provinces at their map positions, coloured by owner at the end of the"
        + " match; lines are links, dashed across the sea; numbered badges are armies. The"
        + " table below lists every province.";
    b.append("<figure id=\"fig-map\"><div class=\"chart-box\"><svg id=\"map-svg\" class=\"map\""
        + " viewBox=\"").append(Svg.f(minX)).append(' ').append(Svg.f(minY)).append(' ')
        .append(Svg.f(w)).append(' ').append(Svg.f(h)).append("\" role=\"img\""
            + " aria-labelledby=\"map-svg-title map-svg-desc\" xmlns=\"http://www.w3.org/2000/svg\""
            + " font-family=\"system-ui, sans-serif\"><title id=\"map-svg-title\">The map at the"
            + " end of the match</title><desc id=\"map-svg-desc\">").append(Html.text(desc))
        .append("</desc><g class=\"links\">");
    for (LinkDef l : scenario.getLinksList()) {
      ProvinceDef a = at.get(l.getA());
      ProvinceDef c = at.get(l.getB());
      if (a == null || c == null) {
        continue;
      }
      boolean sea = l.getKind() == LinkKind.LINK_KIND_SEA;
      b.append("<line x1=\"").append(Svg.f(a.getAt().getX())).append("\" y1=\"")
          .append(Svg.f(a.getAt().getY())).append("\" x2=\"").append(Svg.f(c.getAt().getX()))
          .append("\" y2=\"").append(Svg.f(c.getAt().getY())).append("\" stroke=\"")
          .append(sea ? "#0072B2" : "#9A9A9A").append("\" stroke-width=\"")
          .append(sea ? "1.6" : "1.8").append("\"")
          .append(sea ? " stroke-dasharray=\"7 5\"" : "").append("/>");
    }
    b.append("</g><g class=\"provinces\" font-size=\"").append(Svg.f(font)).append("\">");
    for (ProvinceDef d : defs) {
      ProvinceState ps = now.get(d.getId());
      String owner = ps == null ? d.getOwner() : ps.getOwner();
      ReportPage.Power p = page.power(owner);
      String fill = p != null ? p.colour() : minors.containsKey(owner) ? "#D9D9D9" : "#FFFFFF";
      String who = p != null ? p.name() : minors.getOrDefault(owner, "nobody");
      double x = d.getAt().getX();
      double y = d.getAt().getY();
      String name = d.getName().isEmpty() ? d.getId() : d.getName();
      b.append("<g class=\"province\" data-owner=\"").append(Html.attr(owner)).append("\"><title>")
          .append(Html.text(name + ": " + who
              + (capitals.containsKey(d.getId()) ? ", capital of " + capitals.get(d.getId()) : "")
              + armies(stacks.get(d.getId()))))
          .append("</title>");
      if (capitals.containsKey(d.getId())) {
        b.append("<circle cx=\"").append(Svg.f(x)).append("\" cy=\"").append(Svg.f(y))
            .append("\" r=\"").append(Svg.f(r + 4)).append("\" fill=\"none\" stroke=\"#000000\""
                + " stroke-width=\"2\"/>");
      }
      b.append("<circle cx=\"").append(Svg.f(x)).append("\" cy=\"").append(Svg.f(y))
          .append("\" r=\"").append(Svg.f(r)).append("\" fill=\"").append(fill)
          .append("\" stroke=\"#333333\" stroke-width=\"1.2\"")
          .append(p == null && !minors.containsKey(owner) ? " stroke-dasharray=\"3 2\"" : "")
          .append("/>");
      b.append("<text x=\"").append(Svg.f(x)).append("\" y=\"").append(Svg.f(y + r + font))
          .append("\" text-anchor=\"middle\" fill=\"#1b1b1b\" stroke=\"#FFFFFF\""
              + " stroke-width=\"3\" paint-order=\"stroke\" stroke-linejoin=\"round\">")
          .append(Html.text(name)).append("</text>");
      double bx = x + r * 0.6;
      double by = y - r * 1.9;
      for (StackState s : stacks.getOrDefault(d.getId(), List.of())) {
        ReportPage.Power sp = page.power(s.getPower());
        String colour = sp == null ? "#777777" : sp.colour();
        String label = Integer.toString(s.getStrength());
        double bw = font * (0.62 * label.length() + 0.7);
        b.append("<rect x=\"").append(Svg.f(bx)).append("\" y=\"").append(Svg.f(by))
            .append("\" width=\"").append(Svg.f(bw)).append("\" height=\"")
            .append(Svg.f(font * 1.3)).append("\" rx=\"").append(Svg.f(font * 0.3))
            .append("\" fill=\"").append(colour).append("\" stroke=\"#222222\"/><text x=\"")
            .append(Svg.f(bx + bw / 2)).append("\" y=\"").append(Svg.f(by + font * 1.0))
            .append("\" text-anchor=\"middle\" font-weight=\"700\" fill=\"")
            .append(Html.ink(colour)).append("\">").append(label).append("</text>");
        bx += bw + 2;
      }
      b.append("</g>");
    }
    b.append("</g></svg></div>");
    b.append("<ul class=\"legend\">");
    for (ReportPage.Power p : page.powers()) {
      b.append("<li>").append(ReportPage.swatch(p.colour())).append(Html.text(p.name()))
          .append("</li>");
    }
    b.append("<li>").append(ReportPage.swatch("#D9D9D9")).append("minor states</li><li>")
        .append(ReportPage.swatch("#FFFFFF")).append("nobody's</li><li>ring: a capital</li>"
            + "<li>badge: an army and its strength</li><li><svg class=\"sample\" viewBox=\"0 0 40"
            + " 14\" width=\"40\" height=\"14\" aria-hidden=\"true\"><path d=\"M1 7L39 7\""
            + " stroke=\"#0072B2\" stroke-width=\"1.6\" stroke-dasharray=\"7 5\"/></svg>sea link"
            + "</li></ul><figcaption>The map at the end of the match.</figcaption></figure>\n");
    b.append("<details><summary>Every province at the end</summary><div class=\"scroll\"><table"
        + " id=\"table-provinces\"><caption>Provinces, owners, forts and armies at the end"
        + "</caption><thead><tr><th scope=\"col\" class=\"text\">Province</th><th scope=\"col\""
        + " class=\"text\">Owner</th><th scope=\"col\">Value</th><th scope=\"col\">Fort</th>"
        + "<th scope=\"col\" class=\"text\">Armies</th></tr></thead><tbody>");
    for (ProvinceDef d : defs) {
      ProvinceState ps = now.get(d.getId());
      String owner = ps == null ? d.getOwner() : ps.getOwner();
      String ownerHtml = page.power(owner) != null ? page.tag(owner)
          : Html.text(minors.getOrDefault(owner, "nobody"));
      StringBuilder armies = new StringBuilder();
      for (StackState s : stacks.getOrDefault(d.getId(), List.of())) {
        armies.append(armies.length() == 0 ? "" : ", ").append(page.tag(s.getPower()))
            .append(' ').append(s.getStrength());
      }
      if (ps != null && ps.getGarrison() > 0) {
        armies.append(armies.length() == 0 ? "" : ", ").append("garrison ")
            .append(ps.getGarrison());
      }
      b.append("<tr><th scope=\"row\" class=\"text\">")
          .append(Html.text(d.getName().isEmpty() ? d.getId() : d.getName()))
          .append(capitals.containsKey(d.getId()) ? " (capital)" : "")
          .append("</th><td class=\"text\">").append(ownerHtml).append("</td><td>")
          .append(d.getValue()).append("</td><td>").append(ps == null ? 0 : ps.getFort())
          .append("</td><td class=\"text\">").append(armies.length() == 0 ? "–" : armies)
          .append("</td></tr>");
    }
    return b.append("</tbody></table></div></details>\n</section>\n").toString();
  }

  private String armies(List<StackState> stacks) {
    if (stacks == null || stacks.isEmpty()) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    for (StackState s : stacks) {
      parts.add(s.getPower() + " " + s.getStrength());
    }
    return "; armies " + String.join(", ", parts);
  }

  // ---- the alliance network ------------------------------------------------------------------

  /** One year's network in a comparable form: edges, wars and the living. */
  private record Network(List<AllianceEdge> edges, List<War> wars, List<Boolean> alive) {
    String signature() {
      StringBuilder b = new StringBuilder();
      edges.stream().map(e -> e.getA() + "|" + e.getB() + "|" + e.getKindValue() + "|"
          + e.getTreatyId()).sorted().forEach(s -> b.append(s).append(';'));
      wars.stream().map(w -> w.getA() + "|" + w.getB()).sorted()
          .forEach(s -> b.append(s).append(';'));
      return b.append(alive).toString();
    }
  }

  String network() {
    StringBuilder b = new StringBuilder();
    b.append("<section id=\"alliances\" aria-labelledby=\"alliances-h\">\n<h2 id=\"alliances-h\">"
        + "The alliance network</h2>\n<p>The treaties in force and the wars at the end of each"
        + " year. A year is drawn when the network changed; unchanged years are left out.</p>\n");
    b.append("<ul class=\"legend\" id=\"network-legend\">");
    for (Style s : KINDS.values()) {
      b.append("<li>").append(edgeSample(s)).append(Html.text(s.name())).append("</li>");
    }
    b.append("<li>").append(edgeSample(WAR)).append("war</li><li><svg class=\"sample\""
        + " viewBox=\"0 0 40 14\" width=\"40\" height=\"14\" aria-hidden=\"true\"><circle"
        + " cx=\"20\" cy=\"7\" r=\"5.5\" fill=\"#FFFFFF\" stroke=\"#777777\" stroke-dasharray=\"2"
        + " 2\"/></svg>eliminated</li></ul>\n");
    if (turns.isEmpty()) {
      return b.append("<p>No year was played.</p>\n").append(treatyTable())
          .append("</section>\n").toString();
    }
    b.append("<div class=\"nets\">\n");
    String previous = null;
    StringBuilder text = new StringBuilder();
    int drawn = 0;
    for (int i = 0; i < turns.size(); i++) {
      TurnMetrics t = turns.get(i);
      List<Boolean> alive = new ArrayList<>();
      for (ReportPage.Power p : page.powers()) {
        PowerMetrics m = ReportPage.metric(t, p);
        alive.add(m == null || m.getAlive());
      }
      Network n = new Network(t.getAlliancesList(), t.getWarsList(), alive);
      String sig = n.signature();
      boolean last = i == turns.size() - 1;
      if (sig.equals(previous) && !last) {
        continue;
      }
      boolean unchanged = sig.equals(previous);
      previous = sig;
      drawn++;
      String summary = describe(n);
      b.append(drawNetwork(t.getYear(), n, summary, unchanged));
      text.append("<li><strong>").append(t.getYear()).append(unchanged ? " (unchanged)" : "")
          .append(":</strong> ").append(Html.text(summary)).append("</li>");
    }
    b.append("</div>\n<p class=\"note\">").append(drawn).append(drawn == 1 ? " year" : " years")
        .append(" drawn of ").append(turns.size()).append(".</p>\n<details><summary>The network"
            + " in words, year by year</summary><ol class=\"ledger\" id=\"network-text\">")
        .append(text).append("</ol></details>\n");
    b.append(treatyTable());
    return b.append("</section>\n").toString();
  }

  private static String edgeSample(Style s) {
    return "<svg class=\"sample\" viewBox=\"0 0 40 14\" width=\"40\" height=\"14\""
        + " aria-hidden=\"true\" focusable=\"false\"><path d=\"M1 7L39 7\" stroke=\"" + s.colour()
        + "\" stroke-width=\"" + Svg.f(s.width()) + "\""
        + (s.dash().isEmpty() ? "" : " stroke-dasharray=\"" + s.dash() + "\"") + "/>"
        + (s == WAR ? warMark(20, 7, 4) : "") + "</svg>";
  }

  /** A small cross on a war edge, so that a war reads without its colour. */
  private static String warMark(double x, double y, double r) {
    return "<path d=\"M" + Svg.f(x - r) + " " + Svg.f(y - r) + "L" + Svg.f(x + r) + " "
        + Svg.f(y + r) + "M" + Svg.f(x + r) + " " + Svg.f(y - r) + "L" + Svg.f(x - r) + " "
        + Svg.f(y + r) + "\" stroke=\"#FFFFFF\" stroke-width=\"4.2\"/><path d=\"M" + Svg.f(x - r)
        + " " + Svg.f(y - r) + "L" + Svg.f(x + r) + " " + Svg.f(y + r) + "M" + Svg.f(x + r) + " "
        + Svg.f(y - r) + "L" + Svg.f(x - r) + " " + Svg.f(y + r) + "\" stroke=\"#D55E00\""
        + " stroke-width=\"2.2\"/>";
  }

  /** The network of one year in words (plain text; escaped by the caller). */
  private String describe(Network n) {
    Map<String, List<String>> byKind = new LinkedHashMap<>();
    for (AllianceEdge e : n.edges()) {
      Style s = KINDS.get(e.getKind());
      String name = s == null ? "treaty" : s.name();
      byKind.computeIfAbsent(name, k -> new ArrayList<>()).add(e.getA() + "–" + e.getB() + " ("
          + e.getTreatyId() + (e.getSecret() ? ", secret" : "") + ")");
    }
    List<String> parts = new ArrayList<>();
    byKind.forEach((k, v) -> parts.add(k + ": " + String.join(", ", v)));
    if (!n.wars().isEmpty()) {
      List<String> wars = new ArrayList<>();
      n.wars().forEach(w -> wars.add(w.getA() + "–" + w.getB()));
      parts.add("at war: " + String.join(", ", wars));
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n.alive().size(); i++) {
      if (!n.alive().get(i)) {
        out.add(page.powers().get(i).id());
      }
    }
    if (!out.isEmpty()) {
      parts.add("eliminated: " + String.join(", ", out));
    }
    return parts.isEmpty() ? "no treaties and no wars." : String.join("; ", parts) + ".";
  }

  private String drawNetwork(int year, Network n, String summary, boolean unchanged) {
    int size = 220;
    double c = size / 2.0;
    double ring = 78;
    double node = 17;
    List<ReportPage.Power> ps = page.powers();
    int np = ps.size();
    double[][] xy = new double[np][2];
    for (int i = 0; i < np; i++) {
      double angle = -Math.PI / 2 + 2 * Math.PI * i / Math.max(1, np);
      xy[i][0] = c + ring * Math.cos(angle);
      xy[i][1] = c + ring * Math.sin(angle);
    }
    // Group the edges by pair; one line per kind, parallel lines when a pair has several.
    Map<String, Map<String, List<String>>> pairs = new TreeMap<>();
    Map<String, Style> styleOf = new HashMap<>();
    for (AllianceEdge e : n.edges()) {
      Style s = KINDS.get(e.getKind());
      if (s == null || page.power(e.getA()) == null || page.power(e.getB()) == null) {
        continue;
      }
      pairs.computeIfAbsent(pairKey(e.getA(), e.getB()), k -> new LinkedHashMap<>())
          .computeIfAbsent(s.name(), k -> new ArrayList<>()).add(e.getTreatyId());
      styleOf.put(s.name(), s);
    }
    for (War w : n.wars()) {
      if (page.power(w.getA()) == null || page.power(w.getB()) == null) {
        continue;
      }
      pairs.computeIfAbsent(pairKey(w.getA(), w.getB()), k -> new LinkedHashMap<>())
          .computeIfAbsent(WAR.name(), k -> new ArrayList<>());
      styleOf.put(WAR.name(), WAR);
    }
    String id = "net-" + year;
    StringBuilder b = new StringBuilder("<figure class=\"net\" id=\"").append(id)
        .append("-fig\">");
    b.append("<svg id=\"").append(id).append("\" viewBox=\"0 0 ").append(size).append(' ')
        .append(size).append("\" role=\"img\" aria-labelledby=\"").append(id).append("-title ")
        .append(id).append("-desc\" xmlns=\"http://www.w3.org/2000/svg\" font-family=\"system-ui,"
            + " sans-serif\"><title id=\"").append(id).append("-title\">Alliances and wars at the"
            + " end of ").append(year).append("</title><desc id=\"").append(id).append("-desc\">")
        .append(Html.text(summary)).append("</desc>");
    for (var pair : pairs.entrySet()) {
      String[] ends = pair.getKey().split("\u0000", 2);
      int a = page.power(ends[0]).seat();
      int z = page.power(ends[1]).seat();
      double dx = xy[z][0] - xy[a][0];
      double dy = xy[z][1] - xy[a][1];
      double len = Math.max(1e-6, Math.hypot(dx, dy));
      double ux = dx / len;
      double uy = dy / len;
      int k = 0;
      int count = pair.getValue().size();
      for (var kind : pair.getValue().entrySet()) {
        Style s = styleOf.get(kind.getKey());
        double off = (k++ - (count - 1) / 2.0) * 5.5;
        double ox = -uy * off;
        double oy = ux * off;
        double x1 = xy[a][0] + ux * node + ox;
        double y1 = xy[a][1] + uy * node + oy;
        double x2 = xy[z][0] - ux * node + ox;
        double y2 = xy[z][1] - uy * node + oy;
        String tip = ends[0] + "–" + ends[1] + ": " + s.name()
            + (kind.getValue().isEmpty() ? "" : " (" + String.join(", ", kind.getValue()) + ")");
        b.append("<g class=\"edge\" data-kind=\"").append(Html.attr(s.name()))
            .append("\"><title>").append(Html.text(tip)).append("</title><line x1=\"")
            .append(Svg.f(x1)).append("\" y1=\"").append(Svg.f(y1)).append("\" x2=\"")
            .append(Svg.f(x2)).append("\" y2=\"").append(Svg.f(y2)).append("\" stroke=\"")
            .append(s.colour()).append("\" stroke-width=\"").append(Svg.f(s.width()))
            .append("\"").append(s.dash().isEmpty() ? "" : " stroke-dasharray=\"" + s.dash() + "\"")
            .append(" stroke-linecap=\"butt\"/>");
        if (s == WAR) {
          b.append(warMark((x1 + x2) / 2, (y1 + y2) / 2, 4.5));
        }
        b.append("</g>");
      }
    }
    for (int i = 0; i < np; i++) {
      ReportPage.Power p = ps.get(i);
      boolean alive = n.alive().get(i);
      b.append("<g class=\"node\"><title>").append(Html.text(p.name() + " (" + p.id() + ")"
          + (alive ? "" : ", eliminated"))).append("</title><circle cx=\"")
          .append(Svg.f(xy[i][0])).append("\" cy=\"").append(Svg.f(xy[i][1])).append("\" r=\"")
          .append(Svg.f(node)).append("\" fill=\"").append(alive ? p.colour() : "#FFFFFF")
          .append("\" stroke=\"").append(alive ? "#222222" : "#777777").append("\"")
          .append(alive ? "" : " stroke-dasharray=\"3 2\"").append(" stroke-width=\"1.4\"/>")
          .append("<text x=\"").append(Svg.f(xy[i][0])).append("\" y=\"")
          .append(Svg.f(xy[i][1] + 4.5)).append("\" text-anchor=\"middle\" font-size=\"12\""
              + " font-weight=\"700\" fill=\"").append(alive ? Html.ink(p.colour()) : "#555555")
          .append("\">").append(Html.text(shortId(p.id()))).append("</text></g>");
    }
    b.append("</svg><figcaption>").append(year).append(unchanged ? " (unchanged)" : "")
        .append("</figcaption></figure>\n");
    return b.toString();
  }

  private static String shortId(String id) {
    return id.length() <= 4 ? id : id.substring(0, 4);
  }

  private String pairKey(String a, String b) {
    int sa = page.power(a).seat();
    int sb = page.power(b).seat();
    return sa <= sb ? a + "\u0000" + b : b + "\u0000" + a;
  }

  // ---- treaties ------------------------------------------------------------------------------

  private String treatyTable() {
    StringBuilder b = new StringBuilder("<h3 id=\"treaties-h\">Treaties</h3>\n");
    if (page.treaties().isEmpty()) {
      return b.append("<p>No treaty was in force at any time.</p>\n").toString();
    }
    b.append("<div class=\"scroll\"><table id=\"table-treaties\"><caption>Every treaty of the"
        + " match, in the order it came into force</caption><thead><tr><th scope=\"col\""
        + " class=\"text\">Treaty</th><th scope=\"col\" class=\"text\">Parties</th><th"
        + " scope=\"col\" class=\"text\">Terms</th><th scope=\"col\">Signed</th><th scope=\"col\""
        + " class=\"text\">End</th></tr></thead><tbody>");
    for (Treaty t : page.treaties().values()) {
      List<String> parties = new ArrayList<>();
      for (String p : t.getTerms().getPartiesList()) {
        parties.add(page.tag(p));
      }
      String signed = t.getSignedTurn() == 0 ? "at the start"
          : Integer.toString(page.year(t.getSignedTurn()));
      b.append("<tr><th scope=\"row\" class=\"text\"><code>").append(Html.text(t.getId()))
          .append("</code>").append(t.getTerms().getSecret() ? " (secret)" : "")
          .append("</th><td class=\"text\">").append(String.join(" ", parties))
          .append("</td><td class=\"text\">").append(Html.text(ReportLedger.terms(t.getTerms())))
          .append("</td><td>").append(signed).append("</td><td class=\"text\">")
          .append(Html.text(ending(t))).append("</td></tr>");
    }
    return b.append("</tbody></table></div>\n").toString();
  }

  private String ending(Treaty t) {
    return switch (t.getStatus()) {
      case TREATY_STATUS_IN_FORCE -> t.getLastTurn() == 0 ? "in force at the end, open-ended"
          : "in force at the end, until " + page.year(t.getLastTurn());
      case TREATY_STATUS_EXPIRED -> "expired after " + page.year(t.getLastTurn());
      case TREATY_STATUS_RENOUNCED -> "renounced by " + t.getRenouncedBy() + ", void from "
          + page.year(t.getRenounceEffectiveTurn());
      case TREATY_STATUS_BROKEN -> page.endedYear(t.getId()) == 0 ? "broken"
          : "broken in " + page.endedYear(t.getId());
      case TREATY_STATUS_LAPSED -> page.endedYear(t.getId()) == 0 ? "lapsed"
          : "lapsed in " + page.endedYear(t.getId());
      default -> "";
    };
  }
}
