package org.concert.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.ReducedMotion;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.concert.arena.BotSpec;
import org.concert.arena.HeadlessMatch;
import org.concert.bots.Atlas;
import org.concert.engine.Engine;
import org.concert.maps.Scenarios;
import org.concert.protocol.v1.AllianceEdge;
import org.concert.protocol.v1.Debrief;
import org.concert.protocol.v1.PowerDef;
import org.concert.protocol.v1.PowerMetrics;
import org.concert.protocol.v1.RulesConfig;
import org.concert.protocol.v1.Scenario;
import org.concert.protocol.v1.TurnMetrics;
import org.concert.protocol.v1.War;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The debrief charts of the web client (web/js/debrief.js) in a real headless Chromium, drawn
 * from the debrief of a real match printed as proto3 JSON, as the server sends it. No server
 * runs: every request to the test origin is answered from the web folder, with the
 * Content-Security-Policy the server sends, and any violation of it, any script error, any
 * console error or any request elsewhere fails the test.
 */
class DebriefChartsTest {
  private static final String ORIGIN = "http://concert.test";
  private static final String PAGE = ORIGIN + "/web-test/debrief.html";
  private static final Path WEB = Path.of("src", "main", "resources", "web").toAbsolutePath();
  private static final Path WEB_TEST = Path.of("src", "test", "resources", "web-test")
      .toAbsolutePath();
  /** The line charts with one line (and one table column) per power. */
  private static final List<String> PER_POWER = List.of("military", "income", "share",
      "security", "credibility");

  /** A real match: twelve years of vienna-1815 between reference bots. */
  private static final Scenario VIENNA = Scenarios.load("vienna-1815");
  private static final String BOTS = "hawk,hawk,reciprocator,balancer,buckpasser";
  private static final int TURNS = 12;
  private static final long SEED = 5;

  private static Debrief match;
  private static String matchJson;
  private static String viennaPowers;
  private static Browsers.Session session;

  @BeforeAll
  static void playAndLaunch() throws IOException {
    HeadlessMatch.Result result = HeadlessMatch.play(VIENNA, Atlas.of(VIENNA),
        RulesConfig.newBuilder().setTurns(TURNS).build(), SEED, BotSpec.parseList(BOTS),
        HeadlessMatch.Options.defaults(), null);
    match = Engine.debrief(result.state());
    matchJson = JsonFormat.printer().print(match);
    viennaPowers = powersJson(VIENNA.getPowersList());
    Files.createDirectories(Browsers.SCREENSHOTS);
    Files.writeString(Browsers.SCREENSHOTS.resolve("debrief.json"), matchJson);
    session = Browsers.launch();
  }

  @AfterAll
  static void close() {
    if (session != null) {
      session.close();
    }
  }

