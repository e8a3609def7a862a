package org.meterflow.model.billing.consumption;

import java.time.Instant;
import java.util.Objects;

/** One reading of a cumulative register (import or export, kWh) at instant {@code ts}. */
public record RegisterSample(Instant ts, double kwh) {

  public RegisterSample {
    Objects.requireNonNull(ts, "ts");
    if (!Double.isFinite(kwh)) {
      throw new IllegalArgumentException("register value must be finite: " + kwh);
    }
  }
}
