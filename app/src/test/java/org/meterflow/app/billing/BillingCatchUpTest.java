package org.meterflow.app.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterflow.app.billing.BillingEngine;
import org.meterflow.actors.billing.BillingRuns;
import org.meterflow.actors.billing.BillingScheduler;
import org.meterflow.actors.billing.BillingSettings;
import org.meterflow.model.billing.BillingPeriod;
import org.meterflow.model.billing.ledger.BillingRunRecord;
import org.meterflow.model.billing.ledger.StoredBill;
import org.meterflow.model.meter.MeterRegistration;
import org.meterflow.model.meter.MeterStatus;
import org.meterflow.model.meter.RegisteredMeter;
import org.meterflow.model.port.RegisterBoundaries;
import org.meterflow.mysql.JdbcMeterRegistry;
import org.meterflow.migrations.Migrations;
import org.meterflow.mysql.billing.BillingDatabase;
import org.meterflow.mysql.billing.R2dbcBillingStore;

/**
 * The billing actor after downtime, on the real billing database (H2): every period missed since
 * the last completed scheduled run is billed at start, oldest first; a cycle day that never ran is
 * left to its schedule; a second start finds nothing to do. The time-series store is replaced by
 * one without readings (every bill is then an estimate flagged NO_DATA, which is what is checked).
 */
class BillingCatchUpTest {

  private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
  /** 3 November 2026, 08:30 in Kolkata: October (cycle day 1) is due. */
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-03T03:00:00Z"), ZoneOffset.UTC);
  private static final RegisterBoundaries NO_READINGS = (boundary, back, ahead) -> CompletableFuture.completedFuture(Map.of());

  @TempDir
  Path dir;

  private JdbcConnectionPool pool;
  private R2dbcBillingStore store;
  private ActorTestKit kit;
  private final ExecutorService cpu = Executors.newFixedThreadPool(2);

  @BeforeEach
  void setUp() {
    String url = "jdbc:h2:file:" + dir.resolve("db") + ";MODE=MySQL;NON_KEYWORDS=VALUE,YEAR;DB_CLOSE_ON_EXIT=FALSE";
    pool = JdbcConnectionPool.create(url, "sa", "");
    Migrations.apply(pool);
    store = new R2dbcBillingStore(BillingDatabase.fromJdbcUrl(url, "sa", "", Duration.ofSeconds(5)), CLOCK);
    JdbcMeterRegistry registry = new JdbcMeterRegistry(pool);
    registry.add(meter("M-DAY1", 1));
    registry.add(meter("M-DAY15", 15));
    kit = ActorTestKit.create();
  }

  @AfterEach
  void tearDown() {
    kit.shutdownTestKit();
    store.close();
    pool.dispose();
    cpu.shutdown();
  }

  @Test
  void missedPeriodsAreBilledOldestFirstAndASecondStartDoesNothing() {
    BillingPeriod july = new BillingPeriod(LocalDate.of(2026, 7, 1), LocalDate.of(2026, 8, 1));
    store.recordRun(new BillingRunRecord(1, july, BillingRunRecord.Status.COMPLETED, "schedule", 1, 1, 0, 0, 1, 0,
        CLOCK.instant(), CLOCK.instant(), null)).toCompletableFuture().join();

    BillingRuns runs = new BillingRuns();
    kit.spawn(BillingScheduler.create(engine(), store, runs, CLOCK));
    awaitLastCompleted(LocalDate.of(2026, 10, 1));

    List<StoredBill> bills = store.billsOf("C-M-DAY1").toCompletableFuture().join();
    assertThat(bills).extracting(b -> b.bill().period().label().toString()).containsExactly("2026-10", "2026-09", "2026-08");
    assertThat(bills).allSatisfy(b -> {
      assertThat(b.bill().estimated()).isTrue();
      assertThat(b.bill().methods()).extracting(Enum::name).contains("NO_DATA");
    });
    assertThat(runs.all()).extracting(r -> r.trigger()).containsOnly("catch-up");
    assertThat(store.billsOf("C-M-DAY15").toCompletableFuture().join()).as("a cycle day that never ran waits").isEmpty();

    // restart: nothing is missed any more, nothing is billed twice
    BillingRuns again = new BillingRuns();
    kit.spawn(BillingScheduler.create(engine(), store, again, CLOCK));
    kit.createTestProbe().expectNoMessage(Duration.ofSeconds(3));
    assertThat(again.all()).isEmpty();
    assertThat(store.billsOf("C-M-DAY1").toCompletableFuture().join()).hasSize(3);
  }

  @Test
  void aRunWhoseNodeDiedMidWayIsFinishedOnceByTheNextBillingActor() {
    BillingPeriod october = new BillingPeriod(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 11, 1));
    BillingPeriod november = new BillingPeriod(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 12, 1));
    store.recordRun(new BillingRunRecord(1, october, BillingRunRecord.Status.COMPLETED, "schedule", 1, 1, 0, 0, 1, 0,
        CLOCK.instant(), CLOCK.instant(), null)).toCompletableFuture().join();
    // an on-demand run of November that was RUNNING when its node was killed
    store.recordRun(new BillingRunRecord(1, november, BillingRunRecord.Status.RUNNING, "on-demand", 0, 0, 0, 0, 0, 0,
        CLOCK.instant(), null, null)).toCompletableFuture().join();

    BillingRuns runs = new BillingRuns();
    kit.spawn(BillingScheduler.create(engine(), store, runs, CLOCK));
    TestProbe<Object> probe = kit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(30), () -> {
      assertThat(store.run(1, java.time.YearMonth.of(2026, 11)).toCompletableFuture().join())
          .hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(BillingRunRecord.Status.COMPLETED));
      return null;
    });
    assertThat(runs.all()).singleElement().satisfies(r -> {
      assertThat(r.trigger()).as("it keeps the trigger it began with").isEqualTo("on-demand");
      assertThat(r.period()).isEqualTo(november);
    });
    assertThat(store.billsOf("C-M-DAY1").toCompletableFuture().join())
        .extracting(b -> b.bill().period().label().toString()).containsExactly("2026-11");
    assertThat(store.unfinishedRuns().toCompletableFuture().join()).isEmpty();
  }

  private BillingEngine engine() {
    BillingSettings settings = new BillingSettings(KOLKATA, LocalTime.of(8, 0), true, 15, Duration.ofDays(62),
        Duration.ofDays(7), Duration.ofHours(1), -1, 100, 1, 12, Duration.ofSeconds(5), Duration.ofSeconds(30),
        Duration.ofHours(1));
    return new BillingEngine(store, NO_READINGS, settings, cpu, CLOCK);
  }

  private void awaitLastCompleted(LocalDate start) {
    TestProbe<Object> probe = kit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(30), () -> {
      assertThat(store.lastCompletedRuns().toCompletableFuture().join()).containsEntry(1, start);
      return null;
    });
  }

  private static RegisteredMeter meter(String serial, int cycleDay) {
    return new RegisteredMeter(new MeterRegistration(serial, "C-" + serial, "domestic", "r", "s", "f", "d", 230, 50,
        cycleDay, false), MeterStatus.ACTIVE, null, CLOCK.instant());
  }

}
