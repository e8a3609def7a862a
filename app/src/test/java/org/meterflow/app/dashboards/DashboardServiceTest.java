package org.meterflow.app.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.meterflow.model.billing.BillingPeriod;
import org.meterflow.model.reading.ReadingPoint;

class DashboardServiceTest {

  @Test
  void theCurrentPeriodIsTheCycleDaysPeriodHoldingToday() {
    assertThat(DashboardService.currentPeriod(15, LocalDate.parse("2026-11-10")))
        .isEqualTo(new BillingPeriod(LocalDate.parse("2026-10-15"), LocalDate.parse("2026-11-15")));
    assertThat(DashboardService.currentPeriod(15, LocalDate.parse("2026-11-15")))
        .isEqualTo(new BillingPeriod(LocalDate.parse("2026-11-15"), LocalDate.parse("2026-12-15")));
    assertThat(DashboardService.currentPeriod(1, LocalDate.parse("2026-01-01")))
        .isEqualTo(new BillingPeriod(LocalDate.parse("2026-01-01"), LocalDate.parse("2026-02-01")));
  }

  @Test
  void aSpansUsageIsItsLastRegisterMinusTheLastBeforeItOrTheFirstReadingForANewMeter() {
    DashboardService.Registers regs = new DashboardService.Registers(List.of(
        point("2026-11-25T10:00:00Z", 100.4, 1),
        point("2026-11-25T10:15:00Z", 100.9, 0),   // an empty step is ignored
        point("2026-11-26T09:00:00Z", 101.0, 3),
        point("2026-11-26T09:15:00Z", 103.5, 3)), point("2026-11-25T10:00:01Z", 100.0, 1));
    Instant dayStart = Instant.parse("2026-11-26T00:00:00Z");
    Instant dayEnd = Instant.parse("2026-11-27T00:00:00Z");
    assertThat(regs.importBetween(dayStart, dayEnd)).isCloseTo(3.1, org.assertj.core.data.Offset.offset(1e-9));
    // the meter's first day: from its first reading (100.0), not from its first step's last register (100.4)
    assertThat(regs.importBetween(Instant.parse("2026-11-25T00:00:00Z"), dayStart))
        .isCloseTo(0.4, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(regs.importBetween(Instant.parse("2026-11-27T00:00:00Z"), Instant.parse("2026-11-28T00:00:00Z"))).isZero();
    assertThat(regs.hasDataIn(dayStart, dayEnd)).isTrue();
  }

  private static ReadingPoint point(String ts, double importKwh, long samples) {
    return new ReadingPoint(Instant.parse(ts), importKwh, 0, 230, 1, 50, null, samples);
  }
}
