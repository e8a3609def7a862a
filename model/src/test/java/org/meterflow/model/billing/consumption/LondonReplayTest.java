package org.meterflow.model.billing.consumption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.meterflow.model.billing.BillingPeriod;
import org.meterflow.model.billing.bill.Bill;
import org.meterflow.model.billing.bill.BillCalculator;
import org.meterflow.model.billing.bill.BillInput;
import org.meterflow.model.billing.bill.Money;
import org.meterflow.model.billing.consumption.ConsumptionSettings.GapPolicy;
import org.meterflow.model.billing.consumption.ConsumptionSettings.TailPolicy;
import org.meterflow.model.billing.tariff.ExampleTariffs;

/** Real data: London households of 2013 replayed as cumulative registers (see LondonHousehold). */
class LondonReplayTest {

  private static final ZoneId LONDON = ZoneId.of("Europe/London");
  private static final ConsumptionCalculator TRUSTED = new ConsumptionCalculator(ConsumptionSettings.defaults());
  /**
   * A register rebuilt from deltas lost the consumption of missing half hours: every missing half
   * hour (readings more than 45 minutes apart) is a gap, filled at the average rate.
   */
  private static final ConsumptionCalculator REBUILT = new ConsumptionCalculator(new ConsumptionSettings(
      Duration.ofHours(1), Duration.ofMinutes(45), GapPolicy.FILL_AVERAGE_RATE,
      TailPolicy.EXTRAPOLATE_AVERAGE_DAILY, null));

  @Test
  void mac000002MonthsMatchTheFileInLocalAndUtcMonths() {
    LondonHousehold h = LondonHousehold.load("MAC000002.csv");
    for (ZoneId zone : new ZoneId[] {LONDON, ZoneOffset.UTC}) {
      double year = 0;
      for (int m = 1; m <= 12; m++) {
        BillingPeriod p = BillingPeriod.ofMonth(YearMonth.of(2013, m));
        Instant from = p.startInstant(zone);
        Instant to = p.endInstant(zone);
        RegisterConsumption c = REBUILT.register(h.register, from, to);
        double expected = h.sumOfDeltas(from, to);
        assertThat(c.kwh()).as("%s %s", zone, p).isCloseTo(expected, within(1e-6 * expected));
        assertThat(c.estimated()).as("%s %s", zone, p).isFalse();
        assertThat(c.partial()).isFalse();
        assertThat(c.methods()).isEmpty();
        assertThat(c.startEvidence().method()).isEqualTo(EstimationMethod.EXACT);
        assertThat(c.endEvidence().method()).isEqualTo(EstimationMethod.EXACT);
        year += c.kwh();
      }
      double total = LondonHousehold.summaryTotal("MAC000002.csv");
      assertThat(year).as("%s year", zone).isCloseTo(total, within(1e-6 * total));
    }
    RegisterConsumption wholeYear = TRUSTED.register(h.register,
        BillingPeriod.ofMonth(YearMonth.of(2013, 1)).startInstant(LONDON),
        BillingPeriod.ofMonth(YearMonth.of(2013, 12)).endInstant(LONDON));
    assertThat(wholeYear.kwh()).isCloseTo(4214.648, within(1e-6 * 4214.648));
  }

  @Test
  void mac000002MarchBillsTheFilesMarchSum() {
    LondonHousehold h = LondonHousehold.load("MAC000002.csv");
    BillingPeriod march = BillingPeriod.ofMonth(YearMonth.of(2013, 3));
    MeterConsumption c = REBUILT.meter(h.register, null, march, LONDON);
    double expected = h.sumOfDeltas(march.startInstant(LONDON), march.endInstant(LONDON));
    Bill bill = new BillCalculator(ExampleTariffs.book(), 15).calculate(
        BillInput.from("MAC000002", ExampleTariffs.DOMESTIC, BigDecimal.ONE, c, null),
        ExampleTariffs.domestic2026());
    assertThat(bill.billedKwh()).isEqualByComparingTo(Money.kwh(expected));
    assertThat(bill.estimated()).isFalse();
  }

