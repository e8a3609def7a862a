package org.meterflow.simulator.fault;

import java.time.Duration;

/**
 * What the faults active at one meter at one instant do to its reading. {@link #NONE} when no
 * fault applies (the common case, no allocation).
 *
 * @param voltageFactor  supply voltage as a share of nominal forced by a sag, swell or
 *                       interruption (NaN = the grid's own voltage)
 * @param frequencyShiftHz added to the grid frequency (frequency drift)
 * @param reverseFlow    the meter registers its consumption as export (reversed CT / tamper)
 * @param rollbackKwh    reported import register lowered by this much (register rollback)
 * @param clockSkew      added to the reading's timestamp
 * @param silent         no reading at all (silent meter, DT, feeder)
 * @param duplicate      the reading is sent twice
 * @param malformed      a malformed message is sent as well
 */
public record FaultEffects(double voltageFactor, double frequencyShiftHz, boolean reverseFlow, double rollbackKwh,
    Duration clockSkew, boolean silent, boolean duplicate, boolean malformed) {

  public static final FaultEffects NONE =
      new FaultEffects(Double.NaN, 0, false, 0, Duration.ZERO, false, false, false);

  public boolean forcesVoltage() {
    return !Double.isNaN(voltageFactor);
  }

  public boolean interrupted() {
    return forcesVoltage() && voltageFactor < 0.1;
  }

  /** True when the platform is expected to reject or discard the reading itself. */
  public boolean expectedRejected() {
    return rollbackKwh > 0;
  }

  public boolean skewed() {
    return !clockSkew.isZero();
  }
}
