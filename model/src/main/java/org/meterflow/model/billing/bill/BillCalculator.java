package org.meterflow.model.billing.bill;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.meterflow.model.billing.tariff.ExportCredit;
import org.meterflow.model.billing.tariff.ExportCredit.Netting;
import org.meterflow.model.billing.tariff.FixedCharge;
import org.meterflow.model.billing.tariff.Slab;
import org.meterflow.model.billing.tariff.SlabEnergy;
import org.meterflow.model.billing.tariff.TariffBook;
import org.meterflow.model.billing.tariff.TariffVersion;
import org.meterflow.model.billing.tariff.TodEnergy;
import org.meterflow.model.billing.tariff.TodWindow;

/**
 * Turns a period's consumption into a bill under the tariff version in force on the period's first
 * day. Order and bases (docs/billing.md): fixed; energy (slabs or TOD windows) on the billed kWh;
 * export credit; duty = duty% × energy lines; subtotal = fixed + energy + credit + duty; top-up to
 * the minimum charge; tax = tax% × (subtotal + top-up). Each line is rounded HALF_UP to the paisa;
 * totals are plain sums of rounded lines.
 */
public final class BillCalculator {

  private final TariffBook tariffs;
  private final int dueDays;

  /** @param dueDays the due date is the period's end date (the day after its last day) plus this */
  public BillCalculator(TariffBook tariffs, int dueDays) {
    this.tariffs = Objects.requireNonNull(tariffs, "tariffs");
    if (dueDays < 0) {
      throw new IllegalArgumentException("dueDays must be >= 0");
    }
    this.dueDays = dueDays;
  }

  /** The bill under the version in force on the period's first day; throws if the category has none. */
  public Bill calculate(BillInput in) {
    TariffVersion v = tariffs.inForce(in.category(), in.period().start())
        .orElseThrow(() -> new IllegalStateException(
            "no " + in.category() + " tariff in force on " + in.period().start()));
    return calculate(in, v);
  }

  /** The bill under an explicit tariff version. */
  public Bill calculate(BillInput in, TariffVersion v) {
    List<BillLine> lines = new ArrayList<>();
    BigDecimal fixed = fixedLine(v.fixedCharge(), in.sanctionedLoadKw(), lines);

    BigDecimal billedKwh = in.importKwh();
    BigDecimal creditedKwh = BigDecimal.ZERO;
    ExportCredit credit = v.exportCredit();
    if (credit != null && in.exportKwh().signum() > 0) {
      if (credit.netting() == Netting.NET_METERING) {
        billedKwh = in.importKwh().subtract(in.exportKwh()).max(BigDecimal.ZERO);
        creditedKwh = in.exportKwh().subtract(in.importKwh()).max(BigDecimal.ZERO);
      } else {
        creditedKwh = in.exportKwh();
      }
    }

    BigDecimal energy;
    if (v.energy() instanceof SlabEnergy slabs) {
      energy = slabLines(slabs, billedKwh, lines);
    } else {
      energy = todLines((TodEnergy) v.energy(), billedKwh, in.todKwh(), lines);
    }

    BigDecimal creditAmount = BigDecimal.ZERO.setScale(Money.PAISA_SCALE);
    if (creditedKwh.signum() > 0) {
      creditAmount = Money.paisa(creditedKwh.multiply(credit.ratePerKwh())).negate();
      String what = credit.netting() == Netting.NET_METERING ? "surplus export" : "export";
      lines.add(new BillLine(LineKind.EXPORT_CREDIT, "Export credit (" + what + ")", creditedKwh,
          credit.ratePerKwh(), creditAmount));
    }

    BigDecimal duty = percentLine(LineKind.DUTY, "Electricity duty on energy charges", energy, v.dutyPercent(), lines);
    BigDecimal subtotal = fixed.add(energy).add(creditAmount).add(duty);
    if (subtotal.compareTo(v.minimumCharge()) < 0) {
      BigDecimal topUp = Money.paisa(v.minimumCharge().subtract(subtotal));
      lines.add(new BillLine(LineKind.MINIMUM_CHARGE_TOP_UP,
          "Top-up to minimum charge " + Money.paisa(v.minimumCharge()), null, null, topUp));
      subtotal = subtotal.add(topUp);
    }
    BigDecimal tax = percentLine(LineKind.TAX, "Tax on subtotal", subtotal, v.taxPercent(), lines);
    BigDecimal total = subtotal.add(tax);

    return new Bill(in.meterSerial(), in.period(), v.code(), v.effectiveFrom(), in.importKwh(), in.exportKwh(),
        billedKwh, lines, total, in.period().end().plusDays(dueDays), in.estimated(), in.methods());
  }

