package org.meterflow.app.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class ForecastScheduleTest {

  private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
  private static final ZoneId LONDON = ZoneId.of("Europe/London");

  @Test
  void nextRunIsTheNextLocalRunTime() {
    ZonedDateTime evening = ZonedDateTime.of(2026, 11, 26, 21, 0, 0, 0, KOLKATA);
    assertThat(ForecastService.nextRun(evening, LocalTime.of(0, 30)))
        .isEqualTo(ZonedDateTime.of(2026, 11, 27, 0, 30, 0, 0, KOLKATA));
    ZonedDateTime justAfterMidnight = ZonedDateTime.of(2026, 11, 27, 0, 10, 0, 0, KOLKATA);
    assertThat(ForecastService.nextRun(justAfterMidnight, LocalTime.of(0, 30)))
        .isEqualTo(ZonedDateTime.of(2026, 11, 27, 0, 30, 0, 0, KOLKATA));
    ZonedDateTime exactly = ZonedDateTime.of(2026, 11, 27, 0, 30, 0, 0, KOLKATA);
    assertThat(ForecastService.nextRun(exactly, LocalTime.of(0, 30)))
        .as("a run that just fired is not repeated").isEqualTo(exactly.plusDays(1));
  }

  @Test
  void aRunTimeInsideTheSpringGapRunsJustAfterIt() {
    // Europe/London 2026-03-29: 01:00 → 02:00, so 01:30 does not exist that night.
    ZonedDateTime before = ZonedDateTime.of(2026, 3, 28, 23, 0, 0, 0, LONDON);
    ZonedDateTime at = ForecastService.nextRun(before, LocalTime.of(1, 30));
    assertThat(at.toLocalDate()).hasToString("2026-03-29");
    assertThat(at.toInstant()).hasToString("2026-03-29T01:30:00Z");
    // And on the autumn night with 01:30 twice, it runs once (the first).
    ZonedDateTime autumn = ZonedDateTime.of(2026, 10, 24, 23, 0, 0, 0, LONDON);
    assertThat(ForecastService.nextRun(autumn, LocalTime.of(1, 30)).toInstant()).hasToString("2026-10-25T00:30:00Z");
  }
}