  @Test
  void mac000079MissingDaysAreFilledAndFlagged() {
    LondonHousehold h = LondonHousehold.load("MAC000079.csv");
    int estimatedMonths = 0;
    double year = 0;
    for (int m = 1; m <= 12; m++) {
      BillingPeriod p = BillingPeriod.ofMonth(YearMonth.of(2013, m));
      Instant from = p.startInstant(LONDON);
      Instant to = p.endInstant(LONDON);
      RegisterConsumption c = REBUILT.register(h.register, from, to);
      double available = h.sumOfDeltas(from, to);
      assertThat(c.kwh()).as("month %d", m).isPositive();
      if (c.gaps().isEmpty()) {
        assertThat(c.estimated()).isFalse();
        assertThat(c.kwh()).isCloseTo(available, within(1e-6 * available));
      } else {
        estimatedMonths++;
        assertThat(c.estimated()).as("month %d", m).isTrue();
        assertThat(c.methods()).containsExactly(EstimationMethod.GAP_FILLED_AVERAGE_RATE);
        assertThat(c.kwh()).isGreaterThan(available);
        assertThat(c.coverage()).isLessThan(1.0);
      }
      // a genuine register would have bridged the gap: the difference is then the file's own sum
      RegisterConsumption trusted = TRUSTED.register(h.register, from, to);
      assertThat(trusted.kwh()).isCloseTo(available, within(1e-6 * available));
      assertThat(trusted.estimated()).isFalse();
      year += trusted.kwh();
    }
    assertThat(estimatedMonths).isEqualTo(4); // June, July, August, October
    double total = LondonHousehold.summaryTotal("MAC000079.csv");
    assertThat(year).isCloseTo(total, within(1e-6 * total));
  }

  @Test
  void mac000016StopsMidJanuaryAndIsExtrapolated() {
    LondonHousehold h = LondonHousehold.load("MAC000016.csv");
    BillingPeriod jan = BillingPeriod.ofMonth(YearMonth.of(2013, 1));
    RegisterConsumption c = REBUILT.register(h.register, jan.startInstant(LONDON), jan.endInstant(LONDON));
    assertThat(c.partial()).isTrue();
    assertThat(c.estimated()).isTrue();
    assertThat(c.endEvidence().method()).isEqualTo(EstimationMethod.EXTRAPOLATED_AVERAGE_DAILY);
    assertThat(c.endEvidence().before().ts()).isEqualTo(Instant.parse("2013-01-16T00:30:00Z"));
    assertThat(c.endEvidence().after()).isNull();
    double perDay = 22.025 / (15 + 1 / 48.0);
    assertThat(c.averageDailyKwh()).isCloseTo(perDay, within(1e-9));
    assertThat(c.kwh()).isCloseTo(perDay * 31, within(1e-6));

    BillingPeriod feb = BillingPeriod.ofMonth(YearMonth.of(2013, 2));
    RegisterConsumption none = REBUILT.register(h.register, feb.startInstant(LONDON), feb.endInstant(LONDON));
    assertThat(none.partial()).isTrue();
    assertThat(none.methods()).containsExactly(EstimationMethod.EXTRAPOLATED_AVERAGE_DAILY);
    assertThat(none.kwh()).isCloseTo(perDay * 28, within(1e-6));

    ConsumptionCalculator carry = new ConsumptionCalculator(
        ConsumptionSettings.defaults().withMissingTail(TailPolicy.CARRY_LAST_REGISTER));
    RegisterConsumption carried = carry.register(h.register, jan.startInstant(LONDON), jan.endInstant(LONDON));
    assertThat(carried.kwh()).isCloseTo(22.025, within(1e-9));
    assertThat(carried.partial()).isTrue();
    assertThat(carried.methods()).containsExactly(EstimationMethod.LAST_REGISTER_CARRIED);
    RegisterConsumption carriedFeb = carry.register(h.register, feb.startInstant(LONDON), feb.endInstant(LONDON));
    assertThat(carriedFeb.kwh()).isZero();
    assertThat(carriedFeb.estimated()).isTrue(); // a zero, but flagged with its method: not silent
    assertThat(carriedFeb.methods()).containsExactly(EstimationMethod.LAST_REGISTER_CARRIED);
  }
}
