package org.concert.engine;

/** Ordinary least squares for the few coefficients of an arms-race fit (normal equations). */
final class LeastSquares {
  private LeastSquares() {}

  /**
   * Coefficients c minimising |rows * c - y|^2. A singular system (a series with no variation)
   * gives the minimum-norm answer of a lightly regularised system instead of failing.
   */
  static double[] solve(double[][] rows, double[] y) {
    int m = rows[0].length;
    double[][] a = new double[m][m + 1];
    for (int r = 0; r < rows.length; r++) {
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < m; j++) {
          a[i][j] += rows[r][i] * rows[r][j];
        }
        a[i][m] += rows[r][i] * y[r];
      }
    }
    for (int i = 0; i < m; i++) {
      a[i][i] += 1e-10 * Math.max(1.0, a[i][i]); // each column regularised on its own scale
    }
    for (int col = 0; col < m; col++) {
      int pivot = col;
      for (int r = col + 1; r < m; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
          pivot = r;
        }
      }
      double[] tmp = a[col];
      a[col] = a[pivot];
      a[pivot] = tmp;
      double p = a[col][col];
      if (p == 0) {
        continue;
      }
      for (int r = 0; r < m; r++) {
        if (r != col) {
          double f = a[r][col] / p;
          for (int c = col; c <= m; c++) {
            a[r][c] -= f * a[col][c];
          }
        }
      }
    }
    double[] out = new double[m];
    for (int i = 0; i < m; i++) {
      out[i] = a[i][i] == 0 ? 0 : a[i][m] / a[i][i];
    }
    return out;
  }

  /** Coefficient of determination of a fit; 1 when the data has no variance and fits. */
  static double r2(double[][] rows, double[] y, double[] c) {
    double mean = 0;
    for (double v : y) {
      mean += v;
    }
    mean /= y.length;
    double ssRes = 0;
    double ssTot = 0;
    for (int r = 0; r < rows.length; r++) {
      double pred = 0;
      for (int i = 0; i < c.length; i++) {
        pred += rows[r][i] * c[i];
      }
      ssRes += (y[r] - pred) * (y[r] - pred);
      ssTot += (y[r] - mean) * (y[r] - mean);
    }
    return ssTot == 0 ? (ssRes < 1e-9 ? 1.0 : 0.0) : 1.0 - ssRes / ssTot;
  }
}
