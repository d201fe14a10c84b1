package org.concert.arena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.concert.bots.Atlas;
import org.concert.engine.Replay;
import org.concert.maps.Scenarios;
import org.concert.protocol.v1.Debrief;
import org.concert.protocol.v1.Event;
import org.concert.protocol.v1.Journal;
import org.concert.protocol.v1.JournalEntry;
import org.concert.protocol.v1.PowerMetrics;
import org.concert.protocol.v1.RulesConfig;
import org.concert.protocol.v1.Scenario;
import org.concert.protocol.v1.TurnMetrics;
import org.junit.jupiter.api.Test;

class ReportTest {
  static final Scenario VIENNA = Scenarios.load("vienna-1815");
  /** Eight years of vienna-1815 between bots that break and keep promises from the start. */
  static final String BOTS = "hawk,hawk,reciprocator,random,buckpasser";
  static final long SEED = 5;

  /** A short real match on the given scenario. */
  static Journal play(Scenario scenario, int turns) {
    return HeadlessMatch.play(scenario, Atlas.of(scenario),
        RulesConfig.newBuilder().setTurns(turns).build(), SEED, BotSpec.parseList(BOTS),
        HeadlessMatch.Options.defaults(), null).journal();
  }

  static Report report(Journal journal, Scenario scenario) throws Replay.MismatchException {
    return Report.of(journal, id -> {
      assertEquals(scenario.getId(), id);
      return scenario;
    }, turn -> { });
  }

  private static final Report VIENNA_REPORT;
  private static final String PAGE;

  static {
    try {
      VIENNA_REPORT = report(play(VIENNA, 8), VIENNA);
      PAGE = VIENNA_REPORT.html();
    } catch (Replay.MismatchException e) {
      throw new AssertionError(e);
    }
  }

