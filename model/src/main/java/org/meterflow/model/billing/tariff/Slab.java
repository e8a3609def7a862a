package org.meterflow.model.billing.tariff;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One telescopic slab: the units above the previous slab's limit up to {@code upToKwh} are charged
 * at {@code ratePerKwh} (INR). {@code upToKwh == null} marks the last, unbounded slab.
 */
public record Slab(BigDecimal upToKwh, BigDecimal ratePerKwh) {

  public Slab {
    Objects.requireNonNull(ratePerKwh, "ratePerKwh");
    if (ratePerKwh.signum() < 0 || (upToKwh != null && upToKwh.signum() <= 0)) {
      throw new IllegalArgumentException("slab limits and rates must be positive");
    }
  }

  public static Slab upTo(String kwh, String rate) {
    return new Slab(new BigDecimal(kwh), new BigDecimal(rate));
  }

  public static Slab above(String rate) {
    return new Slab(null, new BigDecimal(rate));
  }
}
