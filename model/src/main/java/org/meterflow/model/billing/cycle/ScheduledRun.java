package org.meterflow.model.billing.cycle;

import java.time.ZonedDateTime;
import org.meterflow.model.billing.BillingPeriod;

/** One billing run to perform: a cycle group's period, due at {@code dueAt} (utility zone). */
public record ScheduledRun(CycleGroup group, BillingPeriod period, ZonedDateTime dueAt) {}
