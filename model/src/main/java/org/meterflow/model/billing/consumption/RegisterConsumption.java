package org.meterflow.model.billing.consumption;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Consumption of one register (import or export) over [start, end): register at the end minus
 * register at the start, with the evidence for both.
 *
 * @param kwh the consumption; never silently zero: with no data at all {@code methods} holds
 *     {@link EstimationMethod#NO_DATA} or {@link EstimationMethod#FALLBACK_AVERAGE_DAILY}
 * @param estimated whether any part of {@code kwh} is an estimate
 * @param partial the readings start after the start or stop before the end of the period by more
 *     than the boundary tolerance (or there are none)
 * @param gaps data gaps overlapping the period
 * @param coverage share of the period covered by readings no farther apart than the maximum gap
 * @param averageDailyKwh the average daily consumption of the available data used for estimates,
 *     {@code null} if none could be computed and no fallback was configured
 * @param methods every estimation method used (empty for a fully read period)
 */
public record RegisterConsumption(
    Instant start,
    Instant end,
    double kwh,
    boolean estimated,
    boolean partial,
    BoundaryEvidence startEvidence,
    BoundaryEvidence endEvidence,
    List<DataGap> gaps,
    double coverage,
    Double averageDailyKwh,
    Set<EstimationMethod> methods) {

  public RegisterConsumption {
    gaps = List.copyOf(gaps);
    methods = Set.copyOf(methods);
  }
}
