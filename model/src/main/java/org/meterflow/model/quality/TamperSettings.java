package org.meterflow.model.quality;

import java.time.Duration;
import java.util.Objects;

/**
 * Tamper thresholds.
 *
 * @param registerToleranceKwh   a register change within this is no change (0.0: any decrease of the
 *                               import register is a rollback, any increase of export an advance)
 * @param stuckMinCurrentA       current above which energy must advance (0.5 A)
 * @param stuckLongerThan        current above the threshold with no import advance for longer than
 *                               this is tamper (6 h)
 * @param certFailureThreshold   this many rejected certificates/spoofing attempts for one serial ... (5)
 * @param certFailureWindow      ... within this sliding window raise tamper; cleared after a whole
 *                               window without failures (10 min)
 */
public record TamperSettings(
    double registerToleranceKwh,
    double stuckMinCurrentA,
    Duration stuckLongerThan,
    int certFailureThreshold,
    Duration certFailureWindow) {

  public TamperSettings {
    Objects.requireNonNull(stuckLongerThan, "stuckLongerThan");
    Objects.requireNonNull(certFailureWindow, "certFailureWindow");
    if (registerToleranceKwh < 0 || stuckMinCurrentA < 0 || certFailureThreshold < 1
        || stuckLongerThan.isNegative() || certFailureWindow.isNegative() || certFailureWindow.isZero()) {
      throw new IllegalArgumentException("inconsistent tamper thresholds");
    }
  }

  public static TamperSettings defaults() {
    return new TamperSettings(0.0, 0.5, Duration.ofHours(6), 5, Duration.ofMinutes(10));
  }
}
