package org.meterflow.model.forecast;

/**
 * Regression on calendar and lagged load, one linear model per local slot of day, on the log of
 * the load (as {@link DoubleSeasonalHoltWinters}). For a target interval of day d at slot s the
 * baseline is the mean at s over the last four same weekdays (weekly lags that fall on a holiday
 * step back another week); the model predicts the deviation from it with features all known at
 * d's midnight: yesterday at s and a week ago at s (both relative to the baseline), yesterday's
 * week-on-week change at s, of the daily mean and of the last interval before midnight, and the
 * day type (Monday … Saturday; Sunday and holidays the reference). Fitted by ridge least squares
 * on standardised features over the trailing {@code windowDays}, optionally weighting recent days
 * more; refitted every {@code refitDays}. Missing intervals are read gap-filled as features and
 * skipped as targets. A candidate: see docs/forecasting.md for how it compares.
 */
public final class LaggedRegressionModel implements ForecastModel {

  private static final int LAG_DAYS = 28;
  private static final int FEATURES = 12;

  /**
   * Settings.
   *
   * @param windowDays   training days (targets) before the origin
   * @param refitDays    days between fits
   * @param logOffset    c of log(y + c) as a share of the mean load; 0 = no log
   * @param lambda       ridge penalty on the non-intercept coefficients
   * @param halfLifeDays weight half-life of training days (0 = equal weights)
   */
  public record Config(int windowDays, int refitDays, double logOffset, double lambda, double halfLifeDays) {

    public Config {
      if (windowDays < 7 || refitDays < 1 || logOffset < 0 || lambda < 0 || halfLifeDays < 0) {
        throw new IllegalArgumentException("invalid regression settings");
      }
    }

    public static Config defaults() {
      return new Config(365, 7, 0.05, 0.1, 0);
    }
  }

  private final Config config;

  public LaggedRegressionModel(Config config) {
    this.config = config;
  }

  public LaggedRegressionModel() {
    this(Config.defaults());
  }

  @Override
  public String name() {
    return "regression";
  }

  @Override
  public Forecaster newForecaster() {
    return new Fitted();
  }

  private final class Fitted implements Forecaster {
    private double[][] beta;
    private int fittedAt;

    @Override
    public double[] forecast(History history, int steps) {
      SlotCalendar cal = history.calendar();
      int origin = history.origin();
      int spd = cal.stepsPerDay();
      int from = cal.dayStartAtOrAfter(Math.max(0, origin - (config.windowDays() + LAG_DAYS + 1) * spd));
      if (from >= origin) {
        from = 0;
      }
      Span span = new Span(history, from, steps, config.logOffset());
      if (beta == null || origin - fittedAt >= config.refitDays() * spd) {
        beta = fit(span);
        fittedAt = origin;
      }
      double[] x = new double[FEATURES];
      double[] out = new double[steps];
      int dayStart = origin;
      double[] day = span.dayFeatures(dayStart);
      for (int k = 0; k < steps; k++) {
        int t = origin + k;
        if (k > 0 && cal.startsDay(t)) {
          dayStart = t;
          day = span.dayFeatures(dayStart);
        }
        double z;
        if (span.features(t, day, x)) {
          z = span.base + dot(beta[cal.slot(t)], x);
          if (Double.isNaN(z)) {
            z = span.base;
          }
        } else {
          z = span.z(t - 1);
        }
        span.setForecast(t, z);
        out[k] = z;
      }
      return span.back(out);
    }

    private double[][] fit(Span span) {
      SlotCalendar cal = span.cal;
      int spd = cal.stepsPerDay();
      Ridge.Normal[] normal = new Ridge.Normal[spd];
      for (int s = 0; s < spd; s++) {
        normal[s] = new Ridge.Normal(FEATURES);
      }
      double[] x = new double[FEATURES];
      int origin = span.origin;
      int firstTarget = cal.dayStartAtOrAfter(Math.max(span.from + 7 * spd,
          origin - config.windowDays() * spd));
      double decay = config.halfLifeDays() > 0 ? Math.log(2) / config.halfLifeDays() : 0;
      double[] day = null;
      for (int t = firstTarget; t < origin; t++) {
        if (day == null || cal.startsDay(t)) {
          day = span.dayFeatures(t);
        }
        if (Double.isNaN(span.observed(t)) || !span.features(t, day, x)) {
          continue;
        }
        double ageDays = (double) (origin - t) / spd;
        normal[cal.slot(t)].add(x, span.z(t) - span.base, Math.exp(-decay * ageDays));
      }
      double[][] out = new double[spd][];
      for (int s = 0; s < spd; s++) {
        out[s] = normal[s].rows < 2 * FEATURES ? new double[FEATURES] : normal[s].solve(config.lambda());
      }
      return out;
    }
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** History from {@code from} to the forecast end, transformed, with forecasts written in. */
  private static final class Span {
    final SlotCalendar cal;
    final int from;
    final int origin;
    final double[] z;
    final double[] observed;
    final double offset;
    final boolean log;
    /** The same-slot four-week mean of the last target prepared by {@link #features}. */
    double base;

