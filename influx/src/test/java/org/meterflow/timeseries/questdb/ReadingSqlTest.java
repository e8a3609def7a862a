package org.meterflow.timeseries.questdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReadingSqlTest {

  @Test
  void stepsBecomeTheLargestWholeSampleByUnit() {
    assertThat(ReadingSql.sampleBy(Duration.ofMinutes(15))).isEqualTo("15m");
    assertThat(ReadingSql.sampleBy(Duration.ofMinutes(60))).isEqualTo("1h");
    assertThat(ReadingSql.sampleBy(Duration.ofDays(1))).isEqualTo("1d");
    assertThat(ReadingSql.sampleBy(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(ReadingSql.sampleBy(Duration.ofMillis(250))).isEqualTo("250T");
    assertThatThrownBy(() -> ReadingSql.sampleBy(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReadingSql.sampleBy(Duration.ofNanos(1_500))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void instantsBecomeMicrosecondUtcLiteralsClampedToFourDigitYears() {
    assertThat(ReadingSql.timestamp(Instant.parse("2026-11-26T10:15:00Z"))).isEqualTo("2026-11-26T10:15:00.000000Z");
    assertThat(ReadingSql.timestamp(Instant.MAX)).isEqualTo("9999-12-31T23:59:59.999999Z");
    assertThat(ReadingSql.timestamp(Instant.MIN)).isEqualTo("0001-01-01T00:00:00.000000Z");
  }

  @Test
  void onlyPlainSerialsReachSql() {
    assertThat(ReadingSql.requireSerial("M-01_a.b:c")).isEqualTo("M-01_a.b:c");
    for (String bad : new String[] {"M1'", "M1' OR '1'='1", "", "M 1", "M1;", "x".repeat(65), "Ä1"}) {
      assertThatThrownBy(() -> ReadingSql.requireSerial(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> ReadingSql.requireSerial(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