  private static BigDecimal fixedLine(FixedCharge f, BigDecimal kw, List<BillLine> lines) {
    BigDecimal amount = Money.paisa(f.perMonth().add(f.perKwSanctioned().multiply(kw)));
    String text = "Fixed charge " + f.perMonth() + "/month + " + f.perKwSanctioned() + "/kW × "
        + kw.stripTrailingZeros().toPlainString() + " kW";
    lines.add(new BillLine(LineKind.FIXED, text, kw, f.perKwSanctioned(), amount));
    return amount;
  }

  /** Telescopic: each slab's rate on the units inside it only. Returns the sum of the lines. */
  static BigDecimal slabLines(SlabEnergy energy, BigDecimal kwh, List<BillLine> lines) {
    BigDecimal sum = BigDecimal.ZERO.setScale(Money.PAISA_SCALE);
    BigDecimal lower = BigDecimal.ZERO;
    BigDecimal remaining = kwh;
    for (Slab s : energy.slabs()) {
      if (remaining.signum() <= 0) {
        break;
      }
      BigDecimal units = s.upToKwh() == null ? remaining : remaining.min(s.upToKwh().subtract(lower));
      BigDecimal amount = Money.paisa(units.multiply(s.ratePerKwh()));
      String range = s.upToKwh() == null
          ? "above " + lower.toPlainString() + " kWh"
          : lower.toPlainString() + "–" + s.upToKwh().toPlainString() + " kWh";
      lines.add(new BillLine(LineKind.ENERGY_SLAB, "Energy " + range, units, s.ratePerKwh(), amount));
      sum = sum.add(amount);
      remaining = remaining.subtract(units);
      if (s.upToKwh() != null) {
        lower = s.upToKwh();
      }
    }
    return sum;
  }

  /**
   * TOD: the billed kWh apportioned to windows in the proportions of {@code split} (to 0.001 kWh,
   * the last non-empty window takes the remainder so the windows add up exactly); without a split
   * everything goes to the base window.
   */
  static BigDecimal todLines(TodEnergy tod, BigDecimal kwh, Map<String, BigDecimal> split, List<BillLine> lines) {
    Map<String, BigDecimal> perWindow = apportion(tod, kwh, split);
    BigDecimal sum = BigDecimal.ZERO.setScale(Money.PAISA_SCALE);
    for (TodWindow w : tod.windows()) {
      BigDecimal units = perWindow.getOrDefault(w.name(), BigDecimal.ZERO);
      if (units.signum() == 0) {
        continue;
      }
      BigDecimal rate = tod.rate(w);
      BigDecimal amount = Money.paisa(units.multiply(rate));
      String text = "Energy " + w.name() + " (" + w.fromHour() + ":00–" + w.toHour() + ":00, ×"
          + w.multiplier().toPlainString() + ")";
      lines.add(new BillLine(LineKind.ENERGY_TOD, text, units, rate, amount));
      sum = sum.add(amount);
    }
    return sum;
  }

  private static Map<String, BigDecimal> apportion(TodEnergy tod, BigDecimal kwh, Map<String, BigDecimal> split) {
    Map<String, BigDecimal> out = new LinkedHashMap<>();
    BigDecimal splitTotal = BigDecimal.ZERO;
    for (TodWindow w : tod.windows()) {
      splitTotal = splitTotal.add(split.getOrDefault(w.name(), BigDecimal.ZERO).max(BigDecimal.ZERO));
    }
    if (splitTotal.signum() == 0) {
      out.put(tod.baseWindow(), kwh);
      return out;
    }
    String last = null;
    BigDecimal assigned = BigDecimal.ZERO;
    for (TodWindow w : tod.windows()) {
      BigDecimal share = split.getOrDefault(w.name(), BigDecimal.ZERO).max(BigDecimal.ZERO);
      if (share.signum() == 0) {
        continue;
      }
      BigDecimal units = kwh.multiply(share).divide(splitTotal, Money.KWH_SCALE, java.math.RoundingMode.HALF_UP);
      out.put(w.name(), units);
      assigned = assigned.add(units);
      last = w.name();
    }
    out.put(last, out.get(last).add(kwh.subtract(assigned)));
    return out;
  }

  private static BigDecimal percentLine(
      LineKind kind, String text, BigDecimal base, BigDecimal percent, List<BillLine> lines) {
    if (percent.signum() == 0) {
      return BigDecimal.ZERO.setScale(Money.PAISA_SCALE);
    }
    BigDecimal amount = Money.paisa(base.multiply(percent).divide(Money.HUNDRED));
    lines.add(new BillLine(kind, text + " " + percent.toPlainString() + "%", base, percent, amount));
    return amount;
  }
}
