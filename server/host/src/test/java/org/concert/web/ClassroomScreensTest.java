package org.concert.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.concert.bots.remote.RemoteBot;
import org.concert.protocol.v1.ClientMessage;
import org.concert.protocol.v1.CreateMatch;
import org.concert.protocol.v1.Empty;
import org.concert.protocol.v1.FillWithBots;
import org.concert.protocol.v1.Hello;
import org.concert.protocol.v1.HostAction;
import org.concert.protocol.v1.MatchConfig;
import org.concert.protocol.v1.MatchSummary;
import org.concert.protocol.v1.ObserverSight;
import org.concert.protocol.v1.ServerMessage;
import org.concert.server.ConcertServer;
import org.junit.jupiter.api.Test;

/**
 * The projector, the instructor reading every message, the phone and the keyboard, and the
 * debrief when the match is over — in headless Chromium against the real server. The match lets
 * observers see everything, and the projector must still show nothing private.
 */
class ClassroomScreensTest extends ClassroomBrowser {
  static final Duration WAIT = Duration.ofSeconds(10);
  static final Page.GetByLabelOptions EXACT = new Page.GetByLabelOptions().setExact(true);

  /** A host connection over TCP, as a script (the console itself is tested in WebClientTest). */
  static ServerMessage host(RemoteBot host, ClientMessage.Builder m) throws Exception {
    return host.reply(host.send(m), WAIT, new ArrayList<>());
  }

