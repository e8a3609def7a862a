package org.meterflow.timeseries.influxdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.meterflow.model.meter.MeterLocation;
import org.meterflow.model.port.NetworkLevel;
import org.meterflow.model.reading.AcceptedReading;
import org.meterflow.model.reading.Reading;

/** The InfluxQL text and the extra line-protocol fields, without a server (the IT runs them). */
class InfluxQlTest {

  private static final Instant FROM = Instant.parse("2026-11-26T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-11-27T00:00:00Z");

  @Test
  void rangeGroupsByStepAndLeavesOutEmptyIntervals() {
    assertThat(InfluxQl.range("M0000001", FROM, TO, Duration.ofMinutes(15))).isEqualTo(
        "SELECT last(import_kwh) AS import_kwh, last(export_kwh) AS export_kwh, mean(voltage) AS voltage,"
            + " mean(current) AS current, mean(frequency) AS frequency, mean(power_factor) AS power_factor,"
            + " count(voltage) AS samples FROM readings WHERE serial = 'M0000001'"
            + " AND time >= 1795651200000ms AND time < 1795737600000ms GROUP BY time(15m) fill(none)");
  }

  @Test
  void loadIsPlainAggregatesOverTheAreaTag() {
    assertThat(InfluxQl.load(NetworkLevel.FEEDER, "F'1", FROM, TO, Duration.ofHours(1))).isEqualTo(
        "SELECT sum(w) AS w, sum(va) AS va, count(va) AS meters FROM ("
            + "SELECT mean(active_w) AS w, mean(apparent_va) AS va FROM readings"
            + " WHERE time >= 1795651200000ms AND time < 1795737600000ms AND feeder = 'F\\'1'"
            + " GROUP BY time(1h), serial fill(none))"
            + " WHERE time >= 1795651200000ms AND time < 1795737600000ms GROUP BY time(1h) fill(none)");
  }

  @Test
  void registersPerSerialTakeOneRowPerMeterWithItsOwnTimestamp() {
    assertThat(InfluxQl.registersPerSerial(FROM, TO, true)).isEqualTo(
        "SELECT import_kwh, export_kwh FROM readings WHERE time > 1795651200000000000 AND time <= 1795737600000000000"
            + " GROUP BY serial ORDER BY time DESC LIMIT 1");
    assertThat(InfluxQl.registersPerSerial(FROM, TO, false)).endsWith("GROUP BY serial ORDER BY time ASC LIMIT 1");
  }

  @Test
  void importPerSerialListsTheMetersEscaped() {
    assertThat(InfluxQl.importPerSerial(java.util.List.of("M1", "O'Brien"), FROM, TO)).isEqualTo(
        "SELECT import_kwh FROM readings WHERE time >= 1795651200000000000 AND time <= 1795737600000000000"
            + " AND (serial = 'M1' OR serial = 'O\\'Brien') GROUP BY serial");
  }

  @Test
  void timeLiteralsAreExactNanosecondsAndClamped() {
    assertThat(InfluxQl.epochNs(FROM.plusNanos(1500))).isEqualTo("1795651200000001500");
    assertThat(InfluxQl.epochNs(Instant.ofEpochSecond(-1, 500_400_000))).isEqualTo("-499600000");
    assertThat(InfluxQl.epochNs(Instant.MAX)).isEqualTo(Long.toString((Long.MAX_VALUE / 1_000_000 - 1) * 1_000_000));
    assertThat(InfluxQl.epochNs(Instant.MIN)).isEqualTo(Long.toString((Long.MIN_VALUE / 1_000_000 + 1) * 1_000_000));
  }

  @Test
  void stepsAreWholeUnitsAndValuesCannotBreakOut() {
    assertThat(InfluxQl.duration(Duration.ofDays(7))).isEqualTo("7d");
    assertThat(InfluxQl.duration(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(InfluxQl.duration(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThatThrownBy(() -> InfluxQl.duration(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InfluxQl.duration(Duration.ofNanos(1500))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InfluxQl.latest("M1' OR serial =~ /.*/")).isInstanceOf(IllegalArgumentException.class);
    assertThat(InfluxQl.literal("a\\'b")).isEqualTo("'a\\\\\\'b'");
    assertThatThrownBy(() -> InfluxQl.literal("a\nb")).isInstanceOf(IllegalArgumentException.class);
    assertThat(InfluxQl.epochMs(Instant.parse("9999-01-01T00:00:00Z"))).isEqualTo(Long.MAX_VALUE / 1_000_000 - 1);
  }

  @Test
  void pointsCarryActiveAndApparentPowerWithPowerFactorOneWhenMissing() {
    Instant ts = Instant.parse("2026-11-26T10:15:00Z");
    MeterLocation where = new MeterLocation("North East", "S1", "F-1", "DT-1");
    String withPf = InfluxDbReadingStore.line(new AcceptedReading(
        new Reading("M0000001", 42, ts, 1234.5, 0.0, 230.0, 10.0, 50.0, 0.5), ts.plusMillis(250), where), new StringBuilder());
    assertThat(withPf)
        .startsWith("readings,dt=DT-1,feeder=F-1,region=North\\ East,serial=M0000001 seq=42i,")
        .endsWith(",received_at_ms=1795688100250i,active_w=1150.0,apparent_va=2300.0 1795688100000");
    String withoutPf = InfluxDbReadingStore.line(new AcceptedReading(
        new Reading("M0000001", 43, ts, 1234.5, 0.0, 230.0, 10.0, 50.0, null), ts, where), new StringBuilder());
    assertThat(withoutPf).contains(",active_w=2300.0,apparent_va=2300.0 ").doesNotContain("power_factor");
  }

  @Test
  void settingsRequireWhatEachVersionNeedsAndHideSecrets() {
    assertThatThrownBy(() -> new InfluxDbSettings("http://h:8086", 2, "", "b", "t", "", "", "", "", false,
        Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 1)).hasMessageContaining("org");
    assertThatThrownBy(() -> new InfluxDbSettings("http://h:8086", 1, "", "", "", "", "", "", "", false,
        Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 1)).hasMessageContaining("database");
    assertThatThrownBy(() -> new InfluxDbSettings("http://h:8086", 3, "o", "b", "t", "", "", "", "", false,
        Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 1)).hasMessageContaining("version");
    assertThatThrownBy(() -> InfluxDbSettings.v1("http://h:8086", "bad\"name")).hasMessageContaining("database");
    InfluxDbSettings v2 = new InfluxDbSettings("http://h:8086", 2, "utility", "readings", "tok-123", "", "", "u", "pw",
        false, Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 1);
    assertThat(v2.queryDatabase()).isEqualTo("readings");
    assertThat(v2.toString()).doesNotContain("tok-123").doesNotContain("pw,");
  }
}