  @Test
  void realMatch_drawsEveryChartWithItsTitleAndNumbers() {
    // The match must have something to show in every chart, or the checks below prove little.
    int turns = match.getTurnsCount();
    assertEquals(TURNS, turns, "the match played every turn");
    assertTrue(match.getTurnsList().stream().anyMatch(t -> t.getAlliancesCount() > 0),
        "some alliance was in force");
    int labels = match.getTurnsList().stream().mapToInt(TurnMetrics::getLabelsCount).sum();
    assertTrue(labels > 0, "some behaviour was labelled");
    assertTrue(match.getFitsCount() > 0, "some arms race was fitted");

    try (Visit v = new Visit(matchJson, viennaPowers, 1280, 900)) {
      Page page = v.page;
      List<String> names = VIENNA.getPowersList().stream().map(PowerDef::getName).toList();
      for (String key : PER_POWER) {
        Locator figure = chart(page, key);
        assertEquals(1, figure.count(), key + " has one figure");
        String title = titleOf(figure);
        assertTrue(title.toLowerCase(Locale.ROOT).contains(key.equals("military") ? "military"
            : key), key + " chart is titled: " + title);
        assertEquals(names, figure.locator(".debrief-legend li").allTextContents(),
            key + " legend names every power from the data");
        Locator table = numbers(page, key);
        assertEquals(turns, table.locator("tbody tr").count(), key + ": a row per turn");
        assertEquals(turns * names.size(), table.locator("tbody td").count(),
            key + ": a cell per turn and power");
        List<String> head = table.locator("thead th").allTextContents();
        assertEquals(names, head.subList(1, head.size()), key + ": a column per power");
        assertEquals(markers(), figure.locator(".debrief-marker").count(),
            key + ": a marker per turn and power in the game");
      }
      // The numbers are the debrief's, in seat order.
      for (int i = 0; i < turns; i++) {
        TurnMetrics t = match.getTurns(i);
        List<String> row = numbers(page, "military").locator("tbody tr").nth(i)
            .locator("th, td").allTextContents();
        List<String> expected = new ArrayList<>(List.of(Integer.toString(t.getYear())));
        for (PowerDef p : VIENNA.getPowersList()) {
          PowerMetrics m = metrics(t, p.getId());
          expected.add(m.getAlive() ? Integer.toString(m.getMilitary()) : "eliminated");
        }
        assertEquals(expected, row, "military in " + t.getYear());
        assertEquals(List.of(Integer.toString(t.getYear()), Integer.toString(t.getHonoured()),
                Integer.toString(t.getBroken())),
            numbers(page, "commitments").locator("tbody tr").nth(i).locator("th, td")
                .allTextContents(), "commitments in " + t.getYear());
        assertEquals(String.format(Locale.ROOT, "%.2f", t.getPolarity()),
            numbers(page, "polarity").locator("tbody tr").nth(i).locator("td").textContent(),
            "polarity in " + t.getYear());
      }
      for (String key : List.of("polarity", "commitments", "alliances")) {
        assertEquals(1, chart(page, key).count(), key + " has one figure");
        assertFalse(titleOf(chart(page, key)).isBlank(), key + " has a title");
        assertEquals(turns, numbers(page, key).locator("tbody tr").count(),
            key + ": a row per turn");
      }
      assertEquals(turns * names.size(), numbers(page, "threats").locator("tbody td").count(),
          "main threats: a cell per turn and power");
      // Behaviour: a mark and a list item per label, grouped by turn.
      assertFalse(titleOf(chart(page, "behaviour")).isBlank(), "the behaviour chart is titled");
      assertEquals(labels, page.locator(".debrief-marks .debrief-mark").count(),
          "a mark per label");
      assertEquals(labels, page.locator(".debrief-timeline .debrief-label").count(),
          "a list item per label");
      long turnsWithLabels = match.getTurnsList().stream()
          .filter(t -> t.getLabelsCount() > 0).count();
      assertEquals(turnsWithLabels, page.locator(".debrief-timeline > li").count(),
          "the labels are grouped by turn");
      assertEquals(names.size(), numbers(page, "behaviour").locator("tbody tr").count(),
          "behaviour counts: a row per power");
      // Richardson: a table row and an article per fit, each with its coefficients and verdict.
      assertEquals(match.getFitsCount(), numbers(page, "fits").locator("tbody tr").count(),
          "a row per fit");
      assertEquals(match.getFitsCount(), page.locator(".debrief-race").count(),
          "an article per fit");
      for (int k = 0; k < match.getFitsCount(); k++) {
        Locator race = page.locator(".debrief-race").nth(k);
        String verdict = race.locator(".debrief-verdict").textContent();
        assertTrue(verdict.startsWith(match.getFits(k).getStable() ? "Stable." : "Unstable."),
            "verdict of fit " + k + ": " + verdict);
        assertEquals(2, race.locator("table").first().locator("tbody tr").count(),
            "an equation per rival");
        assertTrue(race.locator("table").first().textContent()
            .contains(String.format(Locale.ROOT, "k = %.3f", match.getFits(k).getK() + 0.0)
                .replace("-", "−")), "the fitted k of fit " + k);
        assertEquals(turns, numbers(page, "race-" + k).locator("tbody tr").count(),
            "race " + k + ": a row per turn");
      }
      // Every chart is an image with a title and a description that the page really has.
      Object unlabelled = page.evaluate("() => [...document.querySelectorAll('#debrief svg[role=img]')]"
          + ".filter(s => !(s.getAttribute('aria-labelledby') || '').split(' ')"
          + ".every(id => { const e = document.getElementById(id); return e && s.contains(e)"
          + " && e.textContent.trim() !== ''; })).length");
      assertEquals(0, ((Number) unlabelled).intValue(), "every chart has its title and desc");
      assertEquals(PER_POWER.size() + 4 + match.getFitsCount(),
          page.locator("#debrief svg[role=img]").count(), "every chart is drawn");
      v.screenshot("debrief-desktop");
      v.assertClean();
    }
  }