    Span(History h, int from, int steps, double logOffset) {
      this.cal = h.calendar();
      this.from = from;
      this.origin = h.origin();
      int n = origin - from;
      this.z = new double[n + steps];
      this.observed = new double[n];
      double sum = 0;
      double min = Double.POSITIVE_INFINITY;
      for (int k = 0; k < n; k++) {
        double y = h.filled(from + k);
        observed[k] = h.observed(from + k);
        z[k] = y;
        sum += Math.abs(y);
        min = Math.min(min, y);
      }
      double mean = n == 0 ? 0 : sum / n;
      this.log = logOffset > 0 && mean > 0;
      this.offset = log ? Math.max(0, -min) + logOffset * mean : 0;
      if (log) {
        for (int k = 0; k < n; k++) {
          z[k] = Math.log(Math.max(z[k] + offset, 1e-9 * offset));
        }
      }
    }

    double z(int t) {
      return z[t - from];
    }

    double observed(int t) {
      return observed[t - from];
    }

    void setForecast(int t, double value) {
      z[t - from] = value;
    }

    double[] back(double[] zs) {
      if (log) {
        for (int i = 0; i < zs.length; i++) {
          zs[i] = Math.exp(zs[i]) - offset;
        }
      }
      return zs;
    }

    /**
     * For the day starting at {@code dayStart}: the change of the daily mean from a week before
     * yesterday to yesterday, and of the last interval before midnight from a week before.
     */
    double[] dayFeatures(int dayStart) {
      int prev = dayStart - 1;
      int weekBefore = prev < from ? -1 : cal.sameSlotDaysBefore(prev, 7);
      if (prev < from || weekBefore < from) {
        return new double[] {Double.NaN, Double.NaN};
      }
      return new double[] {dayMean(prev) - dayMean(weekBefore), z(prev) - z(weekBefore)};
    }

    /** Mean of the local day that ends with interval {@code last} (back to its first interval). */
    private double dayMean(int last) {
      double sum = 0;
      int n = 0;
      for (int t = last; t >= from; t--) {
        sum += z(t);
        n++;
        if (cal.startsDay(t)) {
          break;
        }
      }
      return sum / n;
    }

    /** Fills {@code x} for target {@code t}; false when a lag lies before the span. */
    boolean features(int t, double[] day, double[] x) {
      if (Double.isNaN(day[0])) {
        return false;
      }
      int d1 = cal.sameSlotDaysBefore(t, 1);
      int d7 = weeklyLag(t);
      if (d1 < from || d7 < from) {
        return false;
      }
      double m4 = 0;
      int n4 = 0;
      int j = t;
      for (int w = 0; w < 4; w++) {
        j = weeklyLag(j);
        if (j < from) {
          break;
        }
        m4 += z(j);
        n4++;
      }
      base = m4 / n4;
      x[0] = 1;
      x[1] = z(d1) - base;
      x[2] = z(d7) - base;
      int d8 = cal.sameSlotDaysBefore(d1, 7);
      x[3] = d8 >= from ? z(d1) - z(d8) : 0;
      x[4] = day[0];
      x[5] = day[1];
      int type = cal.dayType(t);
      for (int k = 0; k < 6; k++) {
        x[6 + k] = type == k ? 1 : 0;
      }
      return true;
    }

    /** The same slot a week back, stepping over holidays (unless t is one). */
    private int weeklyLag(int t) {
      int j = cal.sameSlotDaysBefore(t, 7);
      int guard = 0;
      while (j >= from && cal.isHoliday(j) && !cal.isHoliday(t) && guard++ < 3) {
        j = cal.sameSlotDaysBefore(j, 7);
      }
      return j;
    }
  }
}
