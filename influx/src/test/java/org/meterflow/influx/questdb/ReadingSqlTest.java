package org.meterflow.influx.questdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReadingSqlTest {

  @Test
  void stepsBecomeTheLargestWholeSampleByUnit() {
    assertEquals("15m", ReadingSql.sampleBy(Duration.ofMinutes(15)));
    assertEquals("1h", ReadingSql.sampleBy(Duration.ofMinutes(60)));
    assertEquals("1d", ReadingSql.sampleBy(Duration.ofDays(1)));
    assertEquals("90s", ReadingSql.sampleBy(Duration.ofSeconds(90)));
    assertEquals("250T", ReadingSql.sampleBy(Duration.ofMillis(250)));
    assertThrows(IllegalArgumentException.class, () -> ReadingSql.sampleBy(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> ReadingSql.sampleBy(Duration.ofNanos(1_500)));
  }

  @Test
  void instantsBecomeMicrosecondUtcLiteralsClampedToFourDigitYears() {
    assertEquals("2026-11-26T10:15:00.000000Z", ReadingSql.timestamp(Instant.parse("2026-11-26T10:15:00Z")));
    assertEquals("9999-12-31T23:59:59.999999Z", ReadingSql.timestamp(Instant.MAX));
    assertEquals("0001-01-01T00:00:00.000000Z", ReadingSql.timestamp(Instant.MIN));
  }

  @Test
  void onlyPlainSerialsReachSql() {
    assertEquals("M-01_a.b:c", ReadingSql.requireSerial("M-01_a.b:c"));
    for (String bad : new String[] {"M1'", "M1' OR '1'='1", "", "M 1", "M1;", "x".repeat(65), "Ä1"}) {
      assertThrows(IllegalArgumentException.class, () -> ReadingSql.requireSerial(bad), bad);
    }
    assertThrows(IllegalArgumentException.class, () -> ReadingSql.requireSerial(null));
  }
}
