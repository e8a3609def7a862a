package org.meterflow.model.billing.consumption;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.meterflow.model.billing.BillingPeriod;

/**
 * A meter's import and export consumption over one billing period.
 *
 * @param exported {@code null} for a meter without an export register (no net metering)
 */
public record MeterConsumption(BillingPeriod period, RegisterConsumption imported, RegisterConsumption exported) {

  public MeterConsumption {
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(imported, "imported");
  }

  public double importKwh() {
    return imported.kwh();
  }

  public double exportKwh() {
    return exported == null ? 0.0 : exported.kwh();
  }

  public boolean estimated() {
    return imported.estimated() || (exported != null && exported.estimated());
  }

  public boolean partial() {
    return imported.partial() || (exported != null && exported.partial());
  }

  /** Every estimation method used on either register. */
  public Set<EstimationMethod> methods() {
    Set<EstimationMethod> all = EnumSet.noneOf(EstimationMethod.class);
    all.addAll(imported.methods());
    if (exported != null) {
      all.addAll(exported.methods());
    }
    return all;
  }
}
