package org.meterflow.model.billing.consumption;

import java.time.Instant;

/**
 * How the register at one period boundary was obtained.
 *
 * @param boundary the boundary instant
 * @param before the last reading at or before the boundary, {@code null} if none
 * @param after the first reading at or after the boundary, {@code null} if none
 * @param register the register value used at the boundary (kWh); {@code null} when there is no
 *     reading at all ({@link EstimationMethod#NO_DATA} / {@link EstimationMethod#FALLBACK_AVERAGE_DAILY})
 * @param method how {@code register} was obtained
 */
public record BoundaryEvidence(
    Instant boundary, RegisterSample before, RegisterSample after, Double register, EstimationMethod method) {

  public boolean estimated() {
    return method.isEstimate();
  }
}
