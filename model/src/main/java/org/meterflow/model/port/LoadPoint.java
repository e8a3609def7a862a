package org.meterflow.model.port;

import java.time.Instant;
import java.util.Objects;

/**
 * The load of an area over one step: the sum over its meters of each meter's mean instantaneous
 * active power (V·I·pf, pf = 1 when not reported) and apparent power (V·I), and how many meters
 * reported in the step.
 *
 * @param ts     start of the step
 * @param kw     active power, kW
 * @param kva    apparent power, kVA (what a transformer's rating is compared with)
 * @param meters meters that reported in the step
 */
public record LoadPoint(Instant ts, double kw, double kva, int meters) {

  public LoadPoint {
    Objects.requireNonNull(ts, "ts");
  }
}
