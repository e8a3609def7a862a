package org.meterflow.model.forecast;

/**
 * Double-seasonal Holt–Winters exponential smoothing (Taylor 2003) with a first-order
 * autoregressive correction of the last error, on the log of the load (a multiplicative model:
 * profiles scale with the level, and the forecast is a median-like typical value rather than a
 * mean pulled up by rare spikes). Its state is a level, a daily profile indexed by the local slot of
 * day and a weekly profile indexed by day type × slot (holidays use the Sunday profile), so
 * daylight-saving days keep the profile on the wall clock.
 *
 * <pre>
 *   z(t)  = log(y(t) + c)                      c = offset × mean load of the window (c &gt; 0)
 *   e(t)  = z(t) − (L + D[slot] + W[type, slot])
 *   L    ← L + α·e(t)
 *   D[s] ← D[s] + δ·(z(t) − L − W[type, s] − D[s])
 *   W[s] ← W[s] + ω·(z(t) − L − D[s]old − W[s])
 *   ẑ(t+k) = L + D[slot(t+k)] + W[type(t+k), slot(t+k)] + φ^k · e(t);   ŷ = exp(ẑ) − c
 * </pre>
 * Missing intervals and holidays do not update the state (the error carried by the AR term decays
 * as if it had been forecast). Parameters (α, δ, ω, φ) are chosen on the trailing
 * {@code windowDays} of history by minimising the squared (log) error of day-ahead forecasts made
 * from each local midnight of that window (the task being evaluated), re-chosen every
 * {@code refitDays}.
 */
public final class DoubleSeasonalHoltWinters implements ForecastModel {

  /** Smoothing parameters, each in [0, 1]. */
  public record Parameters(double alpha, double delta, double omega, double phi) {}

  /**
   * Settings.
   *
   * @param windowDays history used to initialise, fit and run the model
   * @param initDays   days at the start of the window whose means initialise the state
   * @param refitDays  days between parameter fits
   * @param logOffset  c as a share of the mean load; 0 = no log (additive model on the load)
   * @param fixed      if non-null, these parameters and no fitting
   */
  public record Config(int windowDays, int initDays, int refitDays, double logOffset, Parameters fixed) {

    public Config {
      if (windowDays < 14 || initDays < 7 || initDays > windowDays || refitDays < 1 || logOffset < 0) {
        throw new IllegalArgumentException(
            "need windowDays >= 14, 7 <= initDays <= windowDays, refitDays >= 1, logOffset >= 0");
      }
    }

    public static Config defaults() {
      return new Config(112, 14, 7, 0.05, null);
    }
  }

  private static final Parameters START = new Parameters(0.05, 0.1, 0.1, 0.9);
  private static final double COLD_SIMPLEX = 1.0;
  private static final int COLD_EVALUATIONS = 160;
  private static final double WARM_SIMPLEX = 0.5;
  private static final int WARM_EVALUATIONS = 60;

  private final Config config;

  public DoubleSeasonalHoltWinters(Config config) {
    this.config = config;
  }

  public DoubleSeasonalHoltWinters() {
    this(Config.defaults());
  }

  @Override
  public String name() {
    return "dshw";
  }

  @Override
  public Forecaster newForecaster() {
    return new Fitted();
  }

  private final class Fitted implements Forecaster {
    private Parameters parameters = config.fixed();
    private int fittedAt;

    @Override
    public double[] forecast(History history, int steps) {
      SlotCalendar cal = history.calendar();
      int origin = history.origin();
      int spd = cal.stepsPerDay();
      int from = cal.dayStartAtOrAfter(Math.max(0, origin - config.windowDays() * spd));
      if (from >= origin) {
        from = 0;
      }
      Window w = Window.of(history, from, steps, config.logOffset());
      int initEnd = Math.min(w.n, config.initDays() * spd);
      if (config.fixed() == null
          && (parameters == null || origin - fittedAt >= config.refitDays() * spd)) {
        parameters = fit(w, initEnd, parameters);
        fittedAt = origin;
      }
      State state = State.initial(w, initEnd);
      state.run(w, parameters, -1, null);
      return w.back(state.forecast(w, steps, parameters.phi()));
    }

    /** Fits from scratch, or from the previous parameters with a smaller simplex (warm start). */
    private Parameters fit(Window w, int initEnd, Parameters previous) {
      if (w.n - initEnd < w.spd) {
        return previous != null ? previous : START;
      }
      State init = State.initial(w, initEnd);
      Parameters from = previous != null ? previous : START;
      double[] start = {logit(from.alpha()), logit(from.delta()), logit(from.omega()), logit(from.phi())};
      boolean warm = previous != null;
      double[] best = NelderMead.minimise(
          z -> {
            double[] sse = {0};
            init.copy().run(w, toParameters(z), initEnd, sse);
            return sse[0];
          },
          start, warm ? WARM_SIMPLEX : COLD_SIMPLEX, warm ? WARM_EVALUATIONS : COLD_EVALUATIONS, 1e-6);
      return toParameters(best);
    }
  }

  static Parameters toParameters(double[] z) {
    return new Parameters(sigmoid(z[0]), sigmoid(z[1]), sigmoid(z[2]), sigmoid(z[3]));
  }

  private static double sigmoid(double z) {
    return 1.0 / (1.0 + Math.exp(-z));
  }

  /** Logit, clamped away from ±∞ so a parameter at its bound can still move. */
  private static double logit(double p) {
    double q = Math.min(Math.max(p, 1e-6), 1 - 1e-6);
    return Math.log(q / (1 - q));
  }

