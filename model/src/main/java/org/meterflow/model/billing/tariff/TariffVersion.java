package org.meterflow.model.billing.tariff;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One version of a category's tariff, in force from {@code effectiveFrom} until the next version of
 * the same category. Amounts in INR. See docs/billing.md for the order of lines and the bases.
 *
 * @param exportCredit {@code null} when the category has no net metering
 * @param dutyPercent electricity duty, a percentage of the energy charges (slab or TOD lines)
 * @param taxPercent tax, a percentage of the pre-tax subtotal (fixed + energy − export credit +
 *     duty + minimum-charge top-up)
 * @param minimumCharge the pre-tax subtotal is topped up to at least this amount
 */
public record TariffVersion(
    String category,
    String code,
    LocalDate effectiveFrom,
    FixedCharge fixedCharge,
    EnergyCharge energy,
    ExportCredit exportCredit,
    BigDecimal dutyPercent,
    BigDecimal taxPercent,
    BigDecimal minimumCharge) {

  public TariffVersion {
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(effectiveFrom, "effectiveFrom");
    Objects.requireNonNull(fixedCharge, "fixedCharge");
    Objects.requireNonNull(energy, "energy");
    Objects.requireNonNull(dutyPercent, "dutyPercent");
    Objects.requireNonNull(taxPercent, "taxPercent");
    Objects.requireNonNull(minimumCharge, "minimumCharge");
  }
}
