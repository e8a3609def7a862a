package org.meterflow.actors.billing;

import java.time.Instant;
import org.meterflow.actors.CborSerializable;
import org.meterflow.model.billing.BillingPeriod;
import org.meterflow.model.billing.ledger.BillingRunRecord;

/**
 * A billing run as the billing singleton sees it now, sent to whichever node asked (the singleton
 * runs on one node of the cluster; any node answers the API).
 *
 * @param meters -1 until the meters are known
 * @param state  QUEUED, RUNNING, COMPLETED or FAILED
 * @param result the finished run, {@code null} before
 */
public record RunSnapshot(String id, int cycleDay, BillingPeriod period, String trigger, String state, int meters,
    int processed, BillingRunRecord result, Instant queuedAt) implements CborSerializable {

  static RunSnapshot of(RunProgress p) {
    return new RunSnapshot(p.id(), p.cycleDay(), p.period(), p.trigger(), p.state(), p.meters(), p.processed(),
        p.result(), p.queuedAt());
  }
}
