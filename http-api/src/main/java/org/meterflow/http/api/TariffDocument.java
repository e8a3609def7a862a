package org.meterflow.http.api;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.meterflow.model.billing.tariff.EnergyCharge;
import org.meterflow.model.billing.tariff.ExportCredit;
import org.meterflow.model.billing.tariff.FixedCharge;
import org.meterflow.model.billing.tariff.Slab;
import org.meterflow.model.billing.tariff.SlabEnergy;
import org.meterflow.model.billing.tariff.TariffVersion;
import org.meterflow.model.billing.tariff.TodEnergy;
import org.meterflow.model.billing.tariff.TodWindow;

/**
 * A tariff version as JSON ({@code GET/POST /api/v1/tariffs}): exactly one of {@code slabs} or
 * {@code tod}; {@code export} absent without net metering. Amounts in INR, percentages as numbers.
 */
public record TariffDocument(
    String category,
    String code,
    LocalDate effectiveFrom,
    BigDecimal fixedPerMonth,
    BigDecimal fixedPerKw,
    List<SlabDoc> slabs,
    TodDoc tod,
    ExportDoc export,
    BigDecimal dutyPercent,
    BigDecimal taxPercent,
    BigDecimal minimumCharge) {

  /** {@code upToKwh} null = the last, unbounded slab. */
  public record SlabDoc(BigDecimal upToKwh, BigDecimal rate) {}

  public record TodDoc(BigDecimal baseRate, String baseWindow, List<WindowDoc> windows) {}

  public record WindowDoc(String name, int fromHour, int toHour, BigDecimal multiplier) {}

  /** {@code netting}: NET_METERING or NET_BILLING. */
  public record ExportDoc(BigDecimal rate, String netting) {}

  /** The domain tariff; throws {@link IllegalArgumentException} (or NPE for a missing field) when invalid. */
  public TariffVersion toTariff() {
    if ((slabs == null) == (tod == null)) {
      throw new IllegalArgumentException("give exactly one of slabs or tod");
    }
    EnergyCharge energy = slabs != null
        ? new SlabEnergy(slabs.stream().map(s -> new Slab(s.upToKwh(), s.rate())).toList())
        : new TodEnergy(tod.baseRate(), tod.windows().stream()
            .map(w -> new TodWindow(w.name(), w.fromHour(), w.toHour(), w.multiplier())).toList(), tod.baseWindow());
    ExportCredit credit = export == null ? null
        : new ExportCredit(export.rate(), ExportCredit.Netting.valueOf(export.netting().toUpperCase(java.util.Locale.ROOT)));
    return new TariffVersion(category, code, effectiveFrom, new FixedCharge(fixedPerMonth, fixedPerKw), energy, credit,
        zeroIfNull(dutyPercent), zeroIfNull(taxPercent), zeroIfNull(minimumCharge));
  }

  public static TariffDocument of(TariffVersion v) {
    List<SlabDoc> slabs = null;
    TodDoc tod = null;
    if (v.energy() instanceof SlabEnergy s) {
      slabs = s.slabs().stream().map(x -> new SlabDoc(x.upToKwh(), x.ratePerKwh())).toList();
    } else if (v.energy() instanceof TodEnergy t) {
      tod = new TodDoc(t.baseRatePerKwh(), t.baseWindow(),
          t.windows().stream().map(w -> new WindowDoc(w.name(), w.fromHour(), w.toHour(), w.multiplier())).toList());
    }
    ExportDoc export = v.exportCredit() == null ? null
        : new ExportDoc(v.exportCredit().ratePerKwh(), v.exportCredit().netting().name());
    return new TariffDocument(v.category(), v.code(), v.effectiveFrom(), v.fixedCharge().perMonth(),
        v.fixedCharge().perKwSanctioned(), slabs, tod, export, v.dutyPercent(), v.taxPercent(), v.minimumCharge());
  }

  private static BigDecimal zeroIfNull(BigDecimal v) {
    return v == null ? BigDecimal.ZERO : v;
  }
}
