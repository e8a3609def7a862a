package org.meterflow.model.billing.bill;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Rounding rules: amounts to the paisa (0.01 INR), billed energy to the watt-hour, both HALF_UP. */
public final class Money {

  public static final int PAISA_SCALE = 2;
  public static final int KWH_SCALE = 3;
  static final BigDecimal HUNDRED = new BigDecimal("100");

  private Money() {}

  /** {@code amount} rounded HALF_UP to the paisa. */
  public static BigDecimal paisa(BigDecimal amount) {
    return amount.setScale(PAISA_SCALE, RoundingMode.HALF_UP);
  }

  /** A measured consumption (kWh, double) as billed units: HALF_UP to 0.001 kWh. */
  public static BigDecimal kwh(double kwh) {
    return BigDecimal.valueOf(kwh).setScale(KWH_SCALE, RoundingMode.HALF_UP);
  }

  static boolean same(BigDecimal a, BigDecimal b) {
    if (a == null || b == null) {
      return a == b;
    }
    return a.compareTo(b) == 0;
  }
}
