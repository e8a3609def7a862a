package org.meterflow.model.forecast;

/** Ridge least squares by the normal equations (small, dense problems). */
final class Ridge {

  private Ridge() {}

  /**
   * Accumulates weighted X'X and X'y for rows of {@code p} features (the first a constant 1),
   * then solves (X'X + Λ)β = X'y where Λ is diagonal, zero for the intercept and λ times the
   * weighted sum of squared deviations of each other feature (ridge on standardised features).
   */
  static final class Normal {
    final int p;
    final double[] xtx;
    final double[] xty;
    final double[] xsum;
    double weights;
    int rows;

    Normal(int p) {
      this.p = p;
      this.xtx = new double[p * p];
      this.xty = new double[p];
      this.xsum = new double[p];
    }

    void add(double[] x, double y, double weight) {
      for (int a = 0; a < p; a++) {
        double xa = x[a] * weight;
        if (xa == 0) {
          continue;
        }
        xty[a] += xa * y;
        xsum[a] += xa;
        for (int b = a; b < p; b++) {
          xtx[a * p + b] += xa * x[b];
        }
      }
      weights += weight;
      rows++;
    }

    /** The coefficients; zeros when the system is singular. */
    double[] solve(double lambda) {
      double[] m = new double[p * p];
      for (int a = 0; a < p; a++) {
        for (int b = a; b < p; b++) {
          m[a * p + b] = xtx[a * p + b];
          m[b * p + a] = xtx[a * p + b];
        }
        if (a > 0 && weights > 0) {
          m[a * p + a] += lambda * Math.max(0, xtx[a * p + a] - xsum[a] * xsum[a] / weights);
        }
      }
      return cholesky(m, xty.clone(), p);
    }
  }

  /** Solves the symmetric positive-definite system m·x = b in place (Cholesky); zeros if singular. */
  static double[] cholesky(double[] m, double[] b, int p) {
    double[] l = new double[p * p];
    for (int i = 0; i < p; i++) {
      for (int j = 0; j <= i; j++) {
        double sum = m[i * p + j];
        for (int k = 0; k < j; k++) {
          sum -= l[i * p + k] * l[j * p + k];
        }
        if (i == j) {
          if (sum <= 1e-12 * Math.max(1, Math.abs(m[i * p + i]))) {
            return new double[p];
          }
          l[i * p + i] = Math.sqrt(sum);
        } else {
          l[i * p + j] = sum / l[j * p + j];
        }
      }
    }
    double[] y = new double[p];
    for (int i = 0; i < p; i++) {
      double sum = b[i];
      for (int k = 0; k < i; k++) {
        sum -= l[i * p + k] * y[k];
      }
      y[i] = sum / l[i * p + i];
    }
    double[] x = new double[p];
    for (int i = p - 1; i >= 0; i--) {
      double sum = y[i];
      for (int k = i + 1; k < p; k++) {
        sum -= l[k * p + i] * x[k];
      }
      x[i] = sum / l[i * p + i];
    }
    return x;
  }
}
