package org.meterflow.model.billing.cycle;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.util.List;
import java.util.Objects;
import org.meterflow.model.billing.BillingPeriod;

/**
 * Meters billed on the same day of the month. A group with billing day {@code d} bills the period
 * [day d of month M, day d of month M+1) in local dates, named after month M, on day d of month M+1
 * at the run time (08:00 local). Days are 1..28 so every month has them.
 */
public record CycleGroup(String id, int billingDay) {

  public CycleGroup {
    Objects.requireNonNull(id, "id");
    if (billingDay < 1 || billingDay > 28) {
      throw new IllegalArgumentException("billing day must be 1..28: " + billingDay);
    }
  }

  /** The period named after {@code month}: it starts on the billing day of that month. */
  public BillingPeriod periodStartingIn(YearMonth month) {
    return new BillingPeriod(month.atDay(billingDay), month.plusMonths(1).atDay(billingDay));
  }

  /** The period after {@code p}. */
  public BillingPeriod next(BillingPeriod p) {
    return periodStartingIn(YearMonth.from(p.start()).plusMonths(1));
  }

  /** Local date-time at which {@code p} is billed: its end date at {@code runTime}. */
  public LocalDateTime runAt(BillingPeriod p, LocalTime runTime) {
    return p.end().atTime(runTime);
  }

  /**
   * The latest period whose run is due at or before the local {@code now}: the one ending on this
   * month's billing day once its run time has passed, otherwise the one ending last month.
   */
  public BillingPeriod latestDue(LocalDateTime now, LocalTime runTime) {
    LocalDate end = now.toLocalDate().withDayOfMonth(billingDay);
    if (now.isBefore(end.atTime(runTime))) {
      end = end.minusMonths(1);
    }
    return periodStartingIn(YearMonth.from(end).minusMonths(1));
  }

  /** A stable, even spread of meters over {@code groups} by serial number. */
  public static CycleGroup forMeter(String serial, List<CycleGroup> groups) {
    if (groups.isEmpty()) {
      throw new IllegalArgumentException("no cycle groups");
    }
    return groups.get(Math.floorMod(serial.hashCode(), groups.size()));
  }
}
