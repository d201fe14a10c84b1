package org.concert.web;

import static org.junit.jupiter.api.Assertions.fail;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium for the web client's tests, driven by Playwright: the system's Chromium
 * (Debian's {@code chromium} package, which {@code .ci/run} installs), never a downloaded one.
 * On CI a missing Chromium fails the test; elsewhere the test is skipped with the reason.
 */
final class Browsers {
  /** Where screenshots go, to be looked at after a run. */
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private Browsers() {}

  /** A Playwright with a launched headless Chromium; close the Playwright to end both. */
  record Session(Playwright playwright, Browser browser) implements AutoCloseable {
    @Override
    public void close() {
      playwright.close();
    }
  }

  static Session launch() {
    Path chromium = findChromium();
    if (chromium == null) {
      String why = "no chromium, chromium-browser or google-chrome on the PATH or at"
          + " /usr/bin/chromium";
      if (System.getenv("CI") != null) {
        fail(why + "; CI must install it (see .ci/run)");
      }
      Assumptions.assumeTrue(false, why + ": the browser tests are skipped");
    }
    Playwright playwright = Playwright.create(new Playwright.CreateOptions()
        .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    try {
      Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
          .setExecutablePath(chromium).setHeadless(true)
          .setArgs(List.of("--no-sandbox", "--disable-dev-shm-usage")));
      return new Session(playwright, browser);
    } catch (RuntimeException e) {
      playwright.close();
      throw e;
    }
  }

  static Path findChromium() {
    String override = System.getenv("CONCERT_CHROMIUM");
    if (override != null && Files.isExecutable(Path.of(override))) {
      return Path.of(override);
    }
    String path = System.getenv("PATH");
    for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
      for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
        Path p = Path.of(dir.isEmpty() ? "." : dir, name);
        if (Files.isRegularFile(p) && Files.isExecutable(p)) {
          return p;
        }
      }
    }
    Path fallback = Path.of("/usr/bin/chromium");
    return Files.isExecutable(fallback) ? fallback : null;
  }
}
