package org.meterflow.model.billing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A billing period [start, end) in local dates of the utility's zone: it begins at local midnight
 * of {@code start} and ends at local midnight of {@code end} (exclusive). Defining the period in
 * local time makes a period that spans a clock change one hour shorter or longer in real time.
 */
public record BillingPeriod(LocalDate start, LocalDate end) {

  public BillingPeriod {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("period end " + end + " must be after start " + start);
    }
  }

  /** The calendar month {@code month} (cycle day 1), e.g. "2026-10" = [2026-10-01, 2026-11-01). */
  public static BillingPeriod ofMonth(YearMonth month) {
    return new BillingPeriod(month.atDay(1), month.plusMonths(1).atDay(1));
  }

  /** The first instant of the period in {@code zone}. */
  public Instant startInstant(ZoneId zone) {
    return start.atStartOfDay(zone).toInstant();
  }

  /** The first instant after the period in {@code zone}. */
  public Instant endInstant(ZoneId zone) {
    return end.atStartOfDay(zone).toInstant();
  }

  /** The month the period starts in; the name an operator uses ("2026-10"). */
  public YearMonth label() {
    return YearMonth.from(start);
  }

  @Override
  public String toString() {
    return "[" + start + ", " + end + ")";
  }
}
