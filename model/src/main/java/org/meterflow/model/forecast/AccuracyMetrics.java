package org.meterflow.model.forecast;

/**
 * Point-forecast accuracy over many forecast days, accumulated day by day.
 *
 * <ul>
 *   <li>MAPE (%) = mean of 100·|a−f|/|a| over points whose actual is known and non-zero (a zero
 *       actual has no percentage error; such points still count for sMAPE and MASE).
 *   <li>sMAPE (%) = mean of 200·|a−f|/(|a|+|f|) over points whose actual is known (a point with
 *       a = f = 0 scores 0).
 *   <li>MASE = mean over forecast days of (that day's MAE ÷ the in-sample MAE of the weekly
 *       seasonal-naive forecast on the history before that day's origin); days without a usable
 *       scale (no week of history, or a flat history) are left out of MASE only.
 * </ul>
 * Missing actuals (NaN) are skipped everywhere.
 */
public final class AccuracyMetrics {

  private double apeSum;
  private long apeCount;
  private double sapeSum;
  private long sapeCount;
  private double scaledSum;
  private int scaledDays;
  private int days;

  /** Adds one forecast day; {@code scale} is the in-sample seasonal-naive MAE (NaN if unknown). */
  public void addDay(double[] actual, double[] forecast, double scale) {
    if (actual.length != forecast.length) {
      throw new IllegalArgumentException("actual and forecast differ in length");
    }
    double absSum = 0;
    int n = 0;
    for (int i = 0; i < actual.length; i++) {
      double a = actual[i];
      double f = forecast[i];
      if (Double.isNaN(a)) {
        continue;
      }
      if (Double.isNaN(f)) {
        throw new IllegalArgumentException("forecast is NaN where the actual is known");
      }
      double err = Math.abs(a - f);
      absSum += err;
      n++;
      if (a != 0) {
        apeSum += 100.0 * err / Math.abs(a);
        apeCount++;
      }
      double denominator = Math.abs(a) + Math.abs(f);
      sapeSum += denominator == 0 ? 0 : 200.0 * err / denominator;
      sapeCount++;
    }
    if (n == 0) {
      return;
    }
    days++;
    if (scale > 0 && !Double.isInfinite(scale)) {
      scaledSum += absSum / n / scale;
      scaledDays++;
    }
  }

  /** MAPE in percent; NaN when no point had a non-zero actual. */
  public double mape() {
    return apeCount == 0 ? Double.NaN : apeSum / apeCount;
  }

  /** sMAPE in percent; NaN when no point was scored. */
  public double smape() {
    return sapeCount == 0 ? Double.NaN : sapeSum / sapeCount;
  }

  /** MASE; NaN when no day had a scale. */
  public double mase() {
    return scaledDays == 0 ? Double.NaN : scaledSum / scaledDays;
  }

  /** Days with at least one scored point. */
  public int days() {
    return days;
  }

  /** Points scored (known actuals). */
  public long points() {
    return sapeCount;
  }

  /** MAPE of one forecast (percent), same rules as the accumulator. */
  public static double mape(double[] actual, double[] forecast) {
    AccuracyMetrics m = new AccuracyMetrics();
    m.addDay(actual, forecast, Double.NaN);
    return m.mape();
  }

  /** sMAPE of one forecast (percent), same rules as the accumulator. */
  public static double smape(double[] actual, double[] forecast) {
    AccuracyMetrics m = new AccuracyMetrics();
    m.addDay(actual, forecast, Double.NaN);
    return m.smape();
  }

  /** MASE of one forecast against a given in-sample scale. */
  public static double mase(double[] actual, double[] forecast, double scale) {
    AccuracyMetrics m = new AccuracyMetrics();
    m.addDay(actual, forecast, scale);
    return m.mase();
  }

  /**
   * The in-sample MAE of the weekly seasonal-naive forecast over {@code history}: mean of
   * |y(t) − y(same slot a week earlier)| over pairs where both are observed. NaN without a pair.
   */
  public static double seasonalNaiveScale(History history) {
    SlotCalendar calendar = history.calendar();
    double sum = 0;
    long n = 0;
    for (int t = 0; t < history.origin(); t++) {
      int back = calendar.sameSlotDaysBefore(t, 7);
      if (back < 0 || history.isMissing(t) || history.isMissing(back)) {
        continue;
      }
      sum += Math.abs(history.observed(t) - history.observed(back));
      n++;
    }
    return n == 0 ? Double.NaN : sum / n;
  }
}
