package org.meterflow.actors.billing;

import com.typesafe.config.Config;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * The {@code meterflow.billing} block, typed.
 *
 * @param zone the utility's zone (periods are local dates; runs at {@code runTime} local)
 * @param lookback how far before a boundary the last reading may lie
 * @param lookahead how far after a boundary the first reading may lie
 * @param boundaryTolerance readings this close on both sides make a boundary a true (interpolated) reading
 * @param fallbackDailyKwh kWh/day assumed for a meter with no reading at all; negative = none (bill flagged NO_DATA)
 * @param batchSize meters computed and written per transaction
 * @param parallelism batches in flight at once
 * @param maxCatchUp at most this many missed periods per cycle day are billed after downtime
 * @param queryTimeout for each bulk register query of the time-series store
 * @param todMaxInterval for time-of-day tariffs: intervals between two readings longer than this
 *     are not placed in a window (the split comes from the shorter ones)
 */
public record BillingSettings(
    ZoneId zone,
    LocalTime runTime,
    boolean schedulerEnabled,
    int dueDays,
    Duration lookback,
    Duration lookahead,
    Duration boundaryTolerance,
    double fallbackDailyKwh,
    int batchSize,
    int parallelism,
    int maxCatchUp,
    Duration askTimeout,
    Duration queryTimeout,
    Duration todMaxInterval) {

  public static BillingSettings fromConfig(ZoneId zone, Config c) {
    return new BillingSettings(zone, LocalTime.parse(c.getString("run-time")), c.getBoolean("scheduler.enabled"),
        c.getInt("due-days"), c.getDuration("lookback"), c.getDuration("lookahead"), c.getDuration("boundary-tolerance"),
        c.getDouble("fallback-daily-kwh"), c.getInt("batch-size"), c.getInt("parallelism"), c.getInt("max-catch-up"),
        c.getDuration("ask-timeout"), c.getDuration("query-timeout"), c.getDuration("tod-max-interval"));
  }
}
