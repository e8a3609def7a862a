package org.meterflow.model.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class En50160WeekTest {

  static final Instant MONDAY = Instant.parse("2026-11-23T00:00:00Z");
  static final MeterProfile METER = new MeterProfile("M1", 230, 50, false);

  private static En50160Week week() {
    return new En50160Week(METER, MONDAY, En50160Settings.defaults());
  }

  /** Fills every 10-min interval with two readings; the first {@code bad} intervals average {@code badVolts}. */
  private static En50160Week filled(int bad, double badVolts, double hz) {
    En50160Week w = week();
    for (int i = 0; i < 1008; i++) {
      Instant start = MONDAY.plusSeconds(600L * i);
      double v = i < bad ? badVolts : 230;
      w.add(start, v - 1, hz).add(start.plusSeconds(300), v + 1, hz);
    }
    return w;
  }

  @Test
  void weekStartIsMondayUtc() {
    assertThat(En50160Week.weekStartOf(Instant.parse("2026-11-29T23:59:59Z"))).isEqualTo(MONDAY);
    assertThat(En50160Week.weekStartOf(MONDAY)).isEqualTo(MONDAY);
  }

  @Test
  void intervalMeansAtTheBandEdgesAreWithin() {
    En50160Result r = filled(1008, 207.0, 49.5).result();
    assertThat(r.measuredIntervals()).isEqualTo(1008);
    assertThat(r.voltageShare()).isEqualTo(1.0);
    assertThat(r.frequencyShare()).isEqualTo(1.0);
    assertThat(filled(1008, 253.0, 50.5).result().compliant()).isTrue();
  }

  @Test
  void ninetyFivePercentIsCompliantOneIntervalLessIsNot() {
    // 1008 intervals: 95 % needs 957.6, so 958 within (50 outside) passes and 957 (51 outside) fails.
    En50160Result ok = filled(50, 200, 50).result();
    assertThat(ok.voltageWithin()).isEqualTo(958);
    assertThat(ok.voltageCompliant()).isTrue();
    En50160Result bad = filled(51, 200, 50).result();
    assertThat(bad.voltageCompliant()).isFalse();
    assertThat(bad.compliant()).isFalse();
    assertThat(bad.minMeanVoltage()).isEqualTo(200.0);
  }

  @Test
  void frequencyOutsideOnePercentFails() {
    En50160Result r = filled(0, 230, 50.51).result();
    assertThat(r.voltageCompliant()).isTrue();
    assertThat(r.frequencyWithin()).isZero();
    assertThat(r.frequencyCompliant()).isFalse();
  }

  @Test
  void sharesAreOverMeasuredIntervalsAndOutOfWeekReadingsAreIgnored() {
    En50160Week w = week();
    w.add(MONDAY.minusSeconds(1), 100, 50);
    w.add(MONDAY.plusSeconds(7 * 86400), 100, 50);
    assertThat(w.result().measuredIntervals()).isZero();
    assertThat(w.result().compliant()).as("no data, no compliance").isFalse();
    for (int i = 0; i < 19; i++) {
      w.add(MONDAY.plusSeconds(600L * i), 230, 50);
    }
    w.add(MONDAY.plusSeconds(600L * 19), 150, 50);
    En50160Result r = w.result();
    assertThat(r.measuredIntervals()).isEqualTo(20);
    assertThat(r.voltageShare()).isEqualTo(0.95);
    assertThat(r.voltageCompliant()).isTrue();
    assertThat(r.coverage()).isEqualTo(20 / 1008.0);
  }

  @Test
  void regionPoolsMeters() {
    En50160Result good = filled(0, 230, 50).result();
    En50160Result bad = new En50160Week(new MeterProfile("M2", 230, 50, false), MONDAY, En50160Settings.defaults())
        .add(MONDAY, 150, 50).result();
    RegionCompliance rc = RegionCompliance.of("North", MONDAY, List.of(good, bad));
    assertThat(rc.meters()).isEqualTo(2);
    assertThat(rc.compliantMeters()).isEqualTo(1);
    assertThat(rc.nonCompliantSerials()).containsExactly("M2");
    assertThat(rc.voltageShare()).isEqualTo(1008.0 / 1009);
    assertThat(rc.compliantShare()).isEqualTo(0.5);
  }
}