  @Test
  void allianceSlider_movesThroughTheTurnsFromTheKeyboard() {
    int turns = match.getTurnsCount();
    try (Visit v = new Visit(matchJson, viennaPowers, 1280, 900)) {
      Page page = v.page;
      Locator slider = page.getByLabel("Year shown");
      assertEquals("range", slider.getAttribute("type"), "the slider is labelled");
      assertEquals(Integer.toString(turns - 1), slider.inputValue(),
          "the network opens on the last turn");
      assertEquals(expectedEdges(match.getTurns(turns - 1)), drawnEdges(page), "last turn");
      slider.focus();
      page.keyboard().press("Home");
      assertEquals("0", slider.inputValue());
      assertEquals(expectedEdges(match.getTurns(0)), drawnEdges(page), "first turn");
      int changes = 0;
      for (int i = 1; i < turns; i++) {
        TreeSet<String> before = drawnEdges(page);
        page.keyboard().press("ArrowRight");
        TurnMetrics t = match.getTurns(i);
        assertEquals(Integer.toString(i), slider.inputValue(), "ArrowRight moves one turn");
        String year = Integer.toString(t.getYear());
        assertEquals(year, page.locator(".debrief-slider-value").textContent());
        assertEquals(year, slider.getAttribute("aria-valuetext"));
        assertTrue(titleOf(chart(page, "alliances")).endsWith(year), "the title names " + year);
        TreeSet<String> now = drawnEdges(page);
        assertEquals(expectedEdges(t), now, "the edges of " + year);
        changes += now.equals(before) ? 0 : 1;
      }
      assertTrue(changes > 0, "the network changed at least once in the match");
      assertEquals(VIENNA.getPowersCount(),
          page.locator(".debrief-network .debrief-node").count(), "a node per power");
      v.assertClean();
    }
  }

  @Test
  void phone_hasNoHorizontalOverflowWithEveryTableOpen() {
    try (Visit v = new Visit(matchJson, viennaPowers, 360, 740)) {
      Page page = v.page;
      assertFitsTheWidth(page);
      page.evaluate("() => document.querySelectorAll('#debrief details').forEach(d => d.open = true)");
      assertFitsTheWidth(page);
      Object wide = page.evaluate("() => [...document.querySelectorAll('#debrief svg[role=img]')]"
          + ".filter(s => s.getBoundingClientRect().right > window.innerWidth + 0.5).length");
      assertEquals(0, ((Number) wide).intValue(), "every chart fits the screen");
      page.evaluate("() => document.querySelectorAll('#debrief details').forEach(d => d.open = false)");
      v.screenshot("debrief-phone");
      v.assertClean();
    }
  }

  @Test
  void zeroTurns_saysTheDebriefFillsInAsTurnsResolve() {
    try (Visit v = new Visit("{}", viennaPowers, 1280, 900)) {
      Page page = v.page;
      assertTrue(page.locator(".debrief-empty").textContent()
          .contains("fills in as turns resolve"));
      assertEquals(0, page.locator("#debrief figure").count(), "no chart without a turn");
      assertEquals(0, page.locator("#debrief table").count(), "no table without a turn");
      v.assertClean();
    }
  }

