package org.meterflow.simulator.load;

import java.time.Instant;
import org.meterflow.model.reading.Reading;
import org.meterflow.simulator.fault.FaultEffects;
import org.meterflow.simulator.topology.Nodes;

/** Anything that produces a meter's readings: a synthetic consumer or a replayed real one. */
public interface MeterModel {

  Nodes.Meter node();

  /** The reading taken at {@code at} under {@code faults}, or null when the meter has nothing to report then. */
  Reading readAt(Instant at, FaultEffects faults);

  static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }
}
