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

class RevisionTest {

  private static final BillingPeriod NOV = BillingPeriod.ofMonth(YearMonth.of(2026, 11));
  private static final BillCalculator CALC = new BillCalculator(ExampleTariffs.book(), 15);

  private static Bill bill(String kwh, boolean estimated) {
    return CALC.calculate(new BillInput("M1", ExampleTariffs.DOMESTIC, NOV, BigDecimal.ONE, new BigDecimal(kwh),
        BigDecimal.ZERO, Map.of(), estimated,
        estimated ? Set.of(EstimationMethod.EXTRAPOLATED_AVERAGE_DAILY) : Set.of()));
  }

  @Test
  void recomputingUnchangedDataNeedsNoRevision() {
    Revision r = Revision.between(bill("150", false), bill("150.000", false));
    assertThat(r.needed()).isFalse();
    assertThat(r.reasons()).isEmpty();
    assertThat(r.totalDelta()).isEqualByComparingTo("0");
  }

  @Test
  void aLaterTrueReadingThatChangesTheAmountsIsARevision() {
    Revision r = Revision.between(bill("150", true), bill("162.5", false));
    assertThat(r.needed()).isTrue();
    // 12.5 kWh more in slab 2 at 4.50 = 56.25; duty 6% → 3.38; tax 2% of 59.63 → 1.19: +60.82
    assertThat(r.totalDelta()).isEqualByComparingTo("60.82");
    assertThat(r.reasons()).anyMatch(s -> s.startsWith("import 150"))
        .contains("estimate replaced by actual readings");
  }

  @Test
  void anEstimateConfirmedAtTheSameAmountIsStillRevisedToDropTheFlag() {
    assertThat(Revision.between(bill("150", true), bill("150", false)).reasons())
        .containsExactly("estimate replaced by actual readings");
    assertThat(Revision.between(bill("150", false), bill("150", true)).needed()).isFalse();
  }

  @Test
  void billsOfDifferentPeriodsAreNotComparable() {
    Bill other = CALC.calculate(BillInput.actual("M1", ExampleTariffs.DOMESTIC,
        BillingPeriod.ofMonth(YearMonth.of(2026, 12)), "1", "150", "0"));
    assertThatThrownBy(() -> Revision.between(bill("150", false), other))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
