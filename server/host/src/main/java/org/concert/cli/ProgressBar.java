package org.concert.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A progress line for long jobs, redrawn in place at most ten times a second: a bar, the count,
 * the rate and the time left.
 */
final class ProgressBar {
  private static final int WIDTH = 30;
  private final PrintWriter err;
  private final String unit;
  private final long start = System.nanoTime();
  private long lastDraw;
  private int done;
  private int total;

  ProgressBar(PrintWriter err, String unit) {
    this.err = err;
    this.unit = unit;
  }

  /** On a terminal the line is redrawn in place; in a log, a line is written every tenth. */
  private final boolean terminal = System.console() != null;
  private int lastTenth = -1;

  synchronized void update(int done, int total) {
    this.done = Math.max(this.done, done);
    this.total = total;
    long now = System.nanoTime();
    if (terminal) {
      if (now - lastDraw > 100_000_000L || done == total) {
        lastDraw = now;
        draw(now);
      }
      return;
    }
    int tenth = total == 0 ? 10 : (int) (10L * this.done / total);
    if (tenth > lastTenth) {
      lastTenth = tenth;
      draw(now);
      err.println();
    }
  }

  private void draw(long now) {
    double seconds = Math.max(1e-9, (now - start) / 1e9);
    double rate = done / seconds;
    double eta = rate > 0 ? (total - done) / rate : 0;
    int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
    err.print(String.format(Locale.ROOT, (terminal ? "\r" : "") + "[%s%s] %d/%d %s  %.0f/s  ETA %s ",
        "=".repeat(filled), " ".repeat(WIDTH - filled), done, total, unit, rate, time(eta)));
    err.flush();
  }

  synchronized void finish() {
    if (terminal) {
      draw(System.nanoTime());
      err.println();
    }
    err.flush();
  }

  private static String time(double s) {
    long t = Math.round(s);
    return t >= 60 ? (t / 60) + "m" + String.format(Locale.ROOT, "%02d", t % 60) + "s" : t + "s";
  }
}
