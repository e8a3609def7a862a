package org.meterflow.timeseries.dashboards;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.meterflow.model.meter.MeterLocation;
import org.meterflow.model.port.EventPoint;
import org.meterflow.model.quality.EventType;
import org.meterflow.model.quality.Evidence;
import org.meterflow.model.quality.QualityEvent;
import org.meterflow.model.reading.AcceptedReading;
import org.meterflow.model.reading.Reading;

/**
 * Six hours of 15-minute readings of a small fleet in three regions, with the faults the
 * dashboards exist to show, all in region {@code north}: a sag (N-0002, 190 V), an interruption
 * (N-0003, 5 V), a swell with a frequency excursion (N-0004, 262 V, 50.8 Hz) and a meter that
 * falls silent two hours before the end (N-0006). N-0005 sends no power factor.
 */
public final class DemoFleet {

  public static final Duration INTERVAL = Duration.ofMinutes(15);
  public static final int READINGS_PER_METER = 24;

  /** The dashboards' default range, now-6h .. now, rounded so every reading falls inside it. */
  public final Instant from;
  public final Instant to;
  public final List<AcceptedReading> readings = new ArrayList<>();
  /** The events those readings raise: N-0002's sag and N-0003's interruption (raised, cleared), N-0004's swell (open). */
  public final List<EventPoint> events = new ArrayList<>();

  private record Meter(String serial, MeterLocation location) {}

  private static final List<Meter> METERS = List.of(
      new Meter("N-0001", new MeterLocation("north", "SS-N", "F-N1", "DT-N1")),
      new Meter("N-0002", new MeterLocation("north", "SS-N", "F-N1", "DT-N1")),
      new Meter("N-0003", new MeterLocation("north", "SS-N", "F-N1", "DT-N2")),
      new Meter("N-0004", new MeterLocation("north", "SS-N", "F-N1", "DT-N2")),
      new Meter("N-0005", new MeterLocation("north", "SS-N", "F-N2", "DT-N3")),
      new Meter("N-0006", new MeterLocation("north", "SS-N", "F-N2", "DT-N3")),
      new Meter("S-0001", new MeterLocation("south", "SS-S", "F-S1", "DT-S1")),
      new Meter("S-0002", new MeterLocation("south", "SS-S", "F-S1", "DT-S1")),
      new Meter("E-0001", new MeterLocation("east", "SS-E", "F-E1", "DT-E1")));

  public DemoFleet(Instant now) {
    this.to = now.truncatedTo(ChronoUnit.MINUTES);
    this.from = to.minus(INTERVAL.multipliedBy(READINGS_PER_METER));
    Instant first = from.plus(Duration.ofMinutes(1));
    for (int m = 0; m < METERS.size(); m++) {
      Meter meter = METERS.get(m);
      for (int i = 0; i < READINGS_PER_METER; i++) {
        if (meter.serial().equals("N-0006") && i >= READINGS_PER_METER - 8) {
          continue; // silent for the last two hours: an outage suspect
        }
        Instant ts = first.plus(INTERVAL.multipliedBy(i));
        double volts = 228 + (i * 7 + m * 3) % 9;
        double amps = 3 + (i * 5 + m) % 11 * 0.5;
        double hz = 49.95 + (i % 3) * 0.03;
        if (meter.serial().equals("N-0002") && i >= 10 && i < 14) {
          volts = 190;
        }
        if (meter.serial().equals("N-0003") && i >= 16 && i < 18) {
          volts = 5;
          amps = 0;
        }
        if (meter.serial().equals("N-0004") && i >= 5 && i < 8) {
          volts = 262;
          hz = 50.8;
        }
        Double pf = meter.serial().equals("N-0005") ? null : 0.9 + (i % 5) / 100.0;
        Reading r = new Reading(meter.serial(), i + 1, ts, 1000 + m * 100 + 0.3 * i, 0.0, volts, amps, hz, pf);
        readings.add(new AcceptedReading(r, ts.plusMillis(400 + 37L * m), meter.location()));
      }
    }
    event(METERS.get(1), EventType.SAG, first.plus(INTERVAL.multipliedBy(10)), first.plus(INTERVAL.multipliedBy(14)), 0.83);
    event(METERS.get(2), EventType.INTERRUPTION, first.plus(INTERVAL.multipliedBy(16)), first.plus(INTERVAL.multipliedBy(18)), 0.02);
    event(METERS.get(3), EventType.SWELL, first.plus(INTERVAL.multipliedBy(5)), null, 1.14);
  }

  private void event(Meter meter, EventType type, Instant raisedAt, Instant clearedAt, double pu) {
    QualityEvent raised = QualityEvent.meterEvent(meter.serial(), type, "voltage", raisedAt,
        new Evidence(pu, pu, "pu", INTERVAL, 1, "demo"));
    MeterLocation at = meter.location();
    events.add(new EventPoint(raised, at.region(), at.feeder(), at.dt()));
    if (clearedAt != null) {
      events.add(new EventPoint(raised.clearedAt(clearedAt), at.region(), at.feeder(), at.dt()));
    }
  }
}
