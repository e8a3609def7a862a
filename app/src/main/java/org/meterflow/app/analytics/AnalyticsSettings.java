package org.meterflow.app.analytics;

import com.typesafe.config.Config;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.meterflow.model.capacity.CapacityOutlook;
import org.meterflow.model.forecast.HolidayCalendar;
import org.meterflow.model.forecast.LoadSeries;
import org.meterflow.model.utilisation.UtilisationThresholds;

/**
 * {@code meterflow.utilisation} and {@code meterflow.forecast}.
 *
 * @param zone               the utility's zone ({@code meterflow.zone}): matrix hours, forecast days, run time
 * @param utilisationStep    the interval whose mean load is one sample of the matrix
 * @param thresholds         matrix flags (80 % / 100 %)
 * @param scheduled          whether the daily run is scheduled
 * @param runAt              local time of the daily run
 * @param forecastStep       resolution of the forecast (the data's, e.g. 15 min)
 * @param history            load history each forecast uses
 * @param capacityShare      capacity alert when the forecast peak exceeds this share of the rating
 * @param capacityBound      which forecast series is compared: point, upper80 or upper95
 * @param holidays           local dates forecast as Sundays
 * @param queryTimeout       how long a request waits for one load query
 */
public record AnalyticsSettings(ZoneId zone, Duration utilisationStep, UtilisationThresholds thresholds,
    boolean scheduled, LocalTime runAt, Duration forecastStep, Duration history, double capacityShare,
    CapacityOutlook.Bound capacityBound, HolidayCalendar holidays, Duration queryTimeout) {

  public AnalyticsSettings {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(capacityBound, "capacityBound");
    LoadSeries.of(java.time.Instant.EPOCH, forecastStep, new double[0]); // step must divide a day
    if (!(capacityShare > 0)) {
      throw new IllegalArgumentException("meterflow.forecast.capacity-share must be > 0");
    }
    if (history.compareTo(Duration.ofDays(2)) < 0) {
      throw new IllegalArgumentException("meterflow.forecast.history must be at least 2 days");
    }
  }

  public static AnalyticsSettings fromConfig(Config meterflow) {
    Config u = meterflow.getConfig("utilisation");
    Config f = meterflow.getConfig("forecast");
    return new AnalyticsSettings(ZoneId.of(meterflow.getString("zone")), u.getDuration("step"),
        new UtilisationThresholds(u.getDouble("high-share"), u.getDouble("overload-share")),
        f.getBoolean("scheduled"), LocalTime.parse(f.getString("run-at")), f.getDuration("step"),
        f.getDuration("history"), f.getDouble("capacity-share"),
        CapacityOutlook.Bound.valueOf(f.getString("capacity-bound").toUpperCase(java.util.Locale.ROOT)),
        holidays(f.getString("holidays")),
        meterflow.getDuration("questdb.query-timeout"));
  }

  /** Comma-separated ISO dates, e.g. {@code 2026-01-26,2026-08-15}. */
  static HolidayCalendar holidays(String list) {
    List<LocalDate> dates = new ArrayList<>();
    for (String s : list.split(",")) {
      if (s.isBlank()) {
        continue;
      }
      try {
        dates.add(LocalDate.parse(s.strip()));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("meterflow.forecast.holidays: '" + s.strip() + "' is not a date like 2026-01-26");
      }
    }
    return HolidayCalendar.of(dates);
  }
}