  @Test
  void theProjector_offersTheAddressTheServerWasGiven_andItsQrCodeSaysIt(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path elsewhere) throws Exception {
    try (ConcertServer named = serve(elsewhere, LOOPBACK, "https://Concert.Example.edu/");
        RemoteBot script = RemoteBot.connect("127.0.0.1", named.tcpPort(), WAIT)) {
      host(script, ClientMessage.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(1)
          .setHostToken(HOST_TOKEN)));
      String code = host(script, ClientMessage.newBuilder().setCreateMatch(CreateMatch
          .newBuilder().setConfig(MatchConfig.newBuilder().setScenarioId("tutorial"))))
          .getMatchCreated().getMatches(0).getCode();
      Page projector = open(context(1280, 720), "projector");
      projector.navigate("http://127.0.0.1:" + named.httpPort() + "/#/projector/" + code);
      assertThat(projector.locator(".joinboard .url")).hasText("concert.example.edu");
      assertThat(projector.locator(".joinboard .warning")).hasCount(0);
      projector.waitForFunction("() => document.querySelector('img.qr')?.naturalWidth > 0");
      assertEquals("https://concert.example.edu/#/join/" + code, qrText(projector));
      assertEquals(List.of(), problems);
    }
  }

  @Test
  void aPhone_onABigMap_scrollsTheMapNotThePage_andChoicesOnItGiveOrders(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path elsewhere) throws Exception {
    // A server of its own: the other tests' console opens on the newest match.
    try (ConcertServer own = serve(elsewhere, LOOPBACK, null);
        RemoteBot script = RemoteBot.connect("127.0.0.1", own.tcpPort(), WAIT)) {
      host(script, ClientMessage.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(1)
          .setHostToken(HOST_TOKEN)));
      MatchSummary match = host(script, ClientMessage.newBuilder().setCreateMatch(CreateMatch
          .newBuilder().setConfig(MatchConfig.newBuilder().setScenarioId("vienna-1815")
              .setTurnSeconds(900)))).getMatchCreated().getMatches(0);
      Page phone = open(context(390, 844), "Cleo");
      join("http://127.0.0.1:" + own.httpPort() + "/", phone, match.getCode(), "France", "Cleo");
      host(script, ClientMessage.newBuilder().setHostAction(HostAction.newBuilder()
          .setMatchId(match.getMatchId()).setFillWithBots(FillWithBots.newBuilder()
              .setBot("defensive"))));
      host(script, ClientMessage.newBuilder().setHostAction(HostAction.newBuilder()
          .setMatchId(match.getMatchId()).setStart(Empty.getDefaultInstance())));
      assertThat(phone.locator(".clock")).containsText("left in turn 1");
      // 45 provinces on 390 pixels would be too small to read or tap: the map keeps its size
      // and scrolls in its box, and the page itself still does not scroll sideways.
      // (The map is drawn again with every view: ask the page, not a node that may be gone.)
      phone.waitForFunction("() => (document.querySelector('svg.map')"
          + "?.getBoundingClientRect().width || 0) >= 600");
      assertTrue((Boolean) phone.evaluate(
          "() => document.documentElement.scrollWidth <= window.innerWidth"), "sideways scrolling");
      phone.locator("svg.map [data-province=paris] circle").click();
      phone.locator("svg.map [data-province=burgundy] circle").click();
      assertThat(phone.locator(".picked")).containsText("from Paris to Burgundy");
      assertThat(phone.getByLabel("Order for the army in Paris")).hasValue("move");
      assertEquals(List.of(), problems);
    }
  }

  @Test
  void aStudentWhoOnlyReads_keepsTheConnection_pastTheServersIdleTimeout(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path elsewhere) throws Exception {
    // The server closes a connection that sends nothing for 2 s; the student reads for 7.
    try (ConcertServer own = serve(elsewhere,
        LOOPBACK.withIdleTimeout(Duration.ofSeconds(2)), null)) {
      String code;
      try (RemoteBot script = RemoteBot.connect("127.0.0.1", own.tcpPort(), WAIT)) {
        host(script, ClientMessage.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(1)
            .setHostToken(HOST_TOKEN)));
        code = host(script, ClientMessage.newBuilder().setCreateMatch(CreateMatch.newBuilder()
            .setConfig(MatchConfig.newBuilder().setScenarioId("tutorial"))))
            .getMatchCreated().getMatches(0).getCode();
      }
      String base = "http://127.0.0.1:" + own.httpPort() + "/";
      Page reader = open(context(1280, 800), "Dana");
      join(base, reader, code, "Northland", "Dana");
      reader.waitForTimeout(7_000); // reading, for more than three idle timeouts
      assertThat(reader.locator("#link")).hasClass(java.util.regex.Pattern.compile("online"));
      String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
          .newBuilder(java.net.URI.create(base + "metrics")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body();
      assertTrue(metrics.contains("concert_connections_closed_total{reason=\"idle\"} 0\n")
          && metrics.contains("concert_connections_open{transport=\"websocket\"} 1\n"),
          "the page's connection was closed as idle:\n" + metrics);
      assertEquals(List.of(), problems);
    }
  }

  @Test
  void theLadderPage_ratesEveryBot_andTheFrontPageLeadsToIt(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path elsewhere) throws Exception {
    try (ConcertServer own = serve(elsewhere, LOOPBACK, null, "tutorial")) {
      String botToken;
      try (RemoteBot host = RemoteBot.connect("127.0.0.1", own.tcpPort(), WAIT)) {
        host(host, ClientMessage.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(1)
            .setHostToken(HOST_TOKEN)));
        botToken = host(host, ClientMessage.newBuilder().setHostAction(HostAction.newBuilder()
            .setNewBotToken(Empty.getDefaultInstance()))).getHostActionDone().getToken();
      }
      try (RemoteBot bot = RemoteBot.connect("127.0.0.1", own.tcpPort(), WAIT)) {
        bot.ladder(botToken, "Castlereagh", new org.concert.bots.reference.Balancer(),
            Duration.ofMillis(300), 1, o -> { });
      }
      String base = "http://127.0.0.1:" + own.httpPort() + "/";
      Page author = open(context(1280, 800), "author");
      author.navigate(base);
      author.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("See the ladder"))
          .click();
      assertThat(author.locator("table.standings tbody tr")).hasCount(3); // and two ref: bots
      assertThat(author.locator("table.standings")).containsText("Castlereagh");
      assertThat(author.locator("table.standings")).containsText("ref:");
      assertThat(author.locator("table.standings svg.interval")).hasCount(3);
      assertThat(author.locator(".lead")).containsText("1 game rated");
      shot(author, "ladder");
      // On a phone the table scrolls in its box; the page does not scroll sideways.
      Page phone = open(context(390, 844), "phone");
      phone.navigate(base + "#/ladder");
      assertThat(phone.locator("table.standings tbody tr")).hasCount(3);
      assertTrue((Boolean) phone.evaluate(
          "() => document.documentElement.scrollWidth <= window.innerWidth"), "sideways scrolling");
      assertEquals(List.of(), problems);
    }
  }

  /** What a phone's camera reads from the projector's QR code, as it is drawn on the screen. */
  static String qrText(Page projector) throws Exception {
    java.awt.image.BufferedImage shot = javax.imageio.ImageIO.read(
        new java.io.ByteArrayInputStream(projector.locator("img.qr").screenshot()));
    int[] pixels = shot.getRGB(0, 0, shot.getWidth(), shot.getHeight(), null, 0, shot.getWidth());
    var bitmap = new com.google.zxing.BinaryBitmap(new com.google.zxing.common.HybridBinarizer(
        new com.google.zxing.RGBLuminanceSource(shot.getWidth(), shot.getHeight(), pixels)));
    return new com.google.zxing.qrcode.QRCodeReader().decode(bitmap).getText();
  }

  @Test
  void theProjector_theMonitor_aPhone_andTheDebrief() throws Exception {
    try (RemoteBot script = RemoteBot.connect("127.0.0.1", server.tcpPort(), WAIT)) {
      host(script, ClientMessage.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(1)
          .setHostToken(HOST_TOKEN)));
      MatchSummary match = host(script, ClientMessage.newBuilder().setCreateMatch(CreateMatch
          .newBuilder().setConfig(MatchConfig.newBuilder().setScenarioId("tutorial")
              .setTitle("Projector test").setTurnSeconds(900)
              .setObserverSight(ObserverSight.OBSERVER_SIGHT_FULL))))
          .getMatchCreated().getMatches(0);
      String code = match.getCode();

      // Before the start: the code, its QR code, and who has joined.
      BrowserContext wall = context(1280, 720);
      Page projector = open(wall, "projector");
      projector.navigate(base() + "#/projector/" + code);
      assertThat(projector.locator(".joinboard .code")).hasText(code);
      assertThat(projector.locator(".joined")).hasText("0 of 3 seats taken");
      projector.waitForFunction("() => document.querySelector('img.qr')?.naturalWidth > 0");
      // This server listens on loopback alone: the projector says so rather than offering an
      // address no phone can open.
      String here = "127.0.0.1:" + server.httpPort();
      assertThat(projector.locator(".joinboard .url")).hasText(here);
      assertThat(projector.locator(".joinboard .warning")).containsText(
          "Only this computer can open this address");
      assertEquals("http://" + here + "/#/join/" + code, qrText(projector));
      Page ada = student(360, 740, code, "Northland", "Ada");
      Page bo = student(1280, 860, code, "Westland", "Bo");
      assertThat(projector.locator(".joined")).hasText("2 of 3 seats taken");
      shot(projector, "projector-1-join");

      host(script, ClientMessage.newBuilder().setHostAction(HostAction.newBuilder()
          .setMatchId(match.getMatchId()).setFillWithBots(FillWithBots.newBuilder().setBot("defensive"))));
      host(script, ClientMessage.newBuilder().setHostAction(HostAction.newBuilder()
          .setMatchId(match.getMatchId()).setStart(Empty.getDefaultInstance())));
      assertThat(projector.locator(".bigclock")).containsText(":");
      assertThat(projector.locator("svg.map")).isVisible();

      // The instructor's console, open on the same match.
      BrowserContext office = context(1366, 900);
      Page teacher = open(office, "instructor");
      teacher.navigate(base() + "#host=" + HOST_TOKEN); // the link `concert serve` prints
      assertThat(teacher.locator("#control-h")).containsText(code);
      assertTrue(teacher.url().endsWith("#/host"), "the token stays in the address: " + teacher.url());

      // A private message and a public one: the projector shows only the public one.
      ada.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Chat")).click();
      ada.getByLabel("Send to", EXACT).selectOption("private");
      ada.getByLabel("To", EXACT).selectOption("WES");
      ada.getByLabel("Message", EXACT).fill("Secret plan: we take the Crossroads together.");
      ada.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send")).click();
      assertThat(ada.locator("ol.chatlog")).containsText("Secret plan");
      ada.getByLabel("Send to", EXACT).selectOption("public");
      ada.getByLabel("Message", EXACT).fill("Northland wants peace with everyone.");
      ada.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send")).click();
      bo.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Chat")).click();
      assertThat(bo.locator("ol.chatlog")).containsText("Secret plan");
      assertThat(teacher.locator("#control-h ~ .grid").last()).containsText("Secret plan");
      assertThat(projector.locator(".public")).containsText("Northland wants peace");
      assertTrue(!projector.content().contains("Secret plan"), "the projector showed a private message");
      shot(projector, "projector-2-play");
      shot(teacher, "instructor-every-message");

      // A phone-sized screen: nothing wider than the screen; every control named; tabs by keyboard.
      ada.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Orders")).click();
      assertEquals(Boolean.TRUE, ada.evaluate(
          "() => document.documentElement.scrollWidth <= window.innerWidth"), "sideways scrolling");
      for (Page p : List.of(ada, bo, teacher)) {
        Object unnamed = p.evaluate("() => [...document.querySelectorAll("
            + "'input, select, textarea, button, [role=tab], a[href]')]"
            + ".filter((e) => e.type !== 'hidden' && e.getClientRects().length > 0)"
            + ".filter((e) => !((e.labels && e.labels.length) || e.getAttribute('aria-label')"
            + " || e.getAttribute('aria-labelledby') || e.textContent.trim()))"
            + ".map((e) => e.outerHTML.slice(0, 120))");
        assertEquals(List.of(), unnamed, "controls without a name");
      }
      ada.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Orders")).focus();
      ada.keyboard().press("ArrowRight");
      assertThat(ada.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Diplomacy")))
          .hasAttribute("aria-selected", "true");
      assertThat(ada.locator("#panel-diplomacy")).isVisible();
      shot(ada, "student-phone-diplomacy");

      // Two years pass, then the match ends: the students get the debrief with its charts.
      for (int turn = 1; turn <= 2; turn++) {
        host(script, ClientMessage.newBuilder().setHostAction(HostAction.newBuilder()
            .setMatchId(match.getMatchId()).setEndPhase(Empty.getDefaultInstance())));
        assertThat(bo.locator(".clock")).containsText("turn " + (turn + 1));
      }
      host(script, ClientMessage.newBuilder().setHostAction(HostAction.newBuilder()
          .setMatchId(match.getMatchId()).setEndMatch(Empty.getDefaultInstance())));
      bo.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Debrief")).click();
      assertThat(bo.locator("#panel-debrief svg[role=img]").first()).isVisible();
      assertTrue(bo.locator("#panel-debrief svg[role=img]").count() >= 5, "the debrief's charts");
      shot(bo, "student-debrief");
      teacher.navigate(base() + "#/debrief/" + match.getMatchId()); // the host's own page
      assertThat(teacher.locator("main svg[role=img]").first()).isVisible();

      assertEquals(List.of(), problems);
      wall.close();
      ada.context().close();
      bo.context().close();
      office.close();
    }
  }
}