  @Test
  void oneTurn_withAnEliminatedPowerMissingFieldsAndMarkupInNames_drawsItAllAsText() {
    String evil = "<img src=x onerror=\"console.error('injected')\">Wessex";
    String powers = "[{\"id\":\"WSX\",\"name\":\"" + evil.replace("\"", "\\\"") + "\","
        + "\"color\":\"#123456\"},{\"id\":\"MRC\",\"name\":\"Mercia</title><b>\"},"
        + "{\"id\":\"NBR\",\"name\":\"Northumbria\"}]";
    // Mercia is out (no "alive"), Northumbria has no record at all, most fields are left out;
    // an edge names an unknown power and a future enum value.
    String debrief = "{\"turns\":[{\"turn\":1,\"year\":871,\"polarity\":1.9,"
        + "\"powers\":[{\"power\":\"WSX\",\"military\":\"12\",\"alive\":true,\"share\":0.6},"
        + "{\"power\":\"MRC\"}],"
        + "\"alliances\":[{\"a\":\"WSX\",\"b\":\"MRC\",\"kind\":\"ALLIANCE_KIND_DEFENSIVE\"},"
        + "{\"a\":\"WSX\",\"b\":\"XXX\",\"kind\":\"ALLIANCE_KIND_OF_THE_FUTURE\"}],"
        + "\"labels\":[{\"power\":\"WSX\",\"behaviour\":\"BEHAVIOUR_BALANCING\","
        + "\"other\":\"MRC\",\"detail\":\"<script>alert(1)</script> allied\"}],"
        + "\"broken\":1}],"
        + "\"fits\":[{\"x\":\"WSX\",\"y\":\"MRC\",\"k\":0.5,\"a\":\"NaN\",\"samples\":6}]}";
    try (Visit v = new Visit(debrief, powers, 1280, 900)) {
      Page page = v.page;
      assertEquals(0, page.locator("#debrief img, #debrief script, #debrief b").count(),
          "markup in the data stays text");
      assertEquals(List.of(evil, "Mercia</title><b> (out)", "Northumbria"),
          chart(page, "military").locator(".debrief-legend li").allTextContents());
      Locator table = numbers(page, "military");
      assertEquals(1, table.locator("tbody tr").count());
      assertEquals(List.of("871", "12", "eliminated", "–"),
          table.locator("tbody tr th, tbody tr td").allTextContents());
      assertEquals(List.of("871", "0", "1"),
          numbers(page, "commitments").locator("tbody th, tbody td").allTextContents());
      assertTrue(page.locator(".debrief-lead").textContent()
          .contains("Mercia</title><b> was eliminated in 871"));
      assertTrue(page.locator(".debrief-timeline").textContent()
          .contains("<script>alert(1)</script> allied"));
      assertTrue(page.getByLabel("Year shown").isDisabled(), "one turn: nothing to slide");
      assertEquals(new TreeSet<>(List.of("WSX|MRC|ALLIANCE_KIND_DEFENSIVE")), drawnEdges(page),
          "an edge to an unknown power is left out of the drawing");
      assertEquals(1, page.locator(".debrief-race").count());
      v.assertClean();
    }
  }

  @Test
  void harness_failsOnAViolationOfThePolicy() {
    // The checks above prove something only if a violation is caught: an inline style is one.
    try (Visit v = new Visit(matchJson, viennaPowers, 1280, 900)) {
      v.page.evaluate("() => document.body.setAttribute('style', 'color: red')");
      v.page.waitForTimeout(200);
      assertTrue(v.problems.stream().anyMatch(p -> p.contains("style-src")),
          "the style attribute was refused and reported: " + v.problems);
    }
  }

  // ---- the page -------------------------------------------------------------------------------

