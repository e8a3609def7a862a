package org.meterflow.model.quality;

import java.time.Duration;
import java.util.Objects;

/**
 * Outage thresholds.
 *
 * @param expectedInterval  how often a meter reports (15 min)
 * @param missedIntervals   silent for MORE than this many expected intervals = suspected out (3)
 * @param areaMinMeters     an area outage needs at least this many silent meters (2; 1 = share only)
 * @param areaMinShare      ... and at least this share of the area's meters (0.5; 0 = count only)
 * @param areaWindow        the silent meters' last-seen times must lie within this window of
 *                          each other to count as going silent together (20 min)
 */
public record OutageSettings(
    Duration expectedInterval,
    int missedIntervals,
    int areaMinMeters,
    double areaMinShare,
    Duration areaWindow) {

  public OutageSettings {
    Objects.requireNonNull(expectedInterval, "expectedInterval");
    Objects.requireNonNull(areaWindow, "areaWindow");
    if (expectedInterval.isNegative() || expectedInterval.isZero() || missedIntervals < 1
        || areaMinMeters < 1 || areaMinShare < 0 || areaMinShare > 1 || areaWindow.isNegative()) {
      throw new IllegalArgumentException("inconsistent outage thresholds");
    }
  }

  public static OutageSettings defaults() {
    return new OutageSettings(Duration.ofMinutes(15), 3, 2, 0.5, Duration.ofMinutes(20));
  }

  /** Silence longer than this makes a meter suspected out. */
  public Duration silenceLimit() {
    return expectedInterval.multipliedBy(missedIntervals);
  }
}
