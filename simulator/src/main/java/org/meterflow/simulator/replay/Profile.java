package org.meterflow.simulator.replay;

import java.time.Duration;
import java.time.Instant;

/**
 * A real meter's recorded history on a regular grid: mean kW per step (NaN where the record is
 * missing) and, where the source has them, RMS voltage and current per step (NaN otherwise).
 */
public record Profile(String id, Instant start, Duration step, double[] kw, double[] volts, double[] amps, int missing) {

  public int size() {
    return kw.length;
  }

  public Duration length() {
    return step.multipliedBy(kw.length);
  }
}