  /** One page of the test origin in a fresh context, drawn; collects every problem it meets. */
  private static final class Visit implements AutoCloseable {
    final BrowserContext context;
    final Page page;
    final List<String> problems = Collections.synchronizedList(new ArrayList<>());

    Visit(String debriefJson, String powersJson, int width, int height) {
      context = session.browser().newContext(new com.microsoft.playwright.Browser
          .NewContextOptions().setViewportSize(width, height)
          .setReducedMotion(ReducedMotion.REDUCE));
      context.route(url -> true, route -> serve(route, debriefJson, powersJson, problems));
      page = context.newPage();
      page.addInitScript("document.addEventListener('securitypolicyviolation', e =>"
          + " console.error('policy violation: ' + e.violatedDirective + ' '"
          + " + (e.blockedURI || 'inline')))");
      page.onConsoleMessage(m -> {
        if (m.type().equals("error") || m.type().equals("warning")) {
          problems.add("console " + m.type() + ": " + m.text());
        }
      });
      page.onPageError(e -> problems.add("page error: " + e));
      page.navigate(PAGE);
      page.waitForSelector("body[data-state]");
      assertEquals("drawn", page.locator("body").getAttribute("data-state"),
          "the page drew the debrief: " + problems);
    }

    /** The whole page as `name`.png, and each section as `name`-`n`.png, to be looked at. */
    void screenshot(String name) {
      page.screenshot(new Page.ScreenshotOptions().setFullPage(true)
          .setPath(Browsers.SCREENSHOTS.resolve(name + ".png")));
      Locator sections = page.locator("#debrief > section");
      for (int i = 0; i < sections.count(); i++) {
        sections.nth(i).screenshot(new Locator.ScreenshotOptions()
            .setPath(Browsers.SCREENSHOTS.resolve(name + "-" + (i + 1) + ".png")));
      }
    }

    void assertClean() {
      assertEquals(List.of(), List.copyOf(problems), "no errors, violations or stray requests");
    }

    @Override
    public void close() {
      context.close();
    }
  }

  /** Answers a request of the page from the web folders, as the server would; nothing else. */
  private static void serve(Route route, String debriefJson, String powersJson,
      List<String> problems) {
    String url = route.request().url();
    URI uri = URI.create(url);
    if (!url.startsWith(ORIGIN + "/")) {
      problems.add("request outside the test origin: " + url);
      route.abort();
      return;
    }
    String path = uri.getPath();
    byte[] body;
    try {
      body = switch (path) {
        case "/debrief.json" -> debriefJson.getBytes(StandardCharsets.UTF_8);
        case "/powers.json" -> powersJson.getBytes(StandardCharsets.UTF_8);
        default -> read(path);
      };
    } catch (IOException e) {
      body = null;
    }
    if (body == null) {
      problems.add("not found: " + path);
      route.fulfill(new Route.FulfillOptions().setStatus(404).setBody("not found"));
      return;
    }
    route.fulfill(new Route.FulfillOptions().setStatus(200).setBodyBytes(body).setHeaders(Map.of(
        "Content-Type", contentType(path),
        "Content-Security-Policy", policy(),
        "X-Content-Type-Options", "nosniff",
        "Referrer-Policy", "no-referrer")));
  }

  private static byte[] read(String path) throws IOException {
    Path root = path.startsWith("/web-test/") ? WEB_TEST : WEB;
    String rest = path.startsWith("/web-test/") ? path.substring("/web-test/".length())
        : path.substring(1);
    Path file = root.resolve(rest).normalize();
    if (!file.startsWith(root) || !Files.isRegularFile(file)) {
      return null;
    }
    return Files.readAllBytes(file);
  }

  private static String contentType(String path) {
    String ext = path.substring(path.lastIndexOf('.') + 1);
    return switch (ext) {
      case "html" -> "text/html; charset=utf-8";
      case "js" -> "text/javascript; charset=utf-8";
      case "css" -> "text/css; charset=utf-8";
      case "json" -> "application/json";
      default -> "application/octet-stream";
    };
  }

