package org.meterflow.model.forecast;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Prediction intervals from the empirical quantiles of a model's own past out-of-sample errors.
 * Each past forecast day contributes, per local slot of day, its error divided by that day's mean
 * absolute forecast (so the intervals follow the load level across seasons). The bounds of a
 * slot pool the errors of the neighbouring slots (± one hour) over the last {@code memoryDays}
 * days. Until {@code minDays} days have been recorded the bounds equal the point forecast.
 */
public final class ResidualIntervals {

  private final int stepsPerDay;
  private final int memoryDays;
  private final int minDays;
  private final int poolHalfWidth;
  private final Deque<double[]> days = new ArrayDeque<>();

  public ResidualIntervals(int stepsPerDay, int memoryDays, int minDays) {
    if (stepsPerDay <= 0 || memoryDays <= 0 || minDays < 0) {
      throw new IllegalArgumentException("stepsPerDay, memoryDays must be > 0, minDays >= 0");
    }
    this.stepsPerDay = stepsPerDay;
    this.memoryDays = memoryDays;
    this.minDays = minDays;
    this.poolHalfWidth = Math.max(1, stepsPerDay / 24);
  }

  /** Remembers the errors of one past forecast of the intervals starting at {@code first}. */
  public void record(SlotCalendar calendar, int first, double[] forecast, double[] actual) {
    double level = level(forecast);
    double[] bySlot = new double[stepsPerDay];
    Arrays.fill(bySlot, Double.NaN);
    for (int k = 0; k < forecast.length; k++) {
      if (!Double.isNaN(actual[k])) {
        bySlot[calendar.slot(first + k)] = (actual[k] - forecast[k]) / level;
      }
    }
    days.addLast(bySlot);
    while (days.size() > memoryDays) {
      days.removeFirst();
    }
  }

  /** Days of errors remembered. */
  public int recordedDays() {
    return days.size();
  }

  /** The point forecast of the intervals starting at {@code first} with its 80 % and 95 % bounds. */
  public DayAheadForecast bounds(SlotCalendar calendar, int first, double[] point) {
    int n = point.length;
    double[] lo80 = point.clone();
    double[] hi80 = point.clone();
    double[] lo95 = point.clone();
    double[] hi95 = point.clone();
    if (days.size() >= Math.max(1, minDays)) {
      double level = level(point);
      double[][] quantiles = slotQuantiles();
      for (int k = 0; k < n; k++) {
        double[] q = quantiles[calendar.slot(first + k)];
        lo95[k] = point[k] + q[0] * level;
        lo80[k] = point[k] + q[1] * level;
        hi80[k] = point[k] + q[2] * level;
        hi95[k] = point[k] + q[3] * level;
      }
    }
    return new DayAheadForecast(
        calendar.start().plusSeconds(calendar.step().getSeconds() * first), calendar.step(),
        point, lo80, hi80, lo95, hi95);
  }

  private double[][] slotQuantiles() {
    double[][] out = new double[stepsPerDay][];
    double[] pool = new double[days.size() * (2 * poolHalfWidth + 1)];
    for (int s = 0; s < stepsPerDay; s++) {
      int m = 0;
      for (double[] day : days) {
        for (int d = -poolHalfWidth; d <= poolHalfWidth; d++) {
          double e = day[Math.floorMod(s + d, stepsPerDay)];
          if (!Double.isNaN(e)) {
            pool[m++] = e;
          }
        }
      }
      double[] sorted = Arrays.copyOf(pool, m);
      Arrays.sort(sorted);
      out[s] = new double[] {
        quantile(sorted, 0.025), quantile(sorted, 0.10), quantile(sorted, 0.90), quantile(sorted, 0.975)
      };
    }
    return out;
  }

  /** Linear-interpolated empirical quantile of sorted values; 0 when empty. */
  static double quantile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    double pos = p * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  private static double level(double[] forecast) {
    double sum = 0;
    for (double f : forecast) {
      sum += Math.abs(f);
    }
    double mean = forecast.length == 0 ? 0 : sum / forecast.length;
    return mean > 0 ? mean : 1;
  }
}
