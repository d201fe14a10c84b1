package org.concert.engine;

import java.util.ArrayList;
import java.util.List;
import org.concert.protocol.v1.Debrief;
import org.concert.protocol.v1.PowerMetrics;
import org.concert.protocol.v1.RichardsonFit;
import org.concert.protocol.v1.TurnMetrics;

/**
 * The debrief: the per-turn metrics recorded at every resolution, and a Richardson fit of the
 * arms levels of every rival pair. Two powers are rivals when either was the other's main
 * threat in most of the turns played, or when they fought.
 */
final class Analysis {
  /** Fewest turns a fit needs: three coefficients and one degree of freedom. */
  static final int MIN_SAMPLES = 4;

  private Analysis() {}

  static Debrief of(GameState s) {
    Debrief.Builder d = Debrief.newBuilder().addAllTurns(s.history);
    Board b = s.board;
    int np = b.powers();
    int[][] mainCount = new int[np][np];
    boolean[][] fought = new boolean[np][np];
    for (TurnMetrics t : s.history) {
      for (PowerMetrics pm : t.getPowersList()) {
        int i = b.power(pm.getPower());
        int j = b.power(pm.getMainThreat());
        if (i >= 0 && j >= 0) {
          mainCount[i][j]++;
        }
      }
      for (var w : t.getWarsList()) {
        int i = b.power(w.getA());
        int j = b.power(w.getB());
        if (i >= 0 && j >= 0) {
          fought[i][j] = fought[j][i] = true;
        }
      }
    }
    int turns = s.history.size();
    for (int i = 0; i < np; i++) {
      for (int j = i + 1; j < np; j++) {
        boolean rivals = fought[i][j] || 2 * mainCount[i][j] > turns || 2 * mainCount[j][i] > turns;
        if (rivals) {
          RichardsonFit fit = fit(s.history, b.powerId(i), b.powerId(j));
          if (fit != null) {
            d.addFits(fit);
          }
        }
      }
    }
    return d.build();
  }

  /** Fits both Richardson equations for powers x and y over a metrics history; null if short. */
  static RichardsonFit fit(List<TurnMetrics> history, String x, String y) {
    List<double[]> xs = new ArrayList<>();
    for (TurnMetrics t : history) {
      double mx = -1;
      double my = -1;
      for (PowerMetrics pm : t.getPowersList()) {
        if (pm.getPower().equals(x) && pm.getAlive()) {
          mx = pm.getMilitary();
        } else if (pm.getPower().equals(y) && pm.getAlive()) {
          my = pm.getMilitary();
        }
      }
      if (mx < 0 || my < 0) {
        break;
      }
      xs.add(new double[] {mx, my});
    }
    return fitSeries(xs, x, y);
  }

  /** Fits x[t+1]-x[t] = k*y[t] - a*x[t] + g (and the mirror for y) by least squares. */
  static RichardsonFit fitSeries(List<double[]> series, String x, String y) {
    int n = series.size() - 1;
    if (n < MIN_SAMPLES) {
      return null;
    }
    double[][] rowsX = new double[n][];
    double[] dx = new double[n];
    double[][] rowsY = new double[n][];
    double[] dy = new double[n];
    for (int t = 0; t < n; t++) {
      double xt = series.get(t)[0];
      double yt = series.get(t)[1];
      rowsX[t] = new double[] {yt, -xt, 1};
      dx[t] = series.get(t + 1)[0] - xt;
      rowsY[t] = new double[] {xt, -yt, 1};
      dy[t] = series.get(t + 1)[1] - yt;
    }
    double[] cx = LeastSquares.solve(rowsX, dx);
    double[] cy = LeastSquares.solve(rowsY, dy);
    double k = cx[0];
    double a = cx[1];
    double g = cx[2];
    double l = cy[0];
    double bb = cy[1];
    double h = cy[2];
    // Stable when each side's restraint is real (a, b > 0) and outweighs the mutual reaction.
    boolean stable = a > 0 && bb > 0 && k * l < a * bb;
    RichardsonFit.Builder fit = RichardsonFit.newBuilder().setX(x).setY(y)
        .setK(k).setA(a).setG(g).setL(l).setB(bb).setH(h)
        .setR2X(LeastSquares.r2(rowsX, dx, cx)).setR2Y(LeastSquares.r2(rowsY, dy, cy))
        .setSamples(n).setStable(stable);
    double det = a * bb - k * l;
    if (stable && det != 0) {
      fit.setEquilibriumX((k * h + bb * g) / det).setEquilibriumY((l * g + a * h) / det);
    }
    return fit.build();
  }
}
