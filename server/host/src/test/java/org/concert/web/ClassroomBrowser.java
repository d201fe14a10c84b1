package org.concert.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.concert.server.ConcertServer;
import org.concert.server.net.NetConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the web client's browser tests share: the real server with the web client on loopback, a
 * headless Chromium, pages whose console errors, page errors and CSP violations are collected,
 * screenshots, and a student's way to a seat.
 */
abstract class ClassroomBrowser {
  static final String HOST_TOKEN = "web-client-test-host-token-0001";

  @TempDir static Path data;
  static ConcertServer server;
  static Browsers.Session browsers;
  final List<String> problems = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    // Generous waits: a busy 2-core CI machine runs the server, the browser and the test at once.
    com.microsoft.playwright.assertions.PlaywrightAssertions.setDefaultAssertionTimeout(15_000);
    browsers = Browsers.launch();
    server = serve(data, LOOPBACK, null);
    Files.createDirectories(Browsers.SCREENSHOTS);
  }

  @AfterAll
  static void stop() {
    if (browsers != null) {
      browsers.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** The network setting of every test server: loopback, free ports, the web client. */
  static final NetConfig LOOPBACK = NetConfig.defaults().withBindHost("127.0.0.1")
      .withPorts(0, 0).withWebRoot(NetConfig.WebRoot.classpath("web"));

  /** A real server on `net`, its data in `dir`, with the test's host token. */
  static ConcertServer serve(Path dir, NetConfig net, String publicUrl)
      throws InterruptedException {
    return serve(dir, net, publicUrl, null);
  }

  /** The same, running a ladder on `ladder` (a scenario id) unless it is null. */
  static ConcertServer serve(Path dir, NetConfig net, String publicUrl, String ladder)
      throws InterruptedException {
    return ConcertServer.start(new ConcertServer.Options(net, dir, null, HOST_TOKEN, publicUrl,
        ladder));
  }

  static String base() {
    return "http://127.0.0.1:" + server.httpPort() + "/";
  }

  Page open(BrowserContext context, String who) {
    Page page = context.newPage();
    page.onConsoleMessage(m -> {
      if (m.type().equals("error")) {
        problems.add(who + " console: " + m.text());
      }
    });
    page.onPageError(e -> problems.add(who + " page error: " + e));
    return page;
  }

  static BrowserContext context(int width, int height) {
    return browsers.browser().newContext(new Browser.NewContextOptions()
        .setViewportSize(width, height).setAcceptDownloads(true));
  }

  static void shot(Page page, String name) {
    page.screenshot(new Page.ScreenshotOptions()
        .setPath(Browsers.SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
  }

  /** A student in a browser context of its own, with a screen of the given size, seated. */
  Page student(int width, int height, String code, String power, String name) {
    Page page = open(context(width, height), name);
    join(page, code, power, name);
    return page;
  }

  /** A student takes a seat by code, power name and display name, and lands in the game. */
  static void join(Page page, String code, String power, String name) {
    join(base(), page, code, power, name);
  }

  /** The same on the server at `base`. */
  static void join(String base, Page page, String code, String power, String name) {
    page.navigate(base + "#/join/" + code);
    page.getByLabel(power, new Page.GetByLabelOptions().setExact(false)).first().check();
    page.getByLabel("Your name, as the others will see it").fill(name);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Take the seat")).click();
    assertThat(page.locator("#where")).containsText(name);
  }
}
