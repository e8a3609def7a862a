package org.meterflow.simulator.replay;

import java.time.Duration;
import java.time.Instant;
import org.meterflow.model.reading.Reading;
import org.meterflow.simulator.fault.FaultEffects;
import org.meterflow.simulator.load.GridConditions;
import org.meterflow.simulator.load.MeterModel;
import org.meterflow.simulator.load.Noise;
import org.meterflow.simulator.topology.Nodes;

/**
 * A real household replayed as a meter: its recorded interval energy becomes a cumulative import
 * register (sum of kW × step, missing steps adding nothing), its recorded voltage and current are
 * reported where the source has them (UCI), otherwise the grid's. Simulated time maps onto the
 * record by whole weeks, keeping weekday and time of day, and wraps around when the run is longer
 * than the record. Where the record is missing, the meter is silent. Voltage, frequency, rollback,
 * clock-skew, silence, duplicate and malformed faults apply; reverse flow does not.
 */
public final class ReplayMeter implements MeterModel {

  private static final long DAY = Duration.ofDays(1).toMillis();

  private final Nodes.Meter node;
  private final Profile profile;
  private final GridConditions grid;
  private final double[] cumulativeKwh;
  private final long stepMillis;
  private final long cycleMillis;
  private final double startKwh;
  private Double baseline;
  private long seq;

  public ReplayMeter(Nodes.Meter node, Profile profile, GridConditions grid, double startKwh) {
    this.node = node;
    this.profile = profile;
    this.grid = grid;
    this.stepMillis = profile.step().toMillis();
    long length = profile.length().toMillis();
    long week = 7 * DAY;
    this.cycleMillis = length >= week ? length / week * week : length >= DAY ? length / DAY * DAY : length;
    int steps = (int) (cycleMillis / stepMillis);
    this.cumulativeKwh = new double[steps + 1];
    double hours = stepMillis / 3_600_000.0;
    for (int i = 0; i < steps; i++) {
      double kw = profile.kw()[i];
      cumulativeKwh[i + 1] = cumulativeKwh[i] + (Double.isNaN(kw) ? 0 : Math.max(0, kw) * hours);
    }
    this.startKwh = startKwh;
  }

  public Profile profile() {
    return profile;
  }

  @Override
  public Nodes.Meter node() {
    return node;
  }

  /** Energy recorded from the record's start to the instant {@code at} maps to, counting wraps. */
  double energyUpTo(Instant at) {
    long rel = at.toEpochMilli() - profile.start().toEpochMilli();
    long wraps = Math.floorDiv(rel, cycleMillis);
    long within = Math.floorMod(rel, cycleMillis);
    int i = (int) (within / stepMillis);
    double frac = (within - i * stepMillis) / (double) stepMillis;
    double kw = profile.kw()[i];
    double partial = Double.isNaN(kw) ? 0 : Math.max(0, kw) * frac * stepMillis / 3_600_000.0;
    return wraps * cumulativeKwh[cumulativeKwh.length - 1] + cumulativeKwh[i] + partial;
  }

  private int indexAt(Instant at) {
    long within = Math.floorMod(at.toEpochMilli() - profile.start().toEpochMilli(), cycleMillis);
    return (int) (within / stepMillis);
  }

  @Override
  public Reading readAt(Instant at, FaultEffects faults) {
    // the reading at `at` closes the step before it
    int i = indexAt(at.minusMillis(1));
    double kw = profile.kw()[i];
    if (Double.isNaN(kw)) {
      return null;
    }
    double energy = energyUpTo(at);
    if (baseline == null) {
      baseline = energy;
    }
    double importKwh = startKwh + energy - baseline;
    long noiseIndex = at.toEpochMilli() / 1000;
    double recordedVolts = profile.volts()[i];
    double voltage = Double.isNaN(recordedVolts)
        ? 230.0 * grid.feederFactor(node.dt().feeder().seed(), at) * (1 + 0.004 * Noise.gaussian(node.index(), noiseIndex))
        : recordedVolts;
    if (faults.interrupted()) {
      voltage = 0;
    } else if (faults.forcesVoltage()) {
      voltage = 230.0 * faults.voltageFactor();
    }
    double recordedAmps = profile.amps()[i];
    double current = voltage <= 0 ? 0 : !Double.isNaN(recordedAmps) && !faults.forcesVoltage() ? recordedAmps
        : kw * 1000 / (voltage * 0.95);
    double frequency = faults.interrupted() ? 0
        : grid.frequency(at) + 0.003 * Noise.gaussian(node.index() + 7, noiseIndex) + faults.frequencyShiftHz();
    double reported = faults.rollbackKwh() > 0 ? Math.max(0, importKwh - faults.rollbackKwh()) : importKwh;
    double exportKwh = 0; // a replayed household is not net-metered; reverse flow is not replayed
    Instant ts = faults.skewed() ? at.plus(faults.clockSkew()) : at;
    return new Reading(node.serial(), ++seq, ts, MeterModel.round(reported, 3), MeterModel.round(exportKwh, 3),
        MeterModel.round(voltage, 1), MeterModel.round(Math.min(current, 99), 2), MeterModel.round(frequency, 3), 0.95);
  }
}
