package org.meterflow.model.forecast;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;

/** Derivative-free minimisation (Nelder–Mead simplex, standard coefficients). */
final class NelderMead {

  private NelderMead() {}

  /**
   * Minimises {@code f} from {@code start} with an initial simplex of edge {@code size}, stopping
   * after {@code maxEvaluations} or when the simplex values agree to {@code tolerance} (relative).
   */
  static double[] minimise(
      ToDoubleFunction<double[]> f, double[] start, double size, int maxEvaluations, double tolerance) {
    int n = start.length;
    double[][] x = new double[n + 1][];
    double[] fx = new double[n + 1];
    x[0] = start.clone();
    fx[0] = f.applyAsDouble(x[0]);
    for (int i = 0; i < n; i++) {
      x[i + 1] = start.clone();
      x[i + 1][i] += size;
      fx[i + 1] = f.applyAsDouble(x[i + 1]);
    }
    int evaluations = n + 1;
    Integer[] order = new Integer[n + 1];
    while (evaluations < maxEvaluations) {
      for (int i = 0; i <= n; i++) {
        order[i] = i;
      }
      final double[] values = fx;
      Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
      int best = order[0];
      int worst = order[n];
      int second = order[n - 1];
      if (Math.abs(fx[worst] - fx[best]) <= tolerance * (Math.abs(fx[best]) + 1e-300)) {
        break;
      }
      double[] centroid = new double[n];
      for (int i = 0; i <= n; i++) {
        if (i != worst) {
          for (int d = 0; d < n; d++) {
            centroid[d] += x[i][d] / n;
          }
        }
      }
      double[] reflected = along(centroid, x[worst], -1.0);
      double fr = f.applyAsDouble(reflected);
      evaluations++;
      if (fr < fx[best]) {
        double[] expanded = along(centroid, x[worst], -2.0);
        double fe = f.applyAsDouble(expanded);
        evaluations++;
        if (fe < fr) {
          x[worst] = expanded;
          fx[worst] = fe;
        } else {
          x[worst] = reflected;
          fx[worst] = fr;
        }
      } else if (fr < fx[second]) {
        x[worst] = reflected;
        fx[worst] = fr;
      } else {
        boolean outside = fr < fx[worst];
        double[] contracted = along(centroid, x[worst], outside ? -0.5 : 0.5);
        double fc = f.applyAsDouble(contracted);
        evaluations++;
        if (fc < Math.min(fr, fx[worst])) {
          x[worst] = contracted;
          fx[worst] = fc;
        } else {
          for (int i = 0; i <= n; i++) {
            if (i != best) {
              for (int d = 0; d < n; d++) {
                x[i][d] = x[best][d] + 0.5 * (x[i][d] - x[best][d]);
              }
              fx[i] = f.applyAsDouble(x[i]);
              evaluations++;
            }
          }
        }
      }
    }
    int best = 0;
    for (int i = 1; i <= n; i++) {
      if (fx[i] < fx[best]) {
        best = i;
      }
    }
    return x[best];
  }

  /** centroid + t · (point − centroid). */
  private static double[] along(double[] centroid, double[] point, double t) {
    double[] out = new double[centroid.length];
    for (int d = 0; d < out.length; d++) {
      out[d] = centroid[d] + t * (point[d] - centroid[d]);
    }
    return out;
  }
}
