package org.meterflow.model.billing.tariff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.meterflow.model.billing.tariff.TodSplit.IntervalKwh;

class TariffBookTest {

  @Test
  void theVersionInForceOnADateIsTheLatestEffectiveOnOrBeforeIt() {
    TariffBook book = ExampleTariffs.book();
    assertThat(book.inForce("domestic", LocalDate.of(2025, 3, 31))).isEmpty();
    assertThat(book.inForce("domestic", LocalDate.of(2025, 4, 1))).get()
        .extracting(TariffVersion::code).isEqualTo("DOM-LT1-2025");
    assertThat(book.inForce("domestic", LocalDate.of(2026, 3, 31))).get()
        .extracting(TariffVersion::code).isEqualTo("DOM-LT1-2025");
    assertThat(book.inForce("domestic", LocalDate.of(2026, 4, 1))).get()
        .extracting(TariffVersion::code).isEqualTo("DOM-LT1-2026");
    assertThat(book.inForce("commercial", LocalDate.of(2030, 1, 1))).get()
        .extracting(TariffVersion::code).isEqualTo("COM-TOD-2026");
  }

  @Test
  void twoVersionsOfACategoryOnTheSameDateAreRejected() {
    assertThatThrownBy(() -> new TariffBook(List.of(ExampleTariffs.domestic2026(), ExampleTariffs.domestic2026())))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void slabsMustAscendAndEndUnbounded() {
    assertThatThrownBy(() -> SlabEnergy.of(Slab.upTo("100", "3"), Slab.upTo("50", "4"), Slab.above("5")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SlabEnergy.of(Slab.upTo("100", "3")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void todWindowsMustCoverEveryHourOnce() {
    BigDecimal one = BigDecimal.ONE;
    assertThatThrownBy(() -> new TodEnergy(one, List.of(new TodWindow("day", 6, 22, one)), "day"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hour 0");
    assertThatThrownBy(() -> new TodEnergy(one, List.of(
        new TodWindow("a", 0, 24, one), new TodWindow("b", 6, 7, one)), "a"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new TodEnergy(one, List.of(new TodWindow("flat", 0, 24, one)), "flat").windowAt(23).name())
        .isEqualTo("flat");
  }

  @Test
  void intervalsAreSplitByTheLocalHourTheyStartIn() {
    TodEnergy tod = (TodEnergy) ExampleTariffs.commercialTod2026().energy();
    ZoneId kolkata = ZoneId.of("Asia/Kolkata");
    List<IntervalKwh> day = new ArrayList<>();
    // one local day in Kolkata (UTC+05:30): 48 half hours of 0.5 kWh from 2026-11-01 00:00 IST
    Instant start = Instant.parse("2026-10-31T18:30:00Z");
    for (int i = 0; i < 48; i++) {
      day.add(new IntervalKwh(start.plusSeconds(1800L * i), 0.5));
    }
    Map<String, Double> split = TodSplit.split(day, tod, kolkata);
    assertThat(split).containsEntry("off-peak", 8.0).containsEntry("normal", 12.0).containsEntry("peak", 4.0);
  }

  @Test
  void hoursOfTheDayGoToTheirWindowsAndABackwardHourCountsAsNothing() {
    TodEnergy tod = (TodEnergy) ExampleTariffs.commercialTod2026().energy();
    double[] hours = new double[24];
    for (int h = 0; h < 24; h++) {
      hours[h] = h + 1; // 1 kWh in hour 0, 2 in hour 1, …
    }
    hours[3] = -5; // a register that ran backwards in that hour
    Map<String, Double> split = TodSplit.byHourOfDay(hours, tod);
    // off-peak 22–06: hours 22, 23, 0, 1, 2, 4, 5 (3 counts 0) = 23 + 24 + 1 + 2 + 3 + 5 + 6
    assertThat(split).containsEntry("off-peak", 64.0)
        // normal 06–18: 7 + … + 18
        .containsEntry("normal", 150.0)
        // peak 18–22: 19 + 20 + 21 + 22
        .containsEntry("peak", 82.0);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TodSplit.byHourOfDay(new double[23], tod))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
