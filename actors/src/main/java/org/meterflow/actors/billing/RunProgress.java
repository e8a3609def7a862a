package org.meterflow.actors.billing;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.meterflow.model.billing.BillingPeriod;
import org.meterflow.model.billing.ledger.BillingRunRecord;

/** A billing run as it happens: how many meters there are and how many are done, for progress bars. */
public final class RunProgress {

  private final String id;
  private final int cycleDay;
  private final BillingPeriod period;
  private final String trigger;
  private final Instant queuedAt;
  private final AtomicInteger meters = new AtomicInteger(-1);
  private final AtomicInteger processed = new AtomicInteger();
  private final AtomicReference<BillingRunRecord> result = new AtomicReference<>();
  private final AtomicReference<String> state = new AtomicReference<>("QUEUED");

  public RunProgress(String id, int cycleDay, BillingPeriod period, String trigger, Instant queuedAt) {
    this.id = id;
    this.cycleDay = cycleDay;
    this.period = period;
    this.trigger = trigger;
    this.queuedAt = queuedAt;
  }

  public String id() {
    return id;
  }

  public int cycleDay() {
    return cycleDay;
  }

  public BillingPeriod period() {
    return period;
  }

  public String trigger() {
    return trigger;
  }

  public Instant queuedAt() {
    return queuedAt;
  }

  /** -1 until the meters are known. */
  public int meters() {
    return meters.get();
  }

  public int processed() {
    return processed.get();
  }

  /** QUEUED, RUNNING, COMPLETED or FAILED. */
  public String state() {
    return state.get();
  }

  /** The finished run, {@code null} before. */
  public BillingRunRecord result() {
    return result.get();
  }

  /** The run's work has found its meters. */
  public void started(int meterCount) {
    meters.set(meterCount);
    state.set("RUNNING");
  }

  /** {@code n} more meters are billed. */
  public void advanced(int n) {
    processed.addAndGet(n);
  }

  /** The run has ended, completed or failed. */
  public void finished(BillingRunRecord record) {
    result.set(record);
    state.set(record.status().name());
  }
}
