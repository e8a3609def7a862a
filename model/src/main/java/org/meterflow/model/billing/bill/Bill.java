package org.meterflow.model.billing.bill;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.meterflow.model.billing.BillingPeriod;
import org.meterflow.model.billing.consumption.EstimationMethod;

/**
 * A computed bill: every line rounded to the paisa, {@code total} the exact sum of the lines.
 *
 * @param billedKwh imported units after net-metering offset, the units the energy lines charge
 */
public record Bill(
    String meterSerial,
    BillingPeriod period,
    String tariffCode,
    LocalDate tariffEffectiveFrom,
    BigDecimal importKwh,
    BigDecimal exportKwh,
    BigDecimal billedKwh,
    List<BillLine> lines,
    BigDecimal total,
    LocalDate dueDate,
    boolean estimated,
    Set<EstimationMethod> methods) {

  public Bill {
    lines = List.copyOf(lines);
    methods = Set.copyOf(methods);
  }

  /** Sum of the lines of {@code kind}. */
  public BigDecimal amountOf(LineKind kind) {
    BigDecimal sum = BigDecimal.ZERO.setScale(Money.PAISA_SCALE);
    for (BillLine l : lines) {
      if (l.kind() == kind) {
        sum = sum.add(l.amount());
      }
    }
    return sum;
  }

  /** Lines of {@code kind}, in bill order. */
  public List<BillLine> linesOf(LineKind kind) {
    return lines.stream().filter(l -> l.kind() == kind).toList();
  }
}
