package org.meterflow.simulator.load;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.meterflow.model.reading.Reading;

/**
 * One simulated meter: integrates its household's demand into a cumulative import register and
 * reports voltage around 230 V and frequency around 50 Hz with noise. Not thread-safe: one
 * publisher drives it.
 */
public final class SimulatedMeter {

  private final String serial;
  private final HouseholdLoad load;
  private final double nominalVoltage;
  private long seq;
  private double importKwh;
  private Instant last;

  public SimulatedMeter(String serial, long seed, ZoneId zone, double nominalVoltage, double startKwh) {
    this.serial = serial;
    this.load = new HouseholdLoad(seed, zone);
    this.nominalVoltage = nominalVoltage;
    this.importKwh = startKwh;
  }

  public String serial() {
    return serial;
  }

  /** The reading the meter takes at {@code at} (later than the previous one). */
  public Reading readAt(Instant at) {
    double kw = load.sampleKw(at);
    if (last != null) {
      double hours = Math.max(0, Duration.between(last, at).toMillis()) / 3_600_000.0;
      importKwh += kw * hours;
    }
    last = at;
    double voltage = nominalVoltage * (1.0 + load.noise(0.012));
    double current = kw * 1000.0 / voltage;
    double frequency = 50.0 + load.noise(0.02);
    double powerFactor = Math.min(1.0, 0.93 + Math.abs(load.noise(0.03)));
    return new Reading(serial, ++seq, at, round(importKwh, 3), 0.0, round(voltage, 1), round(current, 2),
        round(frequency, 3), round(powerFactor, 2));
  }

  private static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }
}
