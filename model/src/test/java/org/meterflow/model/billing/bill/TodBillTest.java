package org.meterflow.model.billing.bill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.meterflow.model.billing.BillingPeriod;
import org.meterflow.model.billing.consumption.EstimationMethod;
import org.meterflow.model.billing.tariff.ExampleTariffs;

/**
 * The commercial example (COM-TOD-2026): fixed 150.00 + 100.00/kW; base 7.00/kWh × off-peak 0.80
 * (22–06), normal 1.00 (06–18), peak 1.20 (18–22); net billing export at 3.00; duty 8%; tax 5%;
 * minimum 500.00. Sanctioned load 10 kW: fixed 150.00 + 1000.00 = 1150.00.
 */
class TodBillTest {

  private static final BillingPeriod NOV = BillingPeriod.ofMonth(YearMonth.of(2026, 11));
  private static final BillCalculator CALC = new BillCalculator(ExampleTariffs.book(), 10);

  private static BillInput input(String importKwh, String exportKwh, Map<String, BigDecimal> tod, boolean estimated) {
    return new BillInput("C1", ExampleTariffs.COMMERCIAL, NOV, new BigDecimal("10"), new BigDecimal(importKwh),
        new BigDecimal(exportKwh), tod, estimated, estimated ? Set.of(EstimationMethod.EXTRAPOLATED_AVERAGE_DAILY) : Set.of());
  }

  @Test
  void windowsAreChargedAtBaseRateTimesMultiplier() {
    Bill b = CALC.calculate(input("1000", "100", Map.of(
        "off-peak", new BigDecimal("300"), "normal", new BigDecimal("500"), "peak", new BigDecimal("200")), false));
    // off-peak 300 × 5.60 = 1680.00; normal 500 × 7.00 = 3500.00; peak 200 × 8.40 = 1680.00; energy 6860.00
    // export (net billing) 100 × 3.00 = −300.00; duty 8% × 6860.00 = 548.80
    // subtotal 1150.00 + 6860.00 − 300.00 + 548.80 = 8258.80; tax 5% = 412.94; total 8671.74
    assertThat(b.linesOf(LineKind.ENERGY_TOD)).extracting(BillLine::amount)
        .containsExactly(new BigDecimal("1680.00"), new BigDecimal("3500.00"), new BigDecimal("1680.00"));
    assertThat(b.amountOf(LineKind.EXPORT_CREDIT)).isEqualByComparingTo("-300.00");
    assertThat(b.amountOf(LineKind.DUTY)).isEqualByComparingTo("548.80");
    assertThat(b.amountOf(LineKind.TAX)).isEqualByComparingTo("412.94");
    assertThat(b.total()).isEqualByComparingTo("8671.74");
    assertThat(b.dueDate()).isEqualTo(NOV.end().plusDays(10));
  }

  @Test
  void splitIsApportionedToTheRegisterTotal() {
    // interval data summed to 999 kWh, the register says 1000: windows scaled, remainder to the last
    Bill b = CALC.calculate(input("1000", "0", Map.of(
        "off-peak", new BigDecimal("333"), "normal", new BigDecimal("333"), "peak", new BigDecimal("333")), false));
    assertThat(b.linesOf(LineKind.ENERGY_TOD)).extracting(BillLine::quantity)
        .usingElementComparator(BigDecimal::compareTo)
        .containsExactly(new BigDecimal("333.333"), new BigDecimal("333.333"), new BigDecimal("333.334"));
  }

  @Test
  void withoutIntervalDataEverythingIsBilledInTheBaseWindowAndFlagged() {
    Bill b = CALC.calculate(input("100", "0", Map.of(), true));
    // normal 100 × 7.00 = 700.00; duty 56.00; subtotal 1906.00; tax 95.30; total 2001.30
    assertThat(b.linesOf(LineKind.ENERGY_TOD)).singleElement()
        .satisfies(l -> assertThat(l.description()).contains("normal"));
    assertThat(b.total()).isEqualByComparingTo("2001.30");
    assertThat(b.estimated()).isTrue();
    assertThat(b.methods()).containsExactly(EstimationMethod.EXTRAPOLATED_AVERAGE_DAILY);
  }

  @Test
  void aCategoryWithoutTariffIsAConfigurationError() {
    BillInput in = BillInput.actual("X", "agricultural", NOV, "1", "1", "0");
    assertThatThrownBy(() -> CALC.calculate(in)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("agricultural");
  }
}
