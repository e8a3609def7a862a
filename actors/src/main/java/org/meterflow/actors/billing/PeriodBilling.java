package org.meterflow.actors.billing;

import java.util.concurrent.CompletionStage;
import org.meterflow.model.billing.ledger.BillingRunRecord;

/**
 * The work of one billing run, which the billing actor ({@link BillingScheduler}) schedules, queues
 * and catches up on; the application provides it (reading registers from the time-series store,
 * writing bills to the billing store).
 */
public interface PeriodBilling {

  /** When runs are due, how many a catch-up may queue, and the utility's zone. */
  BillingSettings settings();

  /** Bills {@code progress}'s period for its cycle day; completes with the recorded run (COMPLETED or FAILED). */
  CompletionStage<BillingRunRecord> run(RunProgress progress);
}
