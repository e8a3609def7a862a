package org.meterflow.timeseries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Pairing consecutive readings and summing them by the local hour each interval starts in. */
class HourOfDayEnergyTest {

  private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
  private static final Instant MIDNIGHT = LocalDate.of(2026, 9, 10).atStartOfDay(KOLKATA).toInstant();

  @Test
  void anIntervalCountsInTheLocalHourItStartsIn() {
    HourOfDayEnergy energy = new HourOfDayEnergy(KOLKATA, Duration.ofHours(1));
    // 18:45 → 19:00 local: starts in hour 18 although it ends in 19
    Instant t = MIDNIGHT.plus(Duration.ofHours(18).plusMinutes(45));
    energy.reading("M1", ms(t), 10.0);
    energy.reading("M1", ms(t.plus(Duration.ofMinutes(15))), 12.5);
    energy.reading("M1", ms(t.plus(Duration.ofMinutes(30))), 13.0);
    double[] m1 = energy.sums().get("M1");
    assertThat(m1[18]).isCloseTo(2.5, within(1e-12));
    assertThat(m1[19]).isCloseTo(0.5, within(1e-12));
    // UTC 13:15 is 18:45 in Kolkata: the hour comes from the zone, not UTC
    assertThat(m1[13]).isZero();
  }

  @Test
  void intervalsLongerThanTheLimitInWholeSecondsAreLeftOut() {
    HourOfDayEnergy energy = new HourOfDayEnergy(ZoneOffset.UTC, Duration.ofMinutes(15));
    Instant t = Instant.parse("2026-09-10T00:00:00Z");
    energy.reading("M1", ms(t), 0);
    energy.reading("M1", ms(t.plusSeconds(900).plusMillis(999)), 1); // 900.999 s: 900 whole seconds, kept
    Instant u = t.plus(Duration.ofHours(2));
    energy.reading("M1", ms(u), 5); // 1 h 44 min: left out, but the next interval starts here
    energy.reading("M1", ms(u.plusSeconds(901)), 7); // 901 s: left out
    energy.reading("M1", ms(u.plusSeconds(1801)), 8); // 900 s: kept, in hour 2
    double[] m1 = energy.sums().get("M1");
    assertThat(m1[0]).isEqualTo(1.0);
    assertThat(m1[1]).isZero();
    assertThat(m1[2]).isEqualTo(1.0);
  }

  @Test
  void metersArePairedSeparatelyAndOnesWithoutAUsableIntervalAreAbsent() {
    HourOfDayEnergy energy = new HourOfDayEnergy(ZoneOffset.UTC, Duration.ofMinutes(15));
    Instant t = Instant.parse("2026-09-10T05:00:00Z");
    energy.reading("A", ms(t), 100);
    energy.reading("A", ms(t.plusSeconds(900)), 100); // zero energy still makes A present
    energy.reading("B", ms(t.plusSeconds(900)), 1); // no pairing across meters
    energy.reading("C", ms(t), 3);
    energy.reading("C", ms(t.plus(Duration.ofDays(1))), 30);
    energy.reading("D", ms(t), 40);
    energy.reading("D", ms(t), 40); // the same reading twice is one reading
    energy.reading("D", ms(t.plusSeconds(600)), 39); // a register that went back counts negative
    assertThat(energy.sums()).containsOnlyKeys("A", "D");
    assertThat(energy.sums().get("A")).containsOnly(0.0);
    assertThat(energy.sums().get("D")[5]).isEqualTo(-1.0);
  }

  @Test
  void localHourFollowsDaylightSavingTime() {
    HourOfDayEnergy berlin = new HourOfDayEnergy(ZoneId.of("Europe/Berlin"), Duration.ofHours(1));
    assertThat(berlin.localHour(ms(Instant.parse("2026-01-15T10:30:00Z")))).isEqualTo(11);
    assertThat(berlin.localHour(ms(Instant.parse("2026-07-15T10:30:00Z")))).isEqualTo(12);
    HourOfDayEnergy kolkata = new HourOfDayEnergy(KOLKATA, Duration.ofHours(1));
    assertThat(kolkata.localHour(ms(Instant.parse("2026-07-15T18:29:59Z")))).isEqualTo(23);
    assertThat(kolkata.localHour(ms(Instant.parse("2026-07-15T18:30:00Z")))).isZero();
    assertThat(new HourOfDayEnergy(ZoneOffset.ofHours(-5), Duration.ofHours(1))
        .localHour(ms(Instant.parse("1969-12-31T23:00:00Z")))).isEqualTo(18);
  }

  private static long ms(Instant t) {
    return t.toEpochMilli();
  }
}
