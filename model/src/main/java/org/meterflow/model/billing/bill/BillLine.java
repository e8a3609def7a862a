package org.meterflow.model.billing.bill;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One line of a bill. {@code amount} is already rounded to the paisa (credits are negative);
 * {@code quantity} is kWh for energy and export lines, kW for the fixed charge, the base amount for
 * duty and tax, {@code null} for a top-up; {@code rate} is INR per unit or a percentage.
 */
public record BillLine(LineKind kind, String description, BigDecimal quantity, BigDecimal rate, BigDecimal amount) {

  public BillLine {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(amount, "amount");
    if (amount.scale() != Money.PAISA_SCALE) {
      throw new IllegalArgumentException("line amounts are rounded to the paisa: " + amount);
    }
  }

  boolean sameAs(BillLine o) {
    return kind == o.kind && description.equals(o.description) && Money.same(quantity, o.quantity)
        && Money.same(rate, o.rate) && Money.same(amount, o.amount);
  }
}
