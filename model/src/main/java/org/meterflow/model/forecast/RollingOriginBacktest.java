package org.meterflow.model.forecast;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Rolling-origin evaluation: for every local day after {@code minTrainDays} of history, each model
 * forecasts the next {@code horizonDays} local days from the history before that day's midnight;
 * the origin then steps one day. All models are scored on exactly the same intervals (those with a
 * known actual). The first model is the one under evaluation: its prediction intervals come from its
 * own earlier errors in the same run ({@link ResidualIntervals}) and their empirical coverage is
 * reported (the baselines' coverage is NaN).
 */
public final class RollingOriginBacktest {

  /** Days of past errors the prediction intervals draw on. */
  public static final int INTERVAL_MEMORY_DAYS = 56;
  /** Days of past errors needed before intervals are scored. */
  public static final int INTERVAL_MIN_DAYS = 14;

  private RollingOriginBacktest() {}

  /** Scores of one model. */
  public record ModelScore(String name, AccuracyMetrics accuracy, double coverage80, double coverage95) {}

  /** Scores of all models, in the order given, over {@code days} forecast days. */
  public record Result(List<ModelScore> scores, int days, int origins) {

    public ModelScore score(String name) {
      return scores.stream().filter(s -> s.name().equals(name)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no model " + name));
    }
  }

  /**
   * Runs the evaluation.
   *
   * @param series       the load, NaN where missing
   * @param calendar     the calendar of (at least) the series' grid
   * @param models       the models to compare (forecasters are created fresh)
   * @param minTrainDays local days of history before the first origin
   * @param horizonDays  local days forecast from each origin (1 = day-ahead)
   */
  public static Result run(
      LoadSeries series, SlotCalendar calendar, List<ForecastModel> models,
      int minTrainDays, int horizonDays) {
    Objects.requireNonNull(models, "models");
    if (minTrainDays < 1 || horizonDays < 1) {
      throw new IllegalArgumentException("minTrainDays and horizonDays must be >= 1");
    }
    History full = History.of(series, calendar);
    int n = series.size();
    int m = models.size();
    List<ForecastModel.Forecaster> forecasters = new ArrayList<>();
    List<AccuracyMetrics> metrics = new ArrayList<>();
    List<ResidualIntervals> intervals = new ArrayList<>();
    for (ForecastModel model : models) {
      forecasters.add(model.newForecaster());
      metrics.add(new AccuracyMetrics());
      intervals.add(new ResidualIntervals(calendar.stepsPerDay(), INTERVAL_MEMORY_DAYS, INTERVAL_MIN_DAYS));
    }
    long[] inside80 = new long[m];
    long[] inside95 = new long[m];
    long[] covered = new long[m];

    ScaleTracker scale = new ScaleTracker(series, calendar);
    int origin = calendar.dayStartAtOrAfter(minTrainDays * calendar.stepsPerDay());
    int origins = 0;
    while (origin < n) {
      int end = origin;
      for (int d = 0; d < horizonDays && end < n; d++) {
        end = calendar.nextDayStart(end);
      }
      if (end > n || (end == n && !completeLastDay(calendar, n))) {
        break;
      }
      int steps = end - origin;
      double[] actual = new double[steps];
      boolean anyKnown = false;
      for (int k = 0; k < steps; k++) {
        actual[k] = series.value(origin + k);
        anyKnown |= !Double.isNaN(actual[k]);
      }
      if (anyKnown) {
        origins++;
        History history = full.at(origin);
        double mase = scale.upTo(origin);
        for (int j = 0; j < m; j++) {
          double[] f = forecasters.get(j).forecast(history, steps);
          metrics.get(j).addDay(actual, f, mase);
          if (j > 0) {
            continue;
          }
          ResidualIntervals ri = intervals.get(j);
          if (ri.recordedDays() >= INTERVAL_MIN_DAYS) {
            DayAheadForecast b = ri.bounds(calendar, origin, f);
            for (int k = 0; k < steps; k++) {
              if (!Double.isNaN(actual[k])) {
                covered[j]++;
                inside80[j] += within(actual[k], b.lower80()[k], b.upper80()[k]);
                inside95[j] += within(actual[k], b.lower95()[k], b.upper95()[k]);
              }
            }
          }
          ri.record(calendar, origin, f, actual);
        }
      }
      origin = calendar.nextDayStart(origin);
    }
    List<ModelScore> scores = new ArrayList<>();
    for (int j = 0; j < m; j++) {
      double c80 = covered[j] == 0 ? Double.NaN : (double) inside80[j] / covered[j];
      double c95 = covered[j] == 0 ? Double.NaN : (double) inside95[j] / covered[j];
      scores.add(new ModelScore(models.get(j).name(), metrics.get(j), c80, c95));
    }
    return new Result(List.copyOf(scores), metrics.isEmpty() ? origins : metrics.get(0).days(), origins);
  }

  /** Whether the interval just before {@code n} closes its local day (the grid ends at midnight). */
  private static boolean completeLastDay(SlotCalendar calendar, int n) {
    if (calendar.size() > n) {
      return calendar.startsDay(n);
    }
    return calendar.slot(n - 1) == calendar.stepsPerDay() - 1;
  }

  private static int within(double a, double lo, double hi) {
    return a >= lo && a <= hi ? 1 : 0;
  }

  /** The in-sample seasonal-naive MAE, maintained as the origin moves forward. */
  private static final class ScaleTracker {
    private final LoadSeries series;
    private final SlotCalendar calendar;
    private int next;
    private double sum;
    private long count;

    ScaleTracker(LoadSeries series, SlotCalendar calendar) {
      this.series = series;
      this.calendar = calendar;
    }

    double upTo(int origin) {
      for (; next < origin; next++) {
        int back = calendar.sameSlotDaysBefore(next, 7);
        if (back >= 0 && !series.isMissing(next) && !series.isMissing(back)) {
          sum += Math.abs(series.value(next) - series.value(back));
          count++;
        }
      }
      return count == 0 ? Double.NaN : sum / count;
    }
  }
}
