package org.meterflow.model.billing.consumption;

import java.time.Instant;

/**
 * Two consecutive readings farther apart than the configured maximum gap, overlapping the period.
 *
 * @param from the reading before the gap
 * @param to the reading after the gap
 * @param filledKwh consumption added for the whole gap ({@link EstimationMethod#GAP_FILLED_AVERAGE_RATE});
 *     0 when the register is trusted across it
 * @param method {@link EstimationMethod#GAP_FILLED_AVERAGE_RATE} or
 *     {@link EstimationMethod#INTERPOLATED_ACROSS_GAP}
 */
public record DataGap(Instant from, Instant to, double filledKwh, EstimationMethod method) {}
