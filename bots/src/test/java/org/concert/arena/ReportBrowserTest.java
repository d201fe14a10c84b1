package org.concert.arena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.concert.maps.Scenarios;
import org.concert.protocol.v1.Journal;
import org.concert.protocol.v1.Scenario;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens a real report in headless Chromium: the DOM it builds must hold the drawn charts and
 * the powers' names, and its screenshot (kept as {@code target/report-screenshot.png}) must
 * show a page, not a blank. On CI Chromium must be installed; elsewhere the test is skipped
 * without it.
 */
class ReportBrowserTest {
  static final Path TARGET = Path.of("target");
  static final Path PAGE = TARGET.resolve("report-browser").resolve("report.html");
  static final Path SCREENSHOT = TARGET.resolve("report-screenshot.png");

  @TempDir static Path profile;

  static String chromium;
  static Report report;

  @BeforeAll
  static void findChromiumAndWriteThePage() throws Exception {
    chromium = findChromium();
    if (chromium == null) {
      String why = "no chromium, chromium-browser or google-chrome on the PATH or at"
          + " /usr/bin/chromium";
      if (System.getenv("CI") != null) {
        fail(why + "; CI must install it (see .ci/run)");
      }
      Assumptions.assumeTrue(false, why + ": the browser test is skipped (install chromium to"
          + " run it)");
    }
    Scenario vienna = Scenarios.load("vienna-1815");
    Journal journal = ReportTest.play(vienna, 12);
    report = ReportTest.report(journal, vienna);
    Files.createDirectories(PAGE.getParent());
    Files.writeString(PAGE, report.html(), StandardCharsets.UTF_8);
  }

  static String findChromium() {
    List<String> names = List.of("chromium", "chromium-browser", "google-chrome",
        "google-chrome-stable");
    String path = System.getenv("PATH");
    if (path != null) {
      for (String name : names) {
        for (String dir : path.split(File.pathSeparator)) {
          Path p = Path.of(dir.isEmpty() ? "." : dir, name);
          if (Files.isRegularFile(p) && Files.isExecutable(p)) {
            return p.toString();
          }
        }
      }
    }
    Path fallback = Path.of("/usr/bin/chromium");
    return Files.isExecutable(fallback) ? fallback.toString() : null;
  }

  /** Runs Chromium headless with the given extra flags and returns what it printed. */
  static String run(String... flags) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--hide-scrollbars", "--user-data-dir=" + profile.toAbsolutePath()));
    cmd.addAll(List.of(flags));
    cmd.add(PAGE.toAbsolutePath().toUri().toString());
    Path stdout = Files.createTempFile(profile, "stdout", ".txt");
    Path stderr = Files.createTempFile(profile, "stderr", ".txt");
    Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile()).start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("chromium did not finish in 180 s: " + Files.readString(stderr));
    }
    assertEquals(0, p.exitValue(), () -> "chromium failed: " + read(stderr));
    return Files.readString(stdout, StandardCharsets.UTF_8);
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
      n++;
    }
    return n;
  }

  @Test
  void chromium_dumpsADomWithEveryChartAndPower() throws Exception {
    String dom = run("--dump-dom");
    assertTrue(dom.contains("</html>"), "a whole document: " + dom.length() + " characters");
    // Line charts (5 per power, polarity, one per Richardson fit), the bar chart, the map and
    // a network a changed year, plus the small legend samples.
    int charts = count(dom, "class=\"chart\"");
    int expected = 7 + report.debrief().getFitsCount();
    assertEquals(expected, charts, "charts in the DOM");
    assertTrue(count(dom, "<svg") > expected + 2, "svg elements: " + count(dom, "<svg"));
    assertTrue(dom.contains("id=\"map-svg\""), "the map");
    assertTrue(count(dom, "class=\"net\"") >= 1, "the alliance network");
    for (var p : report.scenario().getPowersList()) {
      assertTrue(dom.contains(p.getName()), p.getName());
    }
    assertTrue(dom.contains("<h2 id=\"arms-h\">Arms and income</h2>"));
  }

  @Test
  void chromium_screenshotShowsAPage() throws Exception {
    Files.deleteIfExists(SCREENSHOT);
    run("--screenshot=" + SCREENSHOT.toAbsolutePath(), "--window-size=1280,2400");
    assertTrue(Files.isRegularFile(SCREENSHOT), "no screenshot at " + SCREENSHOT);
    assertTrue(Files.size(SCREENSHOT) > 50_000, "screenshot of " + Files.size(SCREENSHOT)
        + " bytes: a blank page?");
    BufferedImage image = ImageIO.read(SCREENSHOT.toFile());
    assertEquals(1280, image.getWidth());
    assertEquals(2400, image.getHeight());
    // A drawn page has text, lines and the powers' colours: many distinct colours.
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) {
        colours.add(image.getRGB(x, y));
      }
    }
    assertTrue(colours.size() > 50, "only " + colours.size() + " colours in the screenshot");
  }
}