  /** The text between the element with this id's opening tag and the next closing tag. */
  private static String element(String page, String tag, String id) {
    int start = page.indexOf("<" + tag + " id=\"" + id + "\"");
    assertTrue(start >= 0, "no <" + tag + " id=\"" + id + "\">");
    int end = page.indexOf("</" + tag + ">", start);
    assertTrue(end > start, "unclosed <" + tag + " id=\"" + id + "\">");
    return page.substring(start, end);
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
      n++;
    }
    return n;
  }

  @Test
  void html_shortMatch_hasEverySectionInHeadingOrder() {
    assertTrue(PAGE.startsWith("<!DOCTYPE html>\n<html lang=\"en\">"), PAGE.substring(0, 40));
    assertTrue(PAGE.endsWith("</html>\n"));
    for (String id : List.of("match", "arms", "power", "security", "map", "alliances",
        "commitments", "behaviour", "arms-races")) {
      assertTrue(PAGE.contains("<section id=\"" + id + "\""), "section " + id);
      assertTrue(PAGE.contains("<a href=\"#" + id + "\">"), "contents link to " + id);
    }
    assertEquals(1, count(PAGE, "<h1"));
    assertEquals(9, count(PAGE, "<h2"));
    // Headings never skip a level: h1, then h2s, each followed by h3s.
    Matcher m = Pattern.compile("<h([1-6])").matcher(PAGE);
    int level = 0;
    while (m.find()) {
      int next = Integer.parseInt(m.group(1));
      assertTrue(next <= level + 1, "h" + next + " after h" + level);
      level = next;
    }
  }

  @Test
  void html_everyPowerChart_hasOneSeriesPerPowerAndALegend() {
    for (String chart : List.of("military", "income", "share", "security", "credibility")) {
      String svg = element(PAGE, "svg", "chart-" + chart);
      assertEquals(VIENNA.getPowersCount(), count(svg, "<g class=\"series\""), chart);
      for (var p : VIENNA.getPowersList()) {
        assertEquals(1, count(svg, "data-key=\"" + p.getId() + "\""), chart + " " + p.getId());
      }
      assertTrue(svg.contains("<title id=\"chart-" + chart + "-title\">"), chart);
      assertTrue(svg.contains("<desc id=\"chart-" + chart + "-desc\">"), chart);
      assertTrue(svg.contains("viewBox=\"0 0 "), chart);
    }
    assertEquals(1, count(element(PAGE, "svg", "chart-polarity"), "<g class=\"series\""));
  }

  @Test
  void html_tablesHoldTheDebriefsNumbers() {
    Debrief d = VIENNA_REPORT.debrief();
    assertEquals(8, d.getTurnsCount());
    String military = element(PAGE, "table", "table-military");
    String income = element(PAGE, "table", "table-income");
    String shares = element(PAGE, "table", "table-share");
    String polarity = element(PAGE, "table", "table-polarity");
    String commitments = element(PAGE, "table", "table-commitments");
    int honoured = 0;
    for (TurnMetrics t : d.getTurnsList()) {
      StringBuilder m = new StringBuilder("<tr><th scope=\"row\">" + t.getYear() + "</th>");
      StringBuilder i = new StringBuilder(m);
      StringBuilder s = new StringBuilder(m);
      for (PowerMetrics p : t.getPowersList()) {
        m.append("<td>").append(p.getMilitary()).append("</td>");
        i.append("<td>").append(p.getIncome()).append("</td>");
        s.append("<td>").append(String.format(Locale.ROOT, "%.1f%%", p.getShare() * 100))
            .append("</td>");
      }
      assertTrue(military.contains(m + "</tr>"), "military row " + m);
      assertTrue(income.contains(i + "</tr>"), "income row " + i);
      assertTrue(shares.contains(s + "</tr>"), "share row " + s);
      assertTrue(polarity.contains("<tr><th scope=\"row\">" + t.getYear() + "</th><td>"
          + String.format(Locale.ROOT, "%.2f", t.getPolarity()) + "</td></tr>"), "polarity");
      assertTrue(commitments.contains("<tr><th scope=\"row\">" + t.getYear() + "</th><td>"
          + t.getHonoured() + "</td><td>" + t.getBroken() + "</td></tr>"), "commitments");
      honoured += t.getHonoured();
    }
    // The list names every honoured commitment the debrief counted, and at least one breach.
    String ledger = element(PAGE, "ol", "ledger");
    assertEquals(honoured, count(ledger, "<li class=\"kept\">"));
    int broken = d.getTurnsList().stream().mapToInt(TurnMetrics::getBroken).sum();
    assertTrue(broken > 0, "the match should break a commitment");
    long violations = VIENNA_REPORT.events().stream().filter(Event::hasTreatyViolated).count();
    assertEquals(violations, count(ledger, "<li class=\"broken\">"));
    assertEquals(d.getFitsCount(), count(PAGE, "<article class=\"race\""));
    int labels = d.getTurnsList().stream().mapToInt(TurnMetrics::getLabelsCount).sum();
    assertEquals(labels, labels == 0 ? 0 : count(element(PAGE, "table", "table-behaviour"),
        "<tr class=\""));
  }

  @Test
  void html_headerNamesScenarioSeedRulesAndResult() {
    String match = element(PAGE, "section", "match");
    assertTrue(match.contains(VIENNA.getName()));
    assertTrue(match.contains("<dt>Seed</dt><dd>" + SEED + "</dd>"));
    assertTrue(match.contains("<code>turns</code></th><td class=\"text\">8</td>"
        + "<td class=\"text\">this match</td>"), "the turns knob was set by the match");
    assertTrue(match.contains("<code>enforcement</code></th><td class=\"text\">reputation</td>"));
    assertTrue(PAGE.contains("No hegemon: the balance held through 8 years, 1815–1822.")
        || PAGE.contains("won as hegemon") || PAGE.contains("last great power"), "result");
    for (var p : VIENNA.getPowersList()) {
      assertTrue(match.contains(p.getName() + " (" + p.getId() + ")"), p.getName());
    }
  }

  @Test
  void html_knownBots_areNamedInTheScoresTable() {
    String page = VIENNA_REPORT.html(Map.of("GBR", "hawk", "RUS", "buckpasser"));
    assertTrue(page.contains("<th scope=\"col\" class=\"text\">Bot</th>"));
    assertTrue(page.contains("<td class=\"text\">buckpasser</td>"));
    assertFalse(PAGE.contains("<th scope=\"col\" class=\"text\">Bot</th>"));
  }

  @Test
  void html_isSelfContained() {
    String lower = PAGE.toLowerCase(Locale.ROOT);
    assertFalse(lower.contains("<script"), "no scripts");
    assertFalse(lower.contains("<link"), "no linked style sheets");
    assertFalse(lower.contains("src="), "no fetched images or frames");
    assertFalse(lower.contains("@import") || lower.contains("url(http"), "no fetched css");
    assertFalse(lower.replace("xmlns=\"http://www.w3.org/2000/svg\"", "").contains("http"),
        "no address outside the page");
  }

  @Test
  void html_sameJournal_samePageByteForByte() throws Exception {
    Journal journal = play(VIENNA, 6);
    assertEquals(report(journal, VIENNA).html(), report(journal, VIENNA).html());
  }

  @Test
  void html_namesFromAModifiedScenario_areRenderedAsText() throws Exception {
    Scenario.Builder evil = VIENNA.toBuilder();
    evil.getPowersBuilder(0).setName("<script>alert('GBR')</script>")
        .setColor("red\" onload=\"alert(1)");
    evil.getProvincesBuilder(0).setName("Lon<img src=x onerror=alert(2)>don & \"Co\"");
    evil.getMinorsBuilder(0).setName("<b>Sweden</b>");
    Scenario scenario = evil.build();
    String page = report(play(scenario, 5), scenario).html();
    assertFalse(page.contains("<script"), "a power name became a script");
    assertFalse(page.contains("<img"), "a province name became an image");
    assertFalse(page.contains("onload=\""), "a colour broke out of its attribute");
    assertFalse(page.contains("<b>Sweden"), "a minor's name became markup");
    assertTrue(page.contains("&lt;script&gt;alert(&#39;GBR&#39;)&lt;/script&gt;"));
    assertTrue(page.contains("Lon&lt;img src=x onerror=alert(2)&gt;don &amp; &quot;Co&quot;"));
    // The malformed colour falls back to the palette.
    assertTrue(page.contains("style=\"background:" + ReportPage.PALETTE[0] + "\""));
  }

  @Test
  void of_tamperedJournal_isAMismatchNamingTheEntry() {
    Journal journal = play(VIENNA, 5);
    Journal.Builder b = journal.toBuilder();
    int last = b.getEntriesCount() - 1;
    JournalEntry.Builder e = b.getEntriesBuilder(last);
    assertTrue(e.hasResolved());
    e.getResolvedBuilder().setStateHash("00");
    var thrown = assertThrows(Replay.MismatchException.class,
        () -> report(b.build(), VIENNA));
    assertTrue(thrown.getMessage().startsWith("journal entry " + last + ":"), thrown.getMessage());
  }

  @Test
  void html_noTurnPlayed_stillHasEverySection() throws Exception {
    Journal journal = play(VIENNA, 1).toBuilder().clearEntries()
        .addEntries(play(VIENNA, 1).getEntries(0)).build();
    String page = report(journal, VIENNA).html();
    assertEquals(9, count(page, "<h2"));
    assertTrue(page.contains("the match was not over"), "an unfinished journal says so");
  }
}
