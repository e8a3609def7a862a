package org.meterflow.model.utilisation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class UtilisationMatrixTest {

  private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
  private static final ZoneId LONDON = ZoneId.of("Europe/London");
  private static final UtilisationThresholds DEFAULT = UtilisationThresholds.defaults();

  @Test
  void cellsAreLocalHoursOfTheUtilityZone() {
    // 2026-11-23 is a Monday; 18:30 UTC is 00:00 IST on Tuesday.
    UtilisationMatrix m = UtilisationMatrix.builder(100, KOLKATA)
        .add(Instant.parse("2026-11-23T18:30:00Z"), 50)
        .add(Instant.parse("2026-11-23T18:45:00Z"), 70)
        .build();
    assertThat(m.samples(DayOfWeek.TUESDAY, 0)).isEqualTo(2);
    assertThat(m.samples(DayOfWeek.MONDAY, 18)).isZero();
    assertThat(m.value(UtilisationStat.PEAK, DayOfWeek.TUESDAY, 0)).isEqualTo(0.7);
    assertThat(m.value(UtilisationStat.MEAN, DayOfWeek.TUESDAY, 0)).isCloseTo(0.6, within(1e-12));
  }

  @Test
  void flagsAtEightyAndHundredPercentAreInclusive() {
    assertThat(DEFAULT.flag(0.7999)).isEqualTo(UtilisationFlag.NORMAL);
    assertThat(DEFAULT.flag(0.8)).isEqualTo(UtilisationFlag.HIGH);
    assertThat(DEFAULT.flag(0.9999)).isEqualTo(UtilisationFlag.HIGH);
    assertThat(DEFAULT.flag(1.0)).isEqualTo(UtilisationFlag.OVERLOAD);
    assertThat(DEFAULT.flag(Double.NaN)).isEqualTo(UtilisationFlag.NO_DATA);

    Instant t = Instant.parse("2026-11-23T06:00:00Z");
    assertThat(UtilisationMatrix.builder(250, KOLKATA).add(t, 200).build().flag(UtilisationStat.PEAK, DEFAULT))
        .as("200 of 250 kVA is exactly 80 %").isEqualTo(UtilisationFlag.HIGH);
    assertThat(UtilisationMatrix.builder(250, KOLKATA).add(t, 199.9).build().flag(UtilisationStat.PEAK, DEFAULT))
        .isEqualTo(UtilisationFlag.NORMAL);
    assertThat(UtilisationMatrix.builder(250, KOLKATA).add(t, 250).build().flag(UtilisationStat.PEAK, DEFAULT))
        .as("exactly the rating").isEqualTo(UtilisationFlag.OVERLOAD);
    assertThat(UtilisationMatrix.builder(250, KOLKATA).build().flag(UtilisationStat.PEAK, DEFAULT))
        .isEqualTo(UtilisationFlag.NO_DATA);
  }

  @Test
  void peakP95AndMeanOfOneCell() {
    UtilisationMatrix.Builder b = UtilisationMatrix.builder(100, KOLKATA);
    // 20 Mondays' 10:00 IST intervals with loads 1..20 kVA, plus one spike of 120.
    Instant firstMonday = LocalDate.of(2026, 1, 5).atTime(10, 0).atZone(KOLKATA).toInstant();
    for (int i = 1; i <= 20; i++) {
      b.add(firstMonday.plus(Duration.ofDays(7L * (i - 1))), i);
    }
    b.add(firstMonday.plus(Duration.ofMinutes(15)), 120);
    UtilisationMatrix m = b.build();
    assertThat(m.samples(DayOfWeek.MONDAY, 10)).isEqualTo(21);
    assertThat(m.value(UtilisationStat.PEAK, DayOfWeek.MONDAY, 10)).isEqualTo(1.2);
    // sorted 0.01..0.20, 1.2: position 0.95 × 20 = 19 → the 20th value, 0.20.
    assertThat(m.value(UtilisationStat.P95, DayOfWeek.MONDAY, 10)).isCloseTo(0.20, within(1e-12));
    assertThat(m.value(UtilisationStat.MEAN, DayOfWeek.MONDAY, 10)).isCloseTo((210 + 120) / 21.0 / 100, within(1e-12));
    assertThat(m.flag(UtilisationStat.PEAK, DEFAULT)).isEqualTo(UtilisationFlag.OVERLOAD);
    assertThat(m.flag(UtilisationStat.P95, DEFAULT)).as("one spike does not make the p95 view overloaded")
        .isEqualTo(UtilisationFlag.NORMAL);
    assertThat(m.cellsAtOrAbove(UtilisationStat.PEAK, 1.0)).isEqualTo(1);
  }

  @Test
  void missingHoursAreEmptyNotZeroAndDoNotMoveOthers() {
    UtilisationMatrix.Builder b = UtilisationMatrix.builder(100, KOLKATA);
    Instant day = LocalDate.of(2026, 11, 25).atStartOfDay(KOLKATA).toInstant(); // a Wednesday
    for (int h = 0; h < 24; h++) {
      if (h >= 9 && h <= 11) {
        continue; // no data 09:00–12:00
      }
      b.add(day.plus(Duration.ofHours(h)), 10 + h);
    }
    b.add(day.plus(Duration.ofHours(20)), Double.NaN); // a NaN interval is skipped too
    UtilisationMatrix m = b.build();
    assertThat(m.samples()).isEqualTo(21);
    for (int h = 9; h <= 11; h++) {
      assertThat(m.value(UtilisationStat.PEAK, DayOfWeek.WEDNESDAY, h)).isNaN();
      assertThat(m.value(UtilisationStat.MEAN, DayOfWeek.WEDNESDAY, h)).isNaN();
    }
    assertThat(m.value(UtilisationStat.PEAK, DayOfWeek.WEDNESDAY, 12)).isEqualTo(0.22);
    assertThat(m.value(UtilisationStat.PEAK, DayOfWeek.WEDNESDAY, 8)).isEqualTo(0.18);
    assertThat(m.grid(UtilisationStat.MEAN)[2][9]).isNaN();
    assertThat(m.overall(UtilisationStat.PEAK)).isEqualTo(0.33);
  }

  @Test
  void autumnDaylightSavingDayPoolsTheRepeatedHourWithoutShiftingTheRest() {
    // Europe/London 2026-10-25 (Sunday): 01:00–02:00 local happens twice (BST then GMT).
    UtilisationMatrix.Builder b = UtilisationMatrix.builder(100, LONDON);
    Instant start = LocalDate.of(2026, 10, 25).atStartOfDay(LONDON).toInstant();
    Instant end = LocalDate.of(2026, 10, 26).atStartOfDay(LONDON).toInstant();
    int intervals = 0;
    for (Instant t = start; t.isBefore(end); t = t.plus(Duration.ofHours(1))) {
      int localHour = t.atZone(LONDON).getHour();
      b.add(t, localHour == 1 ? 50 + intervals : 10 * localHour % 97);
      intervals++;
    }
    UtilisationMatrix m = b.build();
    assertThat(intervals).as("a 25-hour day").isEqualTo(25);
    assertThat(m.samples(DayOfWeek.SUNDAY, 1)).isEqualTo(2);
    assertThat(m.value(UtilisationStat.PEAK, DayOfWeek.SUNDAY, 1)).as("the later of the two 01:00 hours").isEqualTo(0.52);
    for (int h = 2; h < 24; h++) {
      assertThat(m.samples(DayOfWeek.SUNDAY, h)).isEqualTo(1);
      assertThat(m.value(UtilisationStat.PEAK, DayOfWeek.SUNDAY, h)).as("hour %d on the wall clock", h)
          .isEqualTo((10 * h % 97) / 100.0);
    }
  }

  @Test
  void springDaylightSavingDayHasNoSkippedHourAndKeepsTheRest() {
    // Europe/London 2026-03-29 (Sunday): 01:00–02:00 local does not exist (23-hour day).
    UtilisationMatrix.Builder b = UtilisationMatrix.builder(100, LONDON);
    Instant start = LocalDate.of(2026, 3, 29).atStartOfDay(LONDON).toInstant();
    Instant end = LocalDate.of(2026, 3, 30).atStartOfDay(LONDON).toInstant();
    for (Instant t = start; t.isBefore(end); t = t.plus(Duration.ofMinutes(30))) {
      b.add(t, t.atZone(LONDON).getHour());
    }
    UtilisationMatrix m = b.build();
    assertThat(m.samples()).isEqualTo(46);
    assertThat(m.samples(DayOfWeek.SUNDAY, 1)).isZero();
    assertThat(m.value(UtilisationStat.PEAK, DayOfWeek.SUNDAY, 1)).isNaN();
    assertThat(m.value(UtilisationStat.PEAK, DayOfWeek.SUNDAY, 2)).isEqualTo(0.02);
    assertThat(m.value(UtilisationStat.PEAK, DayOfWeek.SUNDAY, 23)).isEqualTo(0.23);
    assertThat(m.samples(DayOfWeek.MONDAY, 0)).isZero();
  }

  @Test
  void ratingMustBePositive() {
    assertThatThrownBy(() -> UtilisationMatrix.builder(0, KOLKATA)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new UtilisationThresholds(0.9, 0.8)).isInstanceOf(IllegalArgumentException.class);
  }
}
