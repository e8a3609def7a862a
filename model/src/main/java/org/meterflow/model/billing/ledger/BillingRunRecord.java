package org.meterflow.model.billing.ledger;

import java.time.Instant;
import org.meterflow.model.billing.BillingPeriod;

/**
 * One billing run of a cycle day's period, as recorded in {@code billing_runs}.
 *
 * @param trigger {@code schedule}, {@code catch-up} or {@code on-demand}
 */
public record BillingRunRecord(
    int cycleDay,
    BillingPeriod period,
    Status status,
    String trigger,
    int meters,
    int issued,
    int revised,
    int unchanged,
    int estimated,
    int failed,
    Instant startedAt,
    Instant finishedAt,
    String message) {

  public enum Status { RUNNING, COMPLETED, FAILED }
}
