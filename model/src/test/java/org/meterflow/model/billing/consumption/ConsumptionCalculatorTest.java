package org.meterflow.model.billing.consumption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.meterflow.model.billing.BillingPeriod;
import org.meterflow.model.billing.consumption.ConsumptionSettings.GapPolicy;

class ConsumptionCalculatorTest {

  private static final ConsumptionCalculator CALC = new ConsumptionCalculator(ConsumptionSettings.defaults());

  /** A register growing 1 kWh per hour from 0 at {@code from}, one reading every {@code step}. */
  private static List<RegisterSample> hourlyKwh(Instant from, Instant to, Duration step) {
    List<RegisterSample> out = new ArrayList<>();
    for (Instant t = from; !t.isAfter(to); t = t.plus(step)) {
      out.add(new RegisterSample(t, Duration.between(from, t).toSeconds() / 3600.0));
    }
    return out;
  }

  private static Instant at(String iso) {
    return Instant.parse(iso);
  }

  @Test
  void interpolatesLinearlyAtTheExactBoundaries() {
    List<RegisterSample> s = List.of(
        new RegisterSample(at("2026-10-31T23:40:00Z"), 100.0),
        new RegisterSample(at("2026-11-01T00:10:00Z"), 103.0),
        new RegisterSample(at("2026-11-30T23:50:00Z"), 400.0),
        new RegisterSample(at("2026-12-01T00:20:00Z"), 406.0));
    RegisterConsumption c = CALC.register(s, at("2026-11-01T00:00:00Z"), at("2026-12-01T00:00:00Z"));
    // start: 100 + 3 × 20/30 = 102; end: 400 + 6 × 10/30 = 402
    assertThat(c.startEvidence().register()).isCloseTo(102.0, within(1e-9));
    assertThat(c.endEvidence().register()).isCloseTo(402.0, within(1e-9));
    assertThat(c.kwh()).isCloseTo(300.0, within(1e-9));
    assertThat(c.startEvidence().method()).isEqualTo(EstimationMethod.INTERPOLATED);
    assertThat(c.startEvidence().before().kwh()).isEqualTo(100.0);
    assertThat(c.startEvidence().after().kwh()).isEqualTo(103.0);
    assertThat(c.estimated()).isFalse();
    assertThat(c.partial()).isFalse();
  }

  @Test
  void readingsOutOfOrderAndDuplicatedAreSortedAndDeduplicated() {
    List<RegisterSample> s = List.of(
        new RegisterSample(at("2026-11-02T00:00:00Z"), 30.0),
        new RegisterSample(at("2026-11-01T00:00:00Z"), 10.0),
        new RegisterSample(at("2026-11-02T00:00:00Z"), 34.0));
    RegisterConsumption c = CALC.register(s, at("2026-11-01T00:00:00Z"), at("2026-11-02T00:00:00Z"));
    assertThat(c.kwh()).isEqualTo(24.0);
  }

  @Test
  void boundaryFarFromReadingsIsInterpolatedAcrossTheGapAndFlagged() {
    List<RegisterSample> s = List.of(
        new RegisterSample(at("2026-10-31T12:00:00Z"), 100.0),
        new RegisterSample(at("2026-11-01T12:00:00Z"), 124.0),
        new RegisterSample(at("2026-11-02T00:00:00Z"), 136.0));
    RegisterConsumption c = CALC.register(s, at("2026-11-01T00:00:00Z"), at("2026-11-02T00:00:00Z"));
    assertThat(c.startEvidence().method()).isEqualTo(EstimationMethod.INTERPOLATED_ACROSS_GAP);
    assertThat(c.kwh()).isCloseTo(24.0, within(1e-9));
    assertThat(c.estimated()).isTrue();
    assertThat(c.methods()).containsExactly(EstimationMethod.INTERPOLATED_ACROSS_GAP);
  }

  @Test
  void gapInsideThePeriodTrustsARegisterButFillsARebuiltOne() {
    Instant start = at("2026-11-01T00:00:00Z");
    Instant end = at("2026-11-03T00:00:00Z");
    List<RegisterSample> s = new ArrayList<>(hourlyKwh(start, at("2026-11-01T12:00:00Z"), Duration.ofHours(1)));
    // 12 hours without readings, then the register resumes 1 kWh above (a rebuilt register lost 11 kWh)
    Instant resume = at("2026-11-02T00:00:00Z");
    for (Instant t = resume; !t.isAfter(end); t = t.plus(Duration.ofHours(1))) {
      s.add(new RegisterSample(t, 13.0 + Duration.between(resume, t).toHours()));
    }
    RegisterConsumption trusted = CALC.register(s, start, end);
    assertThat(trusted.kwh()).isCloseTo(37.0, within(1e-9));
    assertThat(trusted.estimated()).isFalse();
    assertThat(trusted.gaps()).hasSize(1);
    assertThat(trusted.coverage()).isCloseTo(36.0 / 48.0, within(1e-9));

    ConsumptionCalculator rebuilt = new ConsumptionCalculator(
        ConsumptionSettings.defaults().withGapPolicy(GapPolicy.FILL_AVERAGE_RATE));
    RegisterConsumption filled = rebuilt.register(s, start, end);
    // average rate 1 kWh/h on covered hours; gap of 12 h minus the 1 h carried by the next reading
    assertThat(filled.gaps().get(0).filledKwh()).isCloseTo(11.0, within(1e-9));
    assertThat(filled.kwh()).isCloseTo(48.0, within(1e-9));
    assertThat(filled.estimated()).isTrue();
    assertThat(filled.methods()).containsExactly(EstimationMethod.GAP_FILLED_AVERAGE_RATE);
  }