  /**
   * The window of history a forecast uses, copied into arrays: transformed observations (NaN where
   * missing or a holiday, so the state skips them), slot, day-type index and day starts, for
   * the window and the {@code steps} intervals after it.
   */
  private static final class Window {
    final int n;
    final int spd;
    final double[] z;
    final int[] slot;
    final int[] week;
    final boolean[] dayStart;
    final double offset;
    final boolean log;

    private Window(int n, int total, int spd, double offset, boolean log) {
      this.n = n;
      this.spd = spd;
      this.z = new double[n];
      this.slot = new int[total];
      this.week = new int[total];
      this.dayStart = new boolean[total];
      this.offset = offset;
      this.log = log;
    }

    static Window of(History h, int from, int steps, double logOffset) {
      SlotCalendar cal = h.calendar();
      int n = h.origin() - from;
      double sum = 0;
      double min = Double.POSITIVE_INFINITY;
      int count = 0;
      for (int t = from; t < h.origin(); t++) {
        double y = h.filled(t);
        sum += Math.abs(y);
        min = Math.min(min, y);
        count++;
      }
      double mean = count == 0 ? 0 : sum / count;
      boolean log = logOffset > 0 && count > 0 && mean > 0;
      double c = log ? Math.max(0, -min) + logOffset * mean : 0;
      Window w = new Window(n, n + steps, cal.stepsPerDay(), c, log);
      for (int k = 0; k < n + steps; k++) {
        int t = from + k;
        w.slot[k] = cal.slot(t);
        w.week[k] = cal.dayType(t) * w.spd + w.slot[k];
        w.dayStart[k] = cal.startsDay(t);
        if (k < n) {
          double y = h.observed(t);
          w.z[k] = Double.isNaN(y) || cal.isHoliday(t) ? Double.NaN : w.forward(y);
        }
      }
      return w;
    }

    double forward(double y) {
      return log ? Math.log(Math.max(y + offset, 1e-9 * offset)) : y;
    }

    double[] back(double[] zs) {
      if (log) {
        for (int i = 0; i < zs.length; i++) {
          zs[i] = Math.exp(zs[i]) - offset;
        }
      }
      return zs;
    }
  }

  /** The smoothing state. */
  private static final class State {
    double level;
    double lastError;
    final double[] daily;
    final double[] weekly;

    private State(double level, double[] daily, double[] weekly) {
      this.level = level;
      this.daily = daily;
      this.weekly = weekly;
    }

    State copy() {
      State s = new State(level, daily.clone(), weekly.clone());
      s.lastError = lastError;
      return s;
    }

    /** Level, daily and weekly profiles from the means of the known values in [0, to). */
    static State initial(Window w, int to) {
      int spd = w.spd;
      double[] slotSum = new double[spd];
      int[] slotCount = new int[spd];
      double[] typeSum = new double[7 * spd];
      int[] typeCount = new int[7 * spd];
      double sum = 0;
      int count = 0;
      for (int t = 0; t < to; t++) {
        double y = w.z[t];
        if (Double.isNaN(y)) {
          continue;
        }
        slotSum[w.slot[t]] += y;
        slotCount[w.slot[t]]++;
        typeSum[w.week[t]] += y;
        typeCount[w.week[t]]++;
        sum += y;
        count++;
      }
      double level = count == 0 ? firstKnown(w) : sum / count;
      double[] daily = new double[spd];
      double[] weekly = new double[7 * spd];
      for (int s = 0; s < spd; s++) {
        daily[s] = slotCount[s] == 0 ? 0 : slotSum[s] / slotCount[s] - level;
      }
      for (int k = 0; k < 7 * spd; k++) {
        weekly[k] = typeCount[k] == 0 ? 0 : typeSum[k] / typeCount[k] - level - daily[k % spd];
      }
      return new State(level, daily, weekly);
    }

    private static double firstKnown(Window w) {
      for (double y : w.z) {
        if (!Double.isNaN(y)) {
          return y;
        }
      }
      return 0;
    }

    /**
     * Runs the recursions over the window; with {@code sse}, adds the squared errors of the day-ahead
     * forecasts made at each day start from {@code scoreFrom} on.
     */
    void run(Window w, Parameters p, int scoreFrom, double[] sse) {
      double alpha = p.alpha();
      double delta = p.delta();
      double omega = p.omega();
      double phi = p.phi();
      double[] z = w.z;
      for (int t = 0; t < w.n; t++) {
        if (sse != null && t >= scoreFrom && w.dayStart[t]) {
          sse[0] += dayAheadSquaredError(w, t, phi);
        }
        double y = z[t];
        if (Double.isNaN(y)) {
          lastError *= phi;
          continue;
        }
        int s = w.slot[t];
        int k = w.week[t];
        double e = y - (level + daily[s] + weekly[k]);
        level += alpha * e;
        double oldDaily = daily[s];
        daily[s] += delta * (y - level - weekly[k] - oldDaily);
        weekly[k] += omega * (y - level - oldDaily - weekly[k]);
        lastError = e;
      }
    }

    private double dayAheadSquaredError(Window w, int t, double phi) {
      double sse = 0;
      double ar = lastError;
      for (int i = t; i < w.n && (i == t || !w.dayStart[i]); i++) {
        ar *= phi;
        double y = w.z[i];
        if (Double.isNaN(y)) {
          continue;
        }
        double err = y - (level + daily[w.slot[i]] + weekly[w.week[i]] + ar);
        sse += err * err;
      }
      return sse;
    }

    double[] forecast(Window w, int steps, double phi) {
      double[] out = new double[steps];
      double ar = lastError;
      for (int k = 0; k < steps; k++) {
        int i = w.n + k;
        ar *= phi;
        out[k] = level + daily[w.slot[i]] + weekly[w.week[i]] + ar;
      }
      return out;
    }
  }
}
