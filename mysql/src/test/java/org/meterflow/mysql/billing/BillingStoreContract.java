package org.meterflow.mysql.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.meterflow.model.billing.BillingPeriod;
import org.meterflow.model.billing.bill.Bill;
import org.meterflow.model.billing.bill.BillCalculator;
import org.meterflow.model.billing.bill.BillInput;
import org.meterflow.model.billing.consumption.EstimationMethod;
import org.meterflow.model.billing.ledger.BillFingerprint;
import org.meterflow.model.billing.ledger.BillRecord;
import org.meterflow.model.billing.ledger.BillingRunRecord;
import org.meterflow.model.billing.ledger.Consumer;
import org.meterflow.model.billing.ledger.MonthlyReading;
import org.meterflow.model.billing.ledger.StoredBill;
import org.meterflow.model.billing.tariff.ExampleTariffs;
import org.meterflow.model.billing.tariff.TariffBook;
import org.meterflow.model.billing.tariff.TariffVersion;
import org.meterflow.model.port.BillingStore;
import org.meterflow.mysql.JdbcMeterRegistry;
import org.meterflow.model.meter.MeterRegistration;
import org.meterflow.model.meter.MeterStatus;
import org.meterflow.model.meter.RegisteredMeter;

/**
 * What the billing store must do on every database it supports; run on H2 (MySQL mode) by
 * {@link R2dbcBillingStoreTest} and on a real MariaDB by {@code MariaDbBillingIT}.
 */
abstract class BillingStoreContract {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-01T02:30:00Z"), ZoneOffset.UTC);

  /** A migrated, empty database. */
  abstract DataSource jdbc();

  abstract BillingStore store();

  /** A second database, empty and not migrated, with its JDBC URL and user for a store of its own. */
  record Unmigrated(DataSource jdbc, String url, String user) {}

  abstract Unmigrated unmigrated() throws Exception;

  @Test
  void billsIssuedBeforeV10KeepTheirLinesAndAnswerToTheirIds() throws Exception {
    Unmigrated db = unmigrated();
    org.flywaydb.core.Flyway.configure().dataSource(db.jdbc()).locations("classpath:db/migration").target("9").load().migrate();
    try (java.sql.Connection c = db.jdbc().getConnection(); java.sql.Statement s = c.createStatement()) {
      s.execute("INSERT INTO bills (id, serial, consumer_id, period_start, period_end, revision, superseded, tariff_code,"
          + " tariff_effective_from, import_kwh, export_kwh, billed_kwh, total, due_date, estimated, estimation_methods,"
          + " fingerprint, revision_reason, issued_at) VALUES ('M_9_20261001_r1', 'M_9', 'C9', '2026-10-01', '2026-11-01', 1,"
          + " FALSE, 'DOM-LT1-2026', '2026-04-01', 312.347, 0, 312.347, 1631.51, '2026-11-16', FALSE, '', 'f', NULL,"
          + " '2026-11-01 02:30:00')");
      try (java.sql.PreparedStatement line = c.prepareStatement("INSERT INTO bill_lines (bill_id, line_no, kind,"
          + " description, quantity, rate, amount) VALUES ('M_9_20261001_r1', ?, ?, ?, ?, ?, ?)")) {
        Object[][] rows = {
            {2, "ENERGY_SLAB", "Energy 0–100 kWh", new BigDecimal("100"), new BigDecimal("3"), new BigDecimal("300.00")},
            {1, "FIXED", "Fixed charge\twith a tab,\na newline and a \\ backslash", new BigDecimal("2"),
                new BigDecimal("20"), new BigDecimal("90.00")},
            {3, "MINIMUM_CHARGE_TOP_UP", "Top-up", null, null, new BigDecimal("10.00")}};
        for (Object[] r : rows) {
          for (int i = 0; i < r.length; i++) {
            line.setObject(i + 1, r[i], i >= 3 ? java.sql.Types.DECIMAL : i == 0 ? java.sql.Types.INTEGER : java.sql.Types.VARCHAR);
          }
          line.executeUpdate();
        }
      }
    }
    assertThat(org.flywaydb.core.Flyway.configure().dataSource(db.jdbc()).locations("classpath:db/migration").target("10")
        .load().migrate().migrationsExecuted).as("V10 alone").isEqualTo(1);
    R2dbcBillingStore migrated = new R2dbcBillingStore(
        BillingDatabase.fromJdbcUrl(db.url(), db.user(), "", java.time.Duration.ofSeconds(10)), CLOCK);
    try {
      StoredBill b = migrated.bill("M_9_20261001_r1").toCompletableFuture().join().orElseThrow();
      assertThat(b.bill().total()).isEqualByComparingTo("1631.51");
      assertThat(b.bill().lines()).extracting(l -> l.kind().name())
          .containsExactly("FIXED", "ENERGY_SLAB", "MINIMUM_CHARGE_TOP_UP");
      assertThat(b.bill().lines().get(0).description()).isEqualTo("Fixed charge\twith a tab,\na newline and a \\ backslash");
      assertThat(b.bill().lines().get(1).quantity()).isEqualTo(new BigDecimal("100.0000"));
      assertThat(b.bill().lines().get(1).amount()).isEqualTo(new BigDecimal("300.00"));
      assertThat(b.bill().lines().get(2).quantity()).isNull();
      assertThat(migrated.bill("M_9_20261001_r2").toCompletableFuture().join()).isEmpty();
      assertThat(migrated.bill("not-a-bill-id").toCompletableFuture().join()).isEmpty();
      assertThat(migrated.issued(LocalDate.of(2026, 10, 1)).toCompletableFuture().join()).containsOnlyKeys("M_9");
    } finally {
      migrated.close();
    }
  }