  @Test
  void meterInstalledMidPeriodIsBackExtrapolatedAndPartial() {
    Instant start = at("2026-11-01T00:00:00Z");
    Instant end = at("2026-11-02T00:00:00Z");
    List<RegisterSample> s = hourlyKwh(at("2026-11-01T12:00:00Z"), end, Duration.ofMinutes(30));
    RegisterConsumption c = CALC.register(s, start, end);
    assertThat(c.partial()).isTrue();
    assertThat(c.startEvidence().method()).isEqualTo(EstimationMethod.BACK_EXTRAPOLATED_AVERAGE_DAILY);
    assertThat(c.kwh()).isCloseTo(24.0, within(1e-9));
    assertThat(c.averageDailyKwh()).isCloseTo(24.0, within(1e-9));
  }

  @Test
  void noDataIsFlaggedNeverASilentZero() {
    Instant start = at("2026-11-01T00:00:00Z");
    Instant end = at("2026-12-01T00:00:00Z");
    RegisterConsumption none = CALC.register(List.of(), start, end);
    assertThat(none.kwh()).isZero();
    assertThat(none.estimated()).isTrue();
    assertThat(none.partial()).isTrue();
    assertThat(none.methods()).containsExactly(EstimationMethod.NO_DATA);
    assertThat(none.startEvidence().register()).isNull();

    ConsumptionCalculator fallback = new ConsumptionCalculator(ConsumptionSettings.defaults().withFallbackDailyKwh(5.0));
    RegisterConsumption guessed = fallback.register(List.of(), start, end);
    assertThat(guessed.kwh()).isCloseTo(150.0, within(1e-9));
    assertThat(guessed.methods()).containsExactly(EstimationMethod.FALLBACK_AVERAGE_DAILY);

    // a single reading gives no rate: the register is carried, flagged
    RegisterConsumption one = CALC.register(List.of(new RegisterSample(at("2026-11-10T00:00:00Z"), 7.0)), start, end);
    assertThat(one.kwh()).isZero();
    assertThat(one.methods()).containsExactlyInAnyOrder(
        EstimationMethod.FIRST_REGISTER_CARRIED_BACK, EstimationMethod.LAST_REGISTER_CARRIED);
  }

  @Test
  void periodsAreLocalSoAClockChangeMonthHasOneHourMoreOrLess() {
    ZoneId london = ZoneId.of("Europe/London");
    List<RegisterSample> s = hourlyKwh(at("2026-02-25T00:00:00Z"), at("2026-11-05T00:00:00Z"), Duration.ofMinutes(15));
    // March 2026: clocks go forward on the 29th, 31 days minus one hour
    MeterConsumption march = CALC.meter(s, List.of(), BillingPeriod.ofMonth(YearMonth.of(2026, 3)), london);
    assertThat(march.importKwh()).isCloseTo(31 * 24 - 1, within(1e-9));
    // October 2026: clocks go back on the 25th, 31 days plus one hour
    MeterConsumption october = CALC.meter(s, null, BillingPeriod.ofMonth(YearMonth.of(2026, 10)), london);
    assertThat(october.importKwh()).isCloseTo(31 * 24 + 1, within(1e-9));
    assertThat(october.estimated()).isFalse();
    assertThat(october.exported()).isNull();
    // a cycle-day period spanning the change: [15 Mar, 15 Apr) local = 31 days − 1 h
    MeterConsumption cycle = CALC.meter(s, null,
        new BillingPeriod(LocalDate.of(2026, 3, 15), LocalDate.of(2026, 4, 15)), ZoneId.of("America/New_York"));
    assertThat(cycle.importKwh()).isCloseTo(31 * 24, within(1e-9)); // New York changed on 8 March
    MeterConsumption ny = CALC.meter(s, null, BillingPeriod.ofMonth(YearMonth.of(2026, 3)), ZoneId.of("America/New_York"));
    assertThat(ny.importKwh()).isCloseTo(31 * 24 - 1, within(1e-9));
    assertThat(march.period().startInstant(london)).isEqualTo(at("2026-03-01T00:00:00Z"));
    assertThat(march.period().endInstant(london)).isEqualTo(at("2026-03-31T23:00:00Z"));
  }
}
