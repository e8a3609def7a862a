package org.meterflow.model.billing.bill;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.meterflow.model.billing.BillingPeriod;
import org.meterflow.model.billing.tariff.ExampleTariffs;

/**
 * The domestic example tariff (DOM-LT1-2026) by hand: fixed 50.00 + 20.00/kW; slabs 0–100 at 3.00,
 * 100–200 at 4.50, above 200 at 6.00; duty 6% of energy; tax 2% of the subtotal; minimum 100.00.
 * Sanctioned load 2 kW, so the fixed charge is 50.00 + 2 × 20.00 = 90.00 on every bill.
 */
class SlabBillByHandTest {

  private static final BillingPeriod NOV = BillingPeriod.ofMonth(YearMonth.of(2026, 11));
  private static final BillCalculator CALC = new BillCalculator(ExampleTariffs.book(), 15);

  private static Bill bill(String importKwh, String exportKwh) {
    return CALC.calculate(BillInput.actual("M1", ExampleTariffs.DOMESTIC, NOV, "2", importKwh, exportKwh));
  }

  private static BigDecimal inr(String s) {
    return new BigDecimal(s);
  }

  @Test
  void belowTheFirstSlabLimit() {
    Bill b = bill("80", "0");
    // energy 80 × 3.00 = 240.00; duty 6% × 240.00 = 14.40
    // subtotal 90.00 + 240.00 + 14.40 = 344.40; tax 2% × 344.40 = 6.888 → 6.89; total 351.29
    assertThat(b.amountOf(LineKind.FIXED)).isEqualByComparingTo(inr("90.00"));
    assertThat(b.linesOf(LineKind.ENERGY_SLAB)).extracting(BillLine::amount).containsExactly(inr("240.00"));
    assertThat(b.amountOf(LineKind.DUTY)).isEqualByComparingTo(inr("14.40"));
    assertThat(b.amountOf(LineKind.TAX)).isEqualByComparingTo(inr("6.89"));
    assertThat(b.total()).isEqualByComparingTo(inr("351.29"));
    assertThat(b.tariffCode()).isEqualTo("DOM-LT1-2026");
  }

  @Test
  void withinTheSecondSlab() {
    Bill b = bill("150", "0");
    // slab 1: 100 × 3.00 = 300.00; slab 2: 50 × 4.50 = 225.00; energy 525.00
    // duty 6% × 525.00 = 31.50; subtotal 90.00 + 525.00 + 31.50 = 646.50
    // tax 2% × 646.50 = 12.93; total 659.43
    assertThat(b.linesOf(LineKind.ENERGY_SLAB)).extracting(BillLine::quantity)
        .usingElementComparator(BigDecimal::compareTo).containsExactly(inr("100"), inr("50"));
    assertThat(b.linesOf(LineKind.ENERGY_SLAB)).extracting(BillLine::amount)
        .containsExactly(inr("300.00"), inr("225.00"));
    assertThat(b.amountOf(LineKind.DUTY)).isEqualByComparingTo(inr("31.50"));
    assertThat(b.amountOf(LineKind.TAX)).isEqualByComparingTo(inr("12.93"));
    assertThat(b.total()).isEqualByComparingTo(inr("659.43"));
  }

  @Test
  void aboveTheLastSlabLimitWithFractionalUnits() {
    Bill b = bill("312.347", "0");
    // 100 × 3.00 = 300.00; 100 × 4.50 = 450.00; 112.347 × 6.00 = 674.082 → 674.08; energy 1424.08
    // duty 6% × 1424.08 = 85.4448 → 85.44; subtotal 90.00 + 1424.08 + 85.44 = 1599.52
    // tax 2% × 1599.52 = 31.9904 → 31.99; total 1631.51
    assertThat(b.linesOf(LineKind.ENERGY_SLAB)).extracting(BillLine::amount)
        .containsExactly(inr("300.00"), inr("450.00"), inr("674.08"));
    assertThat(b.amountOf(LineKind.DUTY)).isEqualByComparingTo(inr("85.44"));
    assertThat(b.amountOf(LineKind.TAX)).isEqualByComparingTo(inr("31.99"));
    assertThat(b.total()).isEqualByComparingTo(inr("1631.51"));
    assertThat(b.dueDate()).isEqualTo(LocalDate.of(2026, 12, 16));
  }

  @Test
  void zeroConsumptionIsToppedUpToTheMinimumCharge() {
    Bill b = bill("0", "0");
    // fixed 90.00 < minimum 100.00: top-up 10.00; tax 2% × 100.00 = 2.00; total 102.00
    assertThat(b.linesOf(LineKind.ENERGY_SLAB)).isEmpty();
    assertThat(b.amountOf(LineKind.MINIMUM_CHARGE_TOP_UP)).isEqualByComparingTo(inr("10.00"));
    assertThat(b.total()).isEqualByComparingTo(inr("102.00"));
  }

  @Test
  void netMeteringOffsetsImportAndCreditsOnlyTheSurplus() {
    Bill offset = bill("150", "30");
    // billed 120 kWh: 300.00 + 20 × 4.50 = 90.00 → energy 390.00; duty 23.40
    // subtotal 90.00 + 390.00 + 23.40 = 503.40; tax 10.068 → 10.07; total 513.47
    assertThat(offset.billedKwh()).isEqualByComparingTo(inr("120"));
    assertThat(offset.linesOf(LineKind.EXPORT_CREDIT)).isEmpty();
    assertThat(offset.total()).isEqualByComparingTo(inr("513.47"));

    Bill surplus = bill("40", "100");
    // billed 0 kWh; surplus 60 × 2.50 = −150.00; subtotal 90.00 − 150.00 = −60.00
    // top-up to 100.00 = 160.00; tax 2.00; total 102.00
    assertThat(surplus.amountOf(LineKind.EXPORT_CREDIT)).isEqualByComparingTo(inr("-150.00"));
    assertThat(surplus.amountOf(LineKind.MINIMUM_CHARGE_TOP_UP)).isEqualByComparingTo(inr("160.00"));
    assertThat(surplus.total()).isEqualByComparingTo(inr("102.00"));
  }

  @Test
  void thePreviousVersionBillsPeriodsStartingBeforeTheChange() {
    BillingPeriod march = BillingPeriod.ofMonth(YearMonth.of(2026, 3));
    Bill b = CALC.calculate(BillInput.actual("M1", ExampleTariffs.DOMESTIC, march, "2", "150", "0"));
    // DOM-LT1-2025: fixed 45.00 + 40.00 = 85.00; 100 × 2.80 + 50 × 4.20 = 280.00 + 210.00 = 490.00
    // duty 29.40; subtotal 604.40; tax 12.088 → 12.09; total 616.49
    assertThat(b.tariffCode()).isEqualTo("DOM-LT1-2025");
    assertThat(b.total()).isEqualByComparingTo(inr("616.49"));
  }

  @Test
  void totalIsTheSumOfRoundedLines() {
    Bill b = bill("312.347", "0");
    BigDecimal sum = b.lines().stream().map(BillLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(b.total()).isEqualByComparingTo(sum);
    assertThat(b.lines()).extracting(BillLine::kind).containsExactly(
        LineKind.FIXED, LineKind.ENERGY_SLAB, LineKind.ENERGY_SLAB, LineKind.ENERGY_SLAB, LineKind.DUTY, LineKind.TAX);
    assertThat(List.copyOf(b.lines())).allSatisfy(l -> assertThat(l.amount().scale()).isEqualTo(2));
  }
}
