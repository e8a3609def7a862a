package org.meterflow.model.billing.tariff;

import java.math.BigDecimal;
import java.util.Objects;

/** Credit for exported energy (rooftop solar), at {@code ratePerKwh} INR under a netting rule. */
public record ExportCredit(BigDecimal ratePerKwh, Netting netting) {

  /** How export meets import. */
  public enum Netting {
    /**
     * Net metering: exported kWh first offset imported kWh (billed kWh = max(0, import − export));
     * only the surplus export is credited at the export rate.
     */
    NET_METERING,
    /** Net billing (gross): import is billed in full, every exported kWh is credited at the rate. */
    NET_BILLING
  }

  public ExportCredit {
    Objects.requireNonNull(ratePerKwh, "ratePerKwh");
    Objects.requireNonNull(netting, "netting");
    if (ratePerKwh.signum() < 0) {
      throw new IllegalArgumentException("export rate must be >= 0");
    }
  }
}