  /** The server's policy, read from the server itself so that the two cannot drift apart. */
  private static String policy() {
    try {
      var field = Class.forName("org.concert.server.net.HttpRouter")
          .getDeclaredField("CONTENT_SECURITY_POLICY");
      field.setAccessible(true);
      return (String) field.get(null);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("the server's Content-Security-Policy could not be read", e);
    }
  }

  // ---- reading the page -----------------------------------------------------------------------

  private static Locator chart(Page page, String key) {
    return page.locator("#debrief figure[data-chart='" + key + "']");
  }

  private static Locator numbers(Page page, String key) {
    return page.locator("#debrief [data-table='" + key + "'] table");
  }

  /** The text of the title element a chart's image names. */
  private static String titleOf(Locator figure) {
    String id = figure.locator("svg[role=img]").getAttribute("aria-labelledby").split(" ")[0];
    return figure.page().locator("[id='" + id + "']").textContent();
  }

  /** Points a per-power line chart marks: each turn of each power, up to its elimination. */
  private static int markers() {
    int n = 0;
    for (PowerDef p : VIENNA.getPowersList()) {
      for (TurnMetrics t : match.getTurnsList()) {
        PowerMetrics m = metrics(t, p.getId());
        n++;
        if (!m.getAlive()) {
          break;
        }
      }
    }
    return n;
  }

  private static TreeSet<String> drawnEdges(Page page) {
    @SuppressWarnings("unchecked")
    List<String> edges = (List<String>) page.evaluate("() => [...document.querySelectorAll("
        + "'.debrief-network .debrief-edge')].map(e => e.dataset.a + '|' + e.dataset.b + '|'"
        + " + e.dataset.kind)");
    return new TreeSet<>(edges);
  }

  /** The edges a turn should draw: a pair, first in seat order, and a kind (or WAR). */
  private static TreeSet<String> expectedEdges(TurnMetrics t) {
    TreeSet<String> out = new TreeSet<>();
    for (AllianceEdge e : t.getAlliancesList()) {
      out.add(pair(e.getA(), e.getB()) + "|" + e.getKind().name());
    }
    for (War w : t.getWarsList()) {
      out.add(pair(w.getA(), w.getB()) + "|WAR");
    }
    return out;
  }

  private static String pair(String a, String b) {
    return seat(a) <= seat(b) ? a + "|" + b : b + "|" + a;
  }

  private static int seat(String id) {
    for (int i = 0; i < VIENNA.getPowersCount(); i++) {
      if (VIENNA.getPowers(i).getId().equals(id)) {
        return i;
      }
    }
    throw new AssertionError("no power " + id);
  }

  private static PowerMetrics metrics(TurnMetrics t, String power) {
    return t.getPowersList().stream().filter(m -> m.getPower().equals(power)).findFirst()
        .orElseThrow();
  }

  private static void assertFitsTheWidth(Page page) {
    Object fits = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]");
    @SuppressWarnings("unchecked")
    List<Number> w = (List<Number>) fits;
    assertTrue(w.get(0).intValue() <= w.get(1).intValue(),
        "page width " + w.get(0) + " within the screen's " + w.get(1));
  }

  /** The powers as the web client knows them: id, name and colour, in seat order. */
  private static String powersJson(List<PowerDef> defs) throws InvalidProtocolBufferException {
    ListValue.Builder list = ListValue.newBuilder();
    for (PowerDef p : defs) {
      list.addValues(Value.newBuilder().setStructValue(Struct.newBuilder()
          .putFields("id", Value.newBuilder().setStringValue(p.getId()).build())
          .putFields("name", Value.newBuilder().setStringValue(p.getName()).build())
          .putFields("color", Value.newBuilder().setStringValue(p.getColor()).build())));
    }
    return JsonFormat.printer().print(list);
  }
}