  @Test
  void shippedTariffsComeBackFromTheMigrationEqualToTheDomainExamples() {
    List<TariffVersion> tariffs = store().tariffs().toCompletableFuture().join();
    assertThat(tariffs).containsExactlyInAnyOrder(ExampleTariffs.domestic2025(), ExampleTariffs.domestic2026(),
        ExampleTariffs.commercialTod2026());
  }

  @Test
  void aTariffVersionAddedIsReadBackAndASecondOnTheSameDateIsAConflict() {
    TariffVersion v = new TariffVersion("domestic", "DOM-TEST-2013", LocalDate.of(2013, 1, 1),
        ExampleTariffs.domestic2026().fixedCharge(), ExampleTariffs.domestic2026().energy(), null,
        new BigDecimal("6"), new BigDecimal("2"), new BigDecimal("100.00"));
    store().addTariff(v).toCompletableFuture().join();
    assertThat(store().tariffs().toCompletableFuture().join()).contains(v);
    assertThatThrownBy(() -> store().addTariff(v).toCompletableFuture().join())
        .isInstanceOf(CompletionException.class).hasCauseInstanceOf(BillingStore.Conflict.class);
  }

  @Test
  void billsRevisionsReadingsAndRunsRoundTrip() {
    new JdbcMeterRegistry(jdbc()).add(new RegisteredMeter(new MeterRegistration("M1", "C1", "domestic", "r", "s", "f", "d",
        230, 50, 1, true), MeterStatus.ACTIVE, null, CLOCK.instant()));
    store().addConsumer(new Consumer("C1", "Asha Rao", "12 MG Road", null, new BigDecimal("2"), CLOCK.instant()))
        .toCompletableFuture().join();
    assertThat(store().billableMeters(1).toCompletableFuture().join()).singleElement().satisfies(m -> {
      assertThat(m.consumerId()).isEqualTo("C1");
      assertThat(m.sanctionedLoadKw()).isEqualByComparingTo("2");
      assertThat(m.netMetered()).isTrue();
    });
    assertThat(store().cycleDays().toCompletableFuture().join()).containsExactly(1);

    BillingPeriod october = BillingPeriod.ofMonth(java.time.YearMonth.of(2026, 10));
    BillCalculator calc = new BillCalculator(ExampleTariffs.book(), 15);
    Bill first = calc.calculate(BillInput.actual("M1", "domestic", october, "2", "312.347", "0"));
    store().save(List.of(record(first, 1, null))).toCompletableFuture().join();
    Bill second = calc.calculate(BillInput.actual("M1", "domestic", october, "2", "320.000", "0"));
    store().save(List.of(record(second, 2, "import 312.347 → 320.000 kWh"))).toCompletableFuture().join();

    assertThat(store().issued(october.start()).toCompletableFuture().join().get("M1").revision()).isEqualTo(2);
    List<StoredBill> bills = store().billsOf("C1").toCompletableFuture().join();
    assertThat(bills).extracting(StoredBill::revision).containsExactly(2, 1);
    assertThat(bills.get(1).superseded()).isTrue();
    StoredBill one = store().bill(StoredBill.idOf("M1", october.start(), 1)).toCompletableFuture().join().orElseThrow();
    assertThat(one.bill().total()).isEqualByComparingTo("1631.51");
    assertThat(one.bill().lines()).hasSameSizeAs(first.lines());
    assertThat(BillFingerprint.of(one.bill())).isEqualTo(BillFingerprint.of(first));
    assertThat(store().monthlyReadings("M1", LocalDate.of(2026, 1, 1), LocalDate.of(2027, 1, 1)).toCompletableFuture().join())
        .singleElement().satisfies(m -> assertThat(m.importKwh()).isEqualTo(320.0));

    BillingRunRecord run = new BillingRunRecord(1, october, BillingRunRecord.Status.COMPLETED, "schedule", 1, 1, 0, 0, 0, 0,
        CLOCK.instant(), CLOCK.instant(), null);
    store().recordRun(run).toCompletableFuture().join();
    store().recordRun(run).toCompletableFuture().join();
    assertThat(store().lastCompletedRuns().toCompletableFuture().join()).isEqualTo(Map.of(1, october.start()));
    assertThat(store().run(1, java.time.YearMonth.from(october.start())).toCompletableFuture().join())
        .as("any node answers a finished run from its record").hasValue(run);
    assertThat(store().run(2, java.time.YearMonth.from(october.start())).toCompletableFuture().join()).isEmpty();
    assertThat(store().recentRuns(10).toCompletableFuture().join()).containsExactly(run);
    assertThat(store().run(1, java.time.YearMonth.from(october.start()).plusMonths(1)).toCompletableFuture().join())
        .isEmpty();
    assertThat(store().consumer("C1").toCompletableFuture().join()).hasValueSatisfying(c -> assertThat(c.name()).isEqualTo("Asha Rao"));
    assertThat(store().consumer("nobody").toCompletableFuture().join()).isEmpty();
  }

  private static BillRecord record(Bill b, int revision, String reason) {
    MonthlyReading m = new MonthlyReading(b.meterSerial(), b.period().start(), b.period().end(), 1, 1000.0,
        1000.0 + b.importKwh().doubleValue(), b.importKwh().doubleValue(), 0.0, EstimationMethod.EXACT, EstimationMethod.INTERPOLATED,
        false, false, Set.of(), 10.0);
    String fp = BillFingerprint.of(b);
    return new BillRecord(m, new StoredBill(StoredBill.idOf(b.meterSerial(), b.period().start(), revision), "C1", revision, false,
        reason, CLOCK.instant(), b), fp);
  }
}
