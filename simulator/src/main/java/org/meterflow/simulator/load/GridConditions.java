package org.meterflow.simulator.load;

import java.time.Instant;

/**
 * Voltage and frequency as the grid delivers them: system frequency around 50 Hz (the same for
 * every meter at an instant), feeder voltage with slow correlated noise (every meter on a feeder
 * sees the same offset), a DT-level drop growing with the transformer's loading, and per-meter
 * measurement noise added by the meter itself.
 *
 * @param seed                  the grid's seed
 * @param nominalFrequency      e.g. 50 Hz
 * @param frequencySigmaHz      system frequency standard deviation (0.03 Hz)
 * @param feederSigmaPu         feeder voltage standard deviation, per unit (0.015)
 * @param fullLoadDropPu        DT voltage drop at rated load, per unit (0.04)
 */
public record GridConditions(long seed, double nominalFrequency, double frequencySigmaHz, double feederSigmaPu,
    double fullLoadDropPu) {

  public static GridConditions defaults(long seed) {
    return new GridConditions(seed, 50.0, 0.03, 0.015, 0.04);
  }

  /** System frequency at {@code at}, Hz. */
  public double frequency(Instant at) {
    return nominalFrequency + frequencySigmaHz * Noise.smooth(seed, at.toEpochMilli(), 120_000);
  }

  /** A feeder's voltage factor at {@code at} (1.0 = nominal), before the DT drop. */
  public double feederFactor(long feederSeed, Instant at) {
    return 1.0 + 0.01 + feederSigmaPu * Noise.smooth(seed ^ feederSeed, at.toEpochMilli(), 300_000);
  }

  /** The DT's voltage factor for a loading (load / rated kVA, typically 0.2–1.1). */
  public double dtFactor(double loading) {
    return 1.0 - fullLoadDropPu * Math.max(0, loading);
  }
}
