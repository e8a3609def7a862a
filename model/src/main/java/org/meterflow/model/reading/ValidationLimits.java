package org.meterflow.model.reading;

import java.time.Duration;
import java.util.Objects;

/**
 * The physical and temporal bounds a reading must respect. Defaults suit a single-phase
 * low-voltage service (230 V, 50 Hz, up to 100 A).
 *
 * @param maxVoltage        highest plausible RMS voltage, V (above: out of range)
 * @param maxCurrent        the service's rated maximum current, A (above: out of range; also
 *                          bounds the energy a meter can plausibly register per hour)
 * @param minFrequency      lowest plausible frequency while the supply is on, Hz
 * @param maxFrequency      highest plausible frequency, Hz
 * @param liveVoltage       below this voltage the supply counts as off and frequency may read 0
 * @param maxRegisterKwh    highest plausible cumulative register, kWh
 * @param maxClockAhead     how far a reading's timestamp may lie ahead of the platform clock
 * @param maxAge            how old a reading may be on arrival (the live-ingest window)
 * @param jumpSlackKwh      absolute slack added to the energy bound (register resolution, rounding)
 */
public record ValidationLimits(
    double maxVoltage,
    double maxCurrent,
    double minFrequency,
    double maxFrequency,
    double liveVoltage,
    double maxRegisterKwh,
    Duration maxClockAhead,
    Duration maxAge,
    double jumpSlackKwh) {

  public ValidationLimits {
    Objects.requireNonNull(maxClockAhead, "maxClockAhead");
    Objects.requireNonNull(maxAge, "maxAge");
    if (maxVoltage <= 0 || maxCurrent <= 0 || minFrequency <= 0 || maxFrequency <= minFrequency) {
      throw new IllegalArgumentException("implausible validation limits");
    }
  }

  public static ValidationLimits defaults() {
    return new ValidationLimits(
        500.0, 100.0, 40.0, 70.0, 23.0, 1.0e9, Duration.ofMinutes(5), Duration.ofDays(7), 0.01);
  }
}
