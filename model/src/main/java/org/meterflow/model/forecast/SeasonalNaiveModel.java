package org.meterflow.model.forecast;

/**
 * The yardsticks: the value at the same local wall-clock slot {@code lagDays} days earlier
 * ({@link #weekly()}: same slot last week; {@link #daily()}: same slot yesterday), read from the
 * gap-filled history. Horizons beyond the lag repeat the last known season.
 */
public final class SeasonalNaiveModel implements ForecastModel {

  private final int lagDays;
  private final String name;

  private SeasonalNaiveModel(int lagDays, String name) {
    this.lagDays = lagDays;
    this.name = name;
  }

  /** Same slot last week. */
  public static SeasonalNaiveModel weekly() {
    return new SeasonalNaiveModel(7, "seasonalNaive");
  }

  /** Same slot yesterday. */
  public static SeasonalNaiveModel daily() {
    return new SeasonalNaiveModel(1, "naiveDay");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Forecaster newForecaster() {
    return (history, steps) -> {
      SlotCalendar calendar = history.calendar();
      int origin = history.origin();
      double[] out = new double[steps];
      for (int k = 0; k < steps; k++) {
        int j = origin + k;
        while (j >= origin) {
          int back = calendar.sameSlotDaysBefore(j, lagDays);
          j = back < 0 ? -1 : back;
          if (j < 0) {
            break;
          }
        }
        out[k] = j < 0 ? firstFilled(history) : history.filled(j);
      }
      return out;
    };
  }

  private static double firstFilled(History history) {
    return history.origin() == 0 ? Double.NaN : history.filled(0);
  }
}
