package org.meterflow.model.billing.tariff;

import java.math.BigDecimal;
import java.util.Objects;

/** Monthly fixed charge: {@code perMonth} plus {@code perKwSanctioned} × sanctioned load (kW). */
public record FixedCharge(BigDecimal perMonth, BigDecimal perKwSanctioned) {

  public FixedCharge {
    Objects.requireNonNull(perMonth, "perMonth");
    Objects.requireNonNull(perKwSanctioned, "perKwSanctioned");
  }

  public static FixedCharge of(String perMonth, String perKw) {
    return new FixedCharge(new BigDecimal(perMonth), new BigDecimal(perKw));
  }
}
