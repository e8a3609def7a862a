package org.meterflow.model.quality;

import java.time.Duration;
import java.util.Objects;

/**
 * EN 50160 weekly compliance thresholds. Both bands are inclusive (a 10-min mean of exactly
 * 0.9 pu or 1.1 pu, or 49.5/50.5 Hz, is within).
 *
 * @param interval               averaging interval (10 min)
 * @param voltageTolerance       10-min mean voltage within {@code ±this} pu of nominal (0.10)
 * @param voltageRequiredShare   share of measured intervals that must be within (0.95)
 * @param frequencyTolerance     10-min mean frequency within {@code ±this} of nominal (0.01)
 * @param frequencyRequiredShare share of measured intervals that must be within (0.995, the
 *                               EN 50160 share for ±1 %)
 */
public record En50160Settings(
    Duration interval,
    double voltageTolerance,
    double voltageRequiredShare,
    double frequencyTolerance,
    double frequencyRequiredShare) {

  public En50160Settings {
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero() || Duration.ofDays(7).toMillis() % interval.toMillis() != 0
        || voltageTolerance <= 0 || frequencyTolerance <= 0
        || voltageRequiredShare < 0 || voltageRequiredShare > 1
        || frequencyRequiredShare < 0 || frequencyRequiredShare > 1) {
      throw new IllegalArgumentException("inconsistent EN 50160 settings");
    }
  }

  public static En50160Settings defaults() {
    return new En50160Settings(Duration.ofMinutes(10), 0.10, 0.95, 0.01, 0.995);
  }
}
