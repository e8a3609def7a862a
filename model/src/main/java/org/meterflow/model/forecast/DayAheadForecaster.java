package org.meterflow.model.forecast;

import java.time.ZoneId;
import java.util.Objects;

/**
 * The production entry point: given a region's or feeder's load history, the forecast of the next
 * local day with 80 % and 95 % prediction intervals. The intervals come from the model's own
 * day-ahead errors over the last {@code calibrationDays} days of the history (a short rolling-origin
 * run, see {@link ResidualIntervals}).
 */
public final class DayAheadForecaster {

  private final ForecastModel model;
  private final ZoneId zone;
  private final HolidayCalendar holidays;
  private final int calibrationDays;

  public DayAheadForecaster(ForecastModel model, ZoneId zone, HolidayCalendar holidays, int calibrationDays) {
    this.model = Objects.requireNonNull(model, "model");
    this.zone = Objects.requireNonNull(zone, "zone");
    this.holidays = Objects.requireNonNull(holidays, "holidays");
    if (calibrationDays < 1) {
      throw new IllegalArgumentException("calibrationDays must be >= 1");
    }
    this.calibrationDays = calibrationDays;
  }

  /** Double-seasonal Holt–Winters with its defaults, intervals calibrated on the last 56 days. */
  public static DayAheadForecaster standard(ZoneId zone, HolidayCalendar holidays) {
    return new DayAheadForecaster(new DoubleSeasonalHoltWinters(), zone, holidays,
        RollingOriginBacktest.INTERVAL_MEMORY_DAYS);
  }

  /**
   * Forecasts from the end of {@code history} to the end of the next full local day (so a history
   * ending at midnight yields exactly one day; one ending mid-day also covers the rest of today).
   *
   * @throws IllegalArgumentException if the history holds no observation
   */
  public DayAheadForecast forecast(LoadSeries history) {
    if (history.size() == history.missingCount()) {
      throw new IllegalArgumentException("no observation in the history");
    }
    int n = history.size();
    SlotCalendar calendar = SlotCalendar.of(history, 3 * history.stepsPerDay(), zone, holidays);
    return forecast(history, calendar.nextDayStart(calendar.dayStartAtOrAfter(n)) - n);
  }

  /**
   * Forecasts {@code steps} intervals from the end of {@code history} (the service asks for as many
   * as reach the end of the utility's "tomorrow", which just after local midnight is two days away).
   *
   * @throws IllegalArgumentException if the history holds no observation or {@code steps < 1}
   */
  public DayAheadForecast forecast(LoadSeries history, int steps) {
    if (history.size() == history.missingCount()) {
      throw new IllegalArgumentException("no observation in the history");
    }
    if (steps < 1) {
      throw new IllegalArgumentException("steps must be >= 1");
    }
    int n = history.size();
    int spd = history.stepsPerDay();
    SlotCalendar calendar = SlotCalendar.of(history, steps + spd, zone, holidays);

    ResidualIntervals intervals = new ResidualIntervals(spd, calibrationDays, 1);
    ForecastModel.Forecaster forecaster = model.newForecaster();
    History full = History.of(history, calendar);
    int origin = calendar.dayStartAtOrAfter(Math.max(spd * 14, n - (calibrationDays + 1) * spd));
    while (origin < n) {
      int dayEnd = calendar.nextDayStart(origin);
      if (dayEnd > n) {
        break;
      }
      double[] f = forecaster.forecast(full.at(origin), dayEnd - origin);
      double[] actual = new double[f.length];
      for (int k = 0; k < f.length; k++) {
        actual[k] = history.value(origin + k);
      }
      intervals.record(calendar, origin, f, actual);
      origin = dayEnd;
    }
    double[] point = forecaster.forecast(full, steps);
    return intervals.bounds(calendar, n, point);
  }
}
