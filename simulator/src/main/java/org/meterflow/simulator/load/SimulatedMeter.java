package org.meterflow.simulator.load;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.SplittableRandom;
import org.meterflow.model.reading.Reading;
import org.meterflow.simulator.fault.FaultEffects;
import org.meterflow.simulator.topology.ConsumerKind;
import org.meterflow.simulator.topology.Nodes;

/**
 * One synthetic meter: integrates its consumer's demand (household or commercial curve, appliance
 * spikes, season) net of its rooftop solar into cumulative import and export registers, and
 * reports the voltage its feeder and DT deliver plus its own measurement noise, the system
 * frequency, current and power factor. Faults change what it measures or reports. Not
 * thread-safe: one publisher thread drives it.
 */
public final class SimulatedMeter implements MeterModel {

  /** A standalone household meter outside any topology (legacy demo fleet). */
  private static final Nodes.Dt LOOSE =
      new Nodes.Dt("unknown", new Nodes.Feeder("unknown", "unknown", "unknown", 0), 100, 0, 1);

  private final Nodes.Meter node;
  private final ZoneId zone;
  private final LoadShape shape;
  private final RooftopSolar solar;
  private final GridConditions grid;
  private final DtLoading dtLoading;
  private final double nominalVoltage;
  private final SplittableRandom random;
  private long seq;
  private double importKwh;
  private double exportKwh;
  private Instant last;

  /**
   * @param townSeed the topology's seed (the meter's own randomness derives from it and its index)
   */
  public SimulatedMeter(Nodes.Meter node, long townSeed, ZoneId zone, Season season, GridConditions grid,
      DtLoading dtLoading, double nominalVoltage) {
    this.node = node;
    this.zone = zone;
    this.random = new SplittableRandom(Noise.mix(townSeed, node.index()));
    this.shape = node.kind() == ConsumerKind.COMMERCIAL
        ? new CommercialLoad(org.meterflow.simulator.topology.Topology.commercialPeakKw(townSeed, node.index()), season)
        : new HouseholdLoad(random.nextLong(), zone, season);
    this.solar = node.solarKwp() > 0 ? new RooftopSolar(node.solarKwp(), random.nextLong()) : null;
    this.grid = grid;
    this.dtLoading = dtLoading;
    this.nominalVoltage = nominalVoltage;
    this.importKwh = Math.round((500 + 9500 * random.nextDouble()) * 1000) / 1000.0;
    this.exportKwh = solar != null ? Math.round(2000 * random.nextDouble() * 1000) / 1000.0 : 0;
  }

  /** A household meter outside any topology, as the first demo fleet used. */
  public SimulatedMeter(String serial, long seed, ZoneId zone, double nominalVoltage, double startKwh) {
    this(new Nodes.Meter(0, serial, "C" + serial, ConsumerKind.HOUSEHOLD, 0, LOOSE, serial), seed, zone,
        Season.COOLING, GridConditions.defaults(seed), null, nominalVoltage);
    this.importKwh = startKwh;
  }

  @Override
  public Nodes.Meter node() {
    return node;
  }

  public String serial() {
    return node.serial();
  }

  public double importKwh() {
    return importKwh;
  }

  public double exportKwh() {
    return exportKwh;
  }

  /** The reading taken at {@code at}, without faults. */
  public Reading readAt(Instant at) {
    return readAt(at, FaultEffects.NONE);
  }

  @Override
  public Reading readAt(Instant at, FaultEffects faults) {
    ZonedDateTime local = at.atZone(zone);
    double voltage = supplyVoltage(at, local, faults);
    double pu = voltage / nominalVoltage;
    double demandKw = demandKw(local) * pu * pu; // constant-impedance loads draw less in a sag
    double solarKw = solar == null || faults.interrupted() ? 0 : solar.outputKw(local); // anti-islanding
    double netKw = demandKw - solarKw;
    if (faults.reverseFlow()) {
      netKw = -Math.abs(netKw);
    }
    netKw = Math.max(-0.9 * voltage * 0.1, Math.min(0.9 * voltage * 0.1, netKw)); // within a 100 A service
    if (last != null && at.isAfter(last)) {
      double hours = Duration.between(last, at).toMillis() / 3_600_000.0;
      if (netKw >= 0) {
        importKwh += netKw * hours;
      } else {
        exportKwh -= netKw * hours;
      }
    }
    last = at;
    boolean on = !faults.interrupted();
    double powerFactor = node.kind() == ConsumerKind.COMMERCIAL ? 0.85 + 0.1 * random.nextDouble()
        : 0.9 + 0.09 * random.nextDouble();
    double current = on && voltage > 0 ? Math.abs(netKw) * 1000 / (voltage * powerFactor) : 0;
    double frequency = on ? grid.frequency(at) + 0.003 * gaussian() + faults.frequencyShiftHz() : 0;
    double reportedImport = faults.rollbackKwh() > 0 ? Math.max(0, importKwh - faults.rollbackKwh()) : importKwh;
    Instant ts = faults.skewed() ? at.plus(faults.clockSkew()) : at;
    return new Reading(node.serial(), ++seq, ts, MeterModel.round(reportedImport, 3), MeterModel.round(exportKwh, 3),
        MeterModel.round(voltage, 1), MeterModel.round(current, 2), MeterModel.round(frequency, 3),
        MeterModel.round(powerFactor, 2));
  }

  private double supplyVoltage(Instant at, ZonedDateTime local, FaultEffects faults) {
    double noise = 1 + 0.004 * gaussian();
    if (faults.interrupted()) {
      return 0.0;
    }
    if (faults.forcesVoltage()) {
      return nominalVoltage * faults.voltageFactor() * noise;
    }
    double feeder = grid.feederFactor(node.dt().feeder().seed(), at);
    double dt = dtLoading == null ? 1.0 : grid.dtFactor(dtLoading.loading(local));
    return nominalVoltage * feeder * dt * noise;
  }

  private double demandKw(ZonedDateTime local) {
    double kw = shape.meanKw(local) * (0.85 + 0.3 * random.nextDouble());
    double spike = random.nextDouble();
    if (node.kind() == ConsumerKind.HOUSEHOLD && spike < 0.03) {
      kw += 1.0 + 1.5 * random.nextDouble(); // kettle, iron, pump
    } else if (node.kind() == ConsumerKind.COMMERCIAL && spike < 0.02) {
      kw += 2.0 + 3.0 * random.nextDouble(); // compressor or motor start
    }
    return kw;
  }

  private double gaussian() {
    double u1 = Math.max(random.nextDouble(), 1e-12);
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
