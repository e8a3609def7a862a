package org.meterflow.model.billing.ledger;

import java.time.LocalDate;
import java.util.Set;
import org.meterflow.model.billing.consumption.EstimationMethod;

/**
 * The monthly rollup of one meter: registers at the period's boundaries and the consumption, with
 * how each boundary was obtained.
 *
 * @param importStartKwh register at the start, {@code null} with no data at all
 */
public record MonthlyReading(
    String serial,
    LocalDate periodStart,
    LocalDate periodEnd,
    int cycleDay,
    Double importStartKwh,
    Double importEndKwh,
    double importKwh,
    double exportKwh,
    EstimationMethod startMethod,
    EstimationMethod endMethod,
    boolean estimated,
    boolean partial,
    Set<EstimationMethod> methods,
    Double averageDailyKwh) {

  public MonthlyReading {
    methods = Set.copyOf(methods);
  }
}
