package org.meterflow.model.billing.consumption;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of {@link ConsumptionCalculator}.
 *
 * @param boundaryTolerance a boundary is a true reading only if there is a reading at most this
 *     far before it and at most this far after it (or one exactly on it)
 * @param maxInternalGap consecutive readings farther apart than this are a data gap
 * @param gapPolicy how a gap's consumption is treated
 * @param missingTail what to do when the readings stop before the period ends
 * @param fallbackDailyKwh daily consumption to assume when the series is empty or has no usable
 *     interval (e.g. the category's or the meter's previous average); {@code null} = none
 */
public record ConsumptionSettings(
    Duration boundaryTolerance,
    Duration maxInternalGap,
    GapPolicy gapPolicy,
    TailPolicy missingTail,
    Double fallbackDailyKwh) {

  /** How the consumption inside a data gap is obtained. */
  public enum GapPolicy {
    /**
     * The series is a genuine cumulative register: the difference across a gap is exact, so a gap
     * wholly inside the period changes nothing (it is listed as evidence); a boundary inside a gap
     * is interpolated across it and flagged estimated.
     */
    TRUST_REGISTER,
    /**
     * The register was rebuilt from interval deltas, so a gap lost its consumption: each gap is
     * filled at the average rate of the available data and the result is flagged estimated.
     */
    FILL_AVERAGE_RATE
  }

  /** How the register is carried past the last reading. */
  public enum TailPolicy {
    /** Extrapolate at the average daily consumption of the available data. */
    EXTRAPOLATE_AVERAGE_DAILY,
    /** Carry the last known register (the missing days add nothing). */
    CARRY_LAST_REGISTER
  }

  public ConsumptionSettings {
    Objects.requireNonNull(boundaryTolerance, "boundaryTolerance");
    Objects.requireNonNull(maxInternalGap, "maxInternalGap");
    Objects.requireNonNull(gapPolicy, "gapPolicy");
    Objects.requireNonNull(missingTail, "missingTail");
    if (boundaryTolerance.isNegative() || maxInternalGap.isNegative() || maxInternalGap.isZero()) {
      throw new IllegalArgumentException("tolerance and gap must be positive");
    }
    if (fallbackDailyKwh != null && (!Double.isFinite(fallbackDailyKwh) || fallbackDailyKwh < 0)) {
      throw new IllegalArgumentException("fallbackDailyKwh must be >= 0: " + fallbackDailyKwh);
    }
  }

  /**
   * Defaults for meters reporting every 15–30 minutes: boundary tolerance 1 h, gap above 2 h,
   * genuine register, extrapolation at the average daily consumption, no fallback.
   */
  public static ConsumptionSettings defaults() {
    return new ConsumptionSettings(
        Duration.ofHours(1), Duration.ofHours(2), GapPolicy.TRUST_REGISTER,
        TailPolicy.EXTRAPOLATE_AVERAGE_DAILY, null);
  }

  public ConsumptionSettings withGapPolicy(GapPolicy policy) {
    return new ConsumptionSettings(boundaryTolerance, maxInternalGap, policy, missingTail, fallbackDailyKwh);
  }

  public ConsumptionSettings withMissingTail(TailPolicy policy) {
    return new ConsumptionSettings(boundaryTolerance, maxInternalGap, gapPolicy, policy, fallbackDailyKwh);
  }

  public ConsumptionSettings withFallbackDailyKwh(Double kwhPerDay) {
    return new ConsumptionSettings(boundaryTolerance, maxInternalGap, gapPolicy, missingTail, kwhPerDay);
  }
}
