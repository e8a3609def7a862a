package org.meterflow.model.quality;

import java.time.Instant;

/**
 * One meter's EN 50160 week, ready for a report. Shares are over the measured 10-min intervals
 * (those with at least one reading); {@code coverage} says how many of the week's intervals that is.
 * A week with no measured interval is not compliant (shares NaN).
 *
 * @param serial             the meter
 * @param weekStart          inclusive start of the week (UTC)
 * @param weekEnd            exclusive end
 * @param intervals          intervals in the week (1008 at 10 min)
 * @param measuredIntervals  intervals with data
 * @param voltageWithin      measured intervals whose mean voltage is within ±tolerance (inclusive)
 * @param voltageShare       voltageWithin / measuredIntervals
 * @param voltageCompliant   voltageShare ≥ required share (95 %)
 * @param frequencyWithin    measured intervals whose mean frequency is within ±tolerance (inclusive)
 * @param frequencyShare     frequencyWithin / measuredIntervals
 * @param frequencyCompliant frequencyShare ≥ required share (99.5 %)
 * @param minMeanVoltage     lowest 10-min mean voltage, V (NaN if none)
 * @param maxMeanVoltage     highest 10-min mean voltage, V
 * @param minMeanFrequency   lowest 10-min mean frequency, Hz
 * @param maxMeanFrequency   highest 10-min mean frequency, Hz
 */
public record En50160Result(
    String serial,
    Instant weekStart,
    Instant weekEnd,
    int intervals,
    int measuredIntervals,
    int voltageWithin,
    double voltageShare,
    boolean voltageCompliant,
    int frequencyWithin,
    double frequencyShare,
    boolean frequencyCompliant,
    double minMeanVoltage,
    double maxMeanVoltage,
    double minMeanFrequency,
    double maxMeanFrequency) {

  /** Compliant on both voltage and frequency. */
  public boolean compliant() {
    return voltageCompliant && frequencyCompliant;
  }

  public double coverage() {
    return intervals == 0 ? 0 : (double) measuredIntervals / intervals;
  }
}
