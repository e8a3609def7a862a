package org.meterflow.model.billing.cycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.meterflow.model.billing.BillingPeriod;

class BillingScheduleTest {

  private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
  private static final BillingSchedule SCHEDULE = new BillingSchedule(KOLKATA);
  private static final CycleGroup FIRST = new CycleGroup("G01", 1);
  private static final CycleGroup MID = new CycleGroup("G15", 15);

  private static Instant local(String isoLocal) {
    return LocalDateTime.parse(isoLocal).atZone(KOLKATA).toInstant();
  }

  private static BillingPeriod period(String start, String end) {
    return new BillingPeriod(LocalDate.parse(start), LocalDate.parse(end));
  }

  @Test
  void theRunAtEightOnTheBillingDayBillsThePreviousCycle() {
    assertThat(SCHEDULE.periodAt(FIRST, local("2026-11-01T08:00"))).isEqualTo(period("2026-10-01", "2026-11-01"));
    assertThat(SCHEDULE.periodAt(FIRST, local("2026-11-01T07:59"))).isEqualTo(period("2026-09-01", "2026-10-01"));
    assertThat(SCHEDULE.periodAt(MID, local("2026-11-20T00:00"))).isEqualTo(period("2026-10-15", "2026-11-15"));
    assertThat(SCHEDULE.periodAt(MID, local("2026-01-10T12:00"))).isEqualTo(period("2025-11-15", "2025-12-15"));
    assertThat(SCHEDULE.periodAt(FIRST, local("2026-11-01T08:00")).label().toString()).isEqualTo("2026-10");
  }

  @Test
  void missedRunsAfterDowntimeAreListedOldestFirst() {
    Map<String, BillingPeriod> done = new HashMap<>();
    done.put("G01", period("2026-07-01", "2026-08-01"));
    done.put("G15", period("2026-09-15", "2026-10-15"));
    List<ScheduledRun> runs = SCHEDULE.missed(List.of(FIRST, MID), done, local("2026-11-01T09:00"));
    assertThat(runs).extracting(r -> r.group().id() + " " + r.period())
        .containsExactly(
            "G01 [2026-08-01, 2026-09-01)",
            "G01 [2026-09-01, 2026-10-01)",
            "G01 [2026-10-01, 2026-11-01)");
    assertThat(runs.get(0).dueAt()).isEqualTo(ZonedDateTime.of(2026, 9, 1, 8, 0, 0, 0, KOLKATA));
    // later the same month G15 is due too, interleaved by due time
    List<ScheduledRun> later = SCHEDULE.missed(List.of(FIRST, MID), done, local("2026-11-15T08:00"));
    assertThat(later).extracting(r -> r.group().id()).containsExactly("G01", "G01", "G01", "G15");
  }

  @Test
  void upToDateGroupsHaveNothingToCatchUpAndNewGroupsOnlyTheLatest() {
    Map<String, BillingPeriod> done = Map.of("G01", period("2026-10-01", "2026-11-01"));
    assertThat(SCHEDULE.missed(List.of(FIRST), done, local("2026-11-30T23:00"))).isEmpty();
    assertThat(SCHEDULE.missed(List.of(MID), Map.of(), local("2026-11-30T23:00")))
        .extracting(ScheduledRun::period).containsExactly(period("2026-10-15", "2026-11-15"));
  }

  @Test
  void runTimesStayAtEightLocalAcrossDaylightSaving() {
    BillingSchedule london = new BillingSchedule(ZoneId.of("Europe/London"));
    Map<String, BillingPeriod> done = Map.of("G01", period("2026-01-01", "2026-02-01"));
    List<ScheduledRun> runs = london.missed(List.of(FIRST), done, Instant.parse("2026-05-01T07:00:00Z"));
    assertThat(runs).extracting(r -> r.dueAt().toInstant().toString()).containsExactly(
        "2026-03-01T08:00:00Z", "2026-04-01T07:00:00Z", "2026-05-01T07:00:00Z");
    assertThat(london.next(List.of(FIRST, MID), Instant.parse("2026-05-01T07:00:00Z")).group()).isEqualTo(MID);
  }

  @Test
  void metersSpreadStablyOverTheGroups() {
    List<CycleGroup> groups = IntStream.rangeClosed(1, 28).mapToObj(d -> new CycleGroup("G" + d, d)).toList();
    int[] counts = new int[29];
    for (int i = 0; i < 28_000; i++) {
      counts[CycleGroup.forMeter(String.format("M%07d", i), groups).billingDay()]++;
    }
    for (int d = 1; d <= 28; d++) {
      assertThat(counts[d]).as("day %d", d).isBetween(500, 1500);
    }
    assertThat(CycleGroup.forMeter("M0000042", groups)).isEqualTo(CycleGroup.forMeter("M0000042", groups));
  }
}
