package org.meterflow.mysql.billing;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.Row;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.meterflow.model.billing.BillingPeriod;
import org.meterflow.model.billing.bill.Bill;
import org.meterflow.model.billing.bill.BillLine;
import org.meterflow.model.billing.consumption.EstimationMethod;
import org.meterflow.model.billing.ledger.BillRecord;
import org.meterflow.model.billing.ledger.BillableMeter;
import org.meterflow.model.billing.ledger.BillingRunRecord;
import org.meterflow.model.billing.ledger.Consumer;
import org.meterflow.model.billing.ledger.IssuedBill;
import org.meterflow.model.billing.ledger.MonthlyReading;
import org.meterflow.model.billing.ledger.StoredBill;
import org.meterflow.model.billing.tariff.TariffVersion;
import org.meterflow.model.port.BillingStore;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link BillingStore} over R2DBC on the tables of V7–V10: the same SQL on H2 (MySQL mode), MySQL 8
 * and MariaDB 10.11. Writes of a run go in one transaction per {@link #save} call: multi-row INSERTs
 * on MySQL/MariaDB, JDBC batches on the embedded H2 (see {@link BillingDatabase#h2Jdbc()}). A bill's
 * lines are one column of its row ({@link LineItems}).
 */
public final class R2dbcBillingStore implements BillingStore {

  private static final int READING_ROWS = 200;
  private static final int BILL_ROWS = 200;
  private static final BigDecimal DEFAULT_SANCTIONED_KW = BigDecimal.ONE;
  /** A bill id ({@link StoredBill#idOf}): serial, period start (yyyyMMdd), revision — the table's key. */
  private static final java.util.regex.Pattern BILL_ID = java.util.regex.Pattern.compile("(.+)_(\\d{8})_r(\\d{1,9})");

  private final BillingDatabase db;
  private final Sql sql;
  private final TariffRows tariffRows;
  private final Clock clock;

  public R2dbcBillingStore(BillingDatabase db, Clock clock) {
    this.db = db;
    this.sql = new Sql(db);
    this.tariffRows = new TariffRows(sql);
    this.clock = clock;
  }

  @Override
  public CompletionStage<List<BillableMeter>> billableMeters(int cycleDay) {
    return sql.query("SELECT m.serial, m.consumer_id, m.tariff_category, m.cycle_group, m.net_metered, c.sanctioned_load_kw"
        + " FROM meters m LEFT JOIN consumers c ON c.id = m.consumer_id"
        + " WHERE m.cycle_group = ? AND m.status IN ('REGISTERED', 'ACTIVE') ORDER BY m.serial", List.of(cycleDay),
        row -> {
          BigDecimal kw = row.get("sanctioned_load_kw", BigDecimal.class);
          return new BillableMeter(row.get("serial", String.class), row.get("consumer_id", String.class),
              row.get("tariff_category", String.class), Sql.integer(row, "cycle_group"), Sql.bool(row, "net_metered"),
              kw == null ? DEFAULT_SANCTIONED_KW : kw);
        }).collectList().toFuture();
  }

  @Override
  public CompletionStage<List<Integer>> cycleDays() {
    return sql.query("SELECT DISTINCT cycle_group FROM meters WHERE status IN ('REGISTERED', 'ACTIVE') ORDER BY cycle_group",
        List.of(), row -> Sql.integer(row, "cycle_group")).collectList().toFuture();
  }

  @Override
  public CompletionStage<List<TariffVersion>> tariffs() {
    return tariffRows.all().toFuture();
  }

  @Override
  public CompletionStage<Void> addTariff(TariffVersion version) {
    return sql.transaction(c -> tariffRows.insert(c, version, clock.instant()))
        .onErrorMap(R2dbcDataIntegrityViolationException.class,
            e -> new Conflict("a " + version.category() + " tariff effective " + version.effectiveFrom()
                + " or the code " + version.code() + " exists already"))
        .toFuture();
  }

  @Override
  public CompletionStage<Map<String, IssuedBill>> issued(LocalDate periodStart) {
    return sql.query("SELECT id, serial, revision, fingerprint, estimated FROM bills WHERE period_start = ? AND superseded = FALSE",
        List.of(periodStart), row -> new Object[] {row.get("serial", String.class),
            new IssuedBill(row.get("id", String.class), Sql.integer(row, "revision"), row.get("fingerprint", String.class),
                Sql.bool(row, "estimated"))})
        .collect(HashMap<String, IssuedBill>::new, (m, a) -> m.put((String) a[0], (IssuedBill) a[1]))
        .map(m -> (Map<String, IssuedBill>) m)
        .toFuture();
  }

  private static final String INSERT_READINGS = "INSERT INTO monthly_readings (serial, period_start, period_end,"
      + " cycle_day, import_start_kwh, import_end_kwh, import_kwh, export_kwh, start_method, end_method, estimated,"
      + " partial_data, methods, average_daily_kwh, computed_at) VALUES ";
  private static final int READING_COLUMNS = 15;
  private static final String INSERT_BILLS = "INSERT INTO bills (id, serial, consumer_id, period_start, period_end,"
      + " revision, superseded, tariff_code, tariff_effective_from, import_kwh, export_kwh, billed_kwh, total, due_date,"
      + " estimated, estimation_methods, fingerprint, revision_reason, issued_at, line_items) VALUES ";
  private static final int BILL_COLUMNS = 20;
  private static final String SUPERSEDE = "UPDATE bills SET superseded = TRUE WHERE period_start = ? AND serial = ?"
      + " AND revision < ?";

  @Override
  public CompletionStage<Void> save(List<BillRecord> records) {
    if (records.isEmpty()) {
      return Mono.<Void>empty().toFuture();
    }
    LocalDateTime now = Sql.utc(clock.instant());
    List<BillRecord> issued = records.stream().filter(r -> r.bill() != null).toList();
    List<List<Object>> bills = issued.stream().map(R2dbcBillingStore::billRow).toList();
    List<List<Object>> supersede = issued.stream().filter(r -> r.bill().revision() > 1)
        .map(r -> List.<Object>of(r.bill().bill().period().start(), r.bill().bill().meterSerial(), r.bill().revision()))
        .toList();
    if (db.h2()) {
      return Mono.<Void>fromRunnable(() -> saveH2(records, readingRows(records, now), bills, supersede)).toFuture();
    }
    return sql.transaction(c -> Flux.concat(
        Flux.fromIterable(chunks(records, READING_ROWS)).concatMap(chunk -> replaceReadings(c, chunk, now)),
        sql.insertRows(c, INSERT_BILLS, BILL_COLUMNS, bills, BILL_ROWS),
        Flux.fromIterable(supersede).concatMap(args -> sql.update(c, SUPERSEDE, args)))
        .then()).toFuture();
  }

  /**
   * The same writes on the embedded H2 through JDBC batches in one transaction, on the calling
   * thread (the run's blocking pool): H2 executes in this JVM whichever API calls it.
   */
  private void saveH2(List<BillRecord> records, List<List<Object>> readings, List<List<Object>> bills,
      List<List<Object>> supersede) {
    // a monthly reading is only ever written beside a bill (same transaction), so a first revision
    // has none to replace: only revisions delete theirs (a first run then writes without lookups)
    List<List<Object>> keys = records.stream().filter(r -> r.bill() == null || r.bill().revision() > 1)
        .map(r -> List.<Object>of(r.reading().serial(), r.reading().periodStart())).toList();
    try (java.sql.Connection c = db.h2Jdbc().getConnection()) {
      c.setAutoCommit(false);
      try {
        Sql.jdbcBatch(c, "DELETE FROM monthly_readings WHERE serial = ? AND period_start = ?", keys);
        Sql.jdbcBatch(c, INSERT_READINGS + Sql.values(1, READING_COLUMNS), readings);
        Sql.jdbcBatch(c, INSERT_BILLS + Sql.values(1, BILL_COLUMNS), bills);
        Sql.jdbcBatch(c, SUPERSEDE, supersede);
        c.commit();
      } catch (java.sql.SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("saving " + records.size() + " monthly readings and bills failed: " + e.getMessage(), e);
    }
  }

  private static List<List<Object>> readingRows(List<BillRecord> records, LocalDateTime now) {
    List<List<Object>> rows = new ArrayList<>(records.size());
    for (BillRecord r : records) {
      MonthlyReading m = r.reading();
      rows.add(Arrays.asList(m.serial(), m.periodStart(), m.periodEnd(), m.cycleDay(),
          Sql.orNull(m.importStartKwh(), Sql.NULL_DOUBLE), Sql.orNull(m.importEndKwh(), Sql.NULL_DOUBLE), m.importKwh(),
          m.exportKwh(), m.startMethod().name(), m.endMethod().name(), m.estimated(), m.partial(), methods(m.methods()),
          Sql.orNull(m.averageDailyKwh(), Sql.NULL_DOUBLE), now));
    }
    return rows;
  }

  /**
   * The monthly readings of a chunk (one period): the rows of those meters are deleted and
   * inserted again, which is an upsert that both H2 and MySQL run fast.
   */
  private Mono<Long> replaceReadings(Connection c, List<BillRecord> chunk, LocalDateTime now) {
    LocalDate start = chunk.get(0).reading().periodStart();
    List<Object> keys = new ArrayList<>(chunk.size() + 1);
    keys.add(start);
    chunk.forEach(r -> keys.add(r.reading().serial()));
    String in = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
    return sql.update(c, "DELETE FROM monthly_readings WHERE period_start = ? AND serial IN (" + in + ")", keys)
        .then(sql.insertRows(c, INSERT_READINGS, READING_COLUMNS, readingRows(chunk, now), READING_ROWS));
  }

  private static List<Object> billRow(BillRecord r) {
    StoredBill s = r.bill();
    Bill b = s.bill();
    return Arrays.asList(s.id(), b.meterSerial(), s.consumerId(), b.period().start(), b.period().end(), s.revision(),
        false, b.tariffCode(), b.tariffEffectiveFrom(), b.importKwh(), b.exportKwh(), b.billedKwh(), b.total(),
        b.dueDate(), b.estimated(), methods(b.methods()), r.fingerprint(),
        Sql.orNull(truncate(s.revisionReason(), 500), Sql.NULL_STRING), Sql.utc(s.issuedAt()), LineItems.encode(b.lines()));
  }

  @Override
  public CompletionStage<Void> recordRun(BillingRunRecord run) {
    List<Object> args = Arrays.asList(run.cycleDay(), run.period().start(), run.period().end(), run.status().name(),
        run.trigger(), run.meters(), run.issued(), run.revised(), run.unchanged(), run.estimated(), run.failed(),
        Sql.utc(run.startedAt()), run.finishedAt() == null ? Sql.NULL_TIMESTAMP : Sql.utc(run.finishedAt()),
        Sql.orNull(truncate(run.message(), 500), Sql.NULL_STRING));
    return sql.withConnection(c -> sql.update(c, "INSERT INTO billing_runs (cycle_day, period_start, period_end, status,"
        + " trigger_kind, meters, issued, revised, unchanged, estimated, failed, started_at, finished_at, message) VALUES "
        + Sql.values(1, 14) + " ON DUPLICATE KEY UPDATE period_end = VALUES(period_end), status = VALUES(status),"
        + " trigger_kind = VALUES(trigger_kind), meters = VALUES(meters), issued = VALUES(issued),"
        + " revised = VALUES(revised), unchanged = VALUES(unchanged), estimated = VALUES(estimated),"
        + " failed = VALUES(failed), started_at = VALUES(started_at), finished_at = VALUES(finished_at),"
        + " message = VALUES(message)", args)).toFuture();
  }

  @Override
  public CompletionStage<Optional<BillingRunRecord>> run(int cycleDay, java.time.YearMonth month) {
    return sql.query("SELECT * FROM billing_runs WHERE cycle_day = ? AND period_start >= ? AND period_start < ?",
        List.of(cycleDay, month.atDay(1), month.plusMonths(1).atDay(1)), R2dbcBillingStore::runRecord)
        .collectList().map(rows -> rows.stream().findFirst()).toFuture();
  }

  @Override
  public CompletionStage<List<BillingRunRecord>> recentRuns(int limit) {
    return sql.query("SELECT * FROM billing_runs ORDER BY started_at DESC, cycle_day LIMIT " + Math.max(1, limit),
        List.of(), R2dbcBillingStore::runRecord).collectList().toFuture();
  }

  @Override
  public CompletionStage<List<BillingRunRecord>> unfinishedRuns() {
    return sql.query("SELECT * FROM billing_runs WHERE status = 'RUNNING' ORDER BY period_start, cycle_day", List.of(),
        R2dbcBillingStore::runRecord).collectList().toFuture();
  }

  private static BillingRunRecord runRecord(io.r2dbc.spi.Row row) {
    java.time.LocalDateTime finished = row.get("finished_at", java.time.LocalDateTime.class);
    return new BillingRunRecord(
        Sql.integer(row, "cycle_day"),
        new BillingPeriod(row.get("period_start", LocalDate.class), row.get("period_end", LocalDate.class)),
        BillingRunRecord.Status.valueOf(row.get("status", String.class)), row.get("trigger_kind", String.class),
        Sql.integer(row, "meters"), Sql.integer(row, "issued"), Sql.integer(row, "revised"),
        Sql.integer(row, "unchanged"), Sql.integer(row, "estimated"), Sql.integer(row, "failed"),
        Sql.instant(row.get("started_at", java.time.LocalDateTime.class)),
        finished == null ? null : Sql.instant(finished), row.get("message", String.class));
  }

  @Override
  public CompletionStage<Map<Integer, LocalDate>> lastCompletedRuns() {
    return sql.query("SELECT cycle_day, MAX(period_start) last_start FROM billing_runs WHERE status = 'COMPLETED' AND trigger_kind IN ('schedule', 'catch-up') GROUP BY cycle_day",
        List.of(), row -> Map.entry(Sql.integer(row, "cycle_day"), row.get("last_start", LocalDate.class)))
        .collectMap(Map.Entry::getKey, Map.Entry::getValue).map(m -> (Map<Integer, LocalDate>) m).toFuture();
  }

  @Override
  public CompletionStage<List<StoredBill>> billsOf(String consumerId) {
    return withLines(sql.query("SELECT * FROM bills WHERE consumer_id = ? ORDER BY period_start DESC, serial, revision DESC",
        List.of(consumerId), R2dbcBillingStore::head).collectList()).toFuture();
  }

  @Override
  public CompletionStage<Optional<StoredBill>> bill(String billId) {
    java.util.regex.Matcher key = BILL_ID.matcher(billId);
    if (!key.matches()) {
      return Mono.just(Optional.<StoredBill>empty()).toFuture();
    }
    LocalDate start;
    try {
      start = LocalDate.parse(key.group(2), java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
    } catch (java.time.format.DateTimeParseException e) {
      return Mono.just(Optional.<StoredBill>empty()).toFuture();
    }
    return withLines(sql.query("SELECT * FROM bills WHERE period_start = ? AND serial = ? AND revision = ? AND id = ?",
            List.of(start, key.group(1), Integer.parseInt(key.group(3)), billId), R2dbcBillingStore::head).collectList())
        .map(list -> list.stream().findFirst()).toFuture();
  }

  @Override
  public CompletionStage<List<MonthlyReading>> monthlyReadings(String serial, LocalDate from, LocalDate to) {
    return sql.query("SELECT * FROM monthly_readings WHERE serial = ? AND period_start >= ? AND period_start < ?"
        + " ORDER BY period_start", List.of(serial, from, to), row -> new MonthlyReading(
            row.get("serial", String.class), row.get("period_start", LocalDate.class), row.get("period_end", LocalDate.class),
            Sql.integer(row, "cycle_day"), Sql.dbl(row, "import_start_kwh"), Sql.dbl(row, "import_end_kwh"),
            Sql.dbl(row, "import_kwh"), Sql.dbl(row, "export_kwh"),
            EstimationMethod.valueOf(row.get("start_method", String.class)),
            EstimationMethod.valueOf(row.get("end_method", String.class)), Sql.bool(row, "estimated"),
            Sql.bool(row, "partial_data"), methodsOf(row.get("methods", String.class)), Sql.dbl(row, "average_daily_kwh")))
        .collectList().toFuture();
  }

  @Override
  public CompletionStage<Void> addConsumer(Consumer consumer) {
    return sql.withConnection(c -> sql.update(c, "INSERT INTO consumers (id, name, address, email, sanctioned_load_kw,"
        + " created_at) VALUES " + Sql.values(1, 6), Arrays.asList(consumer.id(), consumer.name(),
            Sql.orNull(consumer.address(), Sql.NULL_STRING), Sql.orNull(consumer.email(), Sql.NULL_STRING),
            consumer.sanctionedLoadKw(), Sql.utc(consumer.createdAt()))))
        .onErrorMap(R2dbcDataIntegrityViolationException.class, e -> new Conflict("consumer " + consumer.id() + " exists already"))
        .toFuture();
  }

  @Override
  public CompletionStage<Optional<Consumer>> consumer(String id) {
    return sql.query("SELECT * FROM consumers WHERE id = ?", List.of(id), row -> new Consumer(row.get("id", String.class),
            row.get("name", String.class), row.get("address", String.class), row.get("email", String.class),
            row.get("sanctioned_load_kw", BigDecimal.class), Sql.instant(row.get("created_at", LocalDateTime.class))))
        .next().map(Optional::of).defaultIfEmpty(Optional.empty()).toFuture();
  }

  @Override
  public void close() {
    if (db.factory() instanceof io.r2dbc.h2.CloseableConnectionFactory closeable) {
      closeable.close();
    }
    if (db.h2Jdbc() != null) {
      db.h2Jdbc().dispose();
    }
  }

  /** A bill row without its lines yet. */
  private record Head(String id, String consumerId, int revision, boolean superseded, String reason, java.time.Instant issuedAt,
      String serial, BillingPeriod period, String tariffCode, LocalDate tariffFrom, BigDecimal importKwh, BigDecimal exportKwh,
      BigDecimal billedKwh, BigDecimal total, LocalDate due, boolean estimated, Set<EstimationMethod> methods,
      List<BillLine> lines) {}

  private static Head head(Row row) {
    return new Head(row.get("id", String.class), row.get("consumer_id", String.class), Sql.integer(row, "revision"),
        Sql.bool(row, "superseded"), row.get("revision_reason", String.class),
        Sql.instant(row.get("issued_at", LocalDateTime.class)), row.get("serial", String.class),
        new BillingPeriod(row.get("period_start", LocalDate.class), row.get("period_end", LocalDate.class)),
        row.get("tariff_code", String.class), row.get("tariff_effective_from", LocalDate.class),
        row.get("import_kwh", BigDecimal.class), row.get("export_kwh", BigDecimal.class),
        row.get("billed_kwh", BigDecimal.class), row.get("total", BigDecimal.class), row.get("due_date", LocalDate.class),
        Sql.bool(row, "estimated"), methodsOf(row.get("estimation_methods", String.class)),
        LineItems.decode(row.get("line_items", String.class)));
  }

  private static Mono<List<StoredBill>> withLines(Mono<List<Head>> heads) {
    return heads.map(hs -> hs.stream().map(h -> new StoredBill(h.id(), h.consumerId(), h.revision(), h.superseded(),
        h.reason(), h.issuedAt(), new Bill(h.serial(), h.period(), h.tariffCode(), h.tariffFrom(), h.importKwh(),
            h.exportKwh(), h.billedKwh(), h.lines(), h.total(), h.due(), h.estimated(), h.methods()))).toList());
  }

  private static String methods(Set<EstimationMethod> methods) {
    return methods.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
  }

  private static Set<EstimationMethod> methodsOf(String text) {
    Set<EstimationMethod> out = EnumSet.noneOf(EstimationMethod.class);
    if (text != null && !text.isBlank()) {
      for (String s : text.split(",")) {
        out.add(EstimationMethod.valueOf(s.trim()));
      }
    }
    return out;
  }

  private static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }

  private static <T> List<List<T>> chunks(List<T> all, int size) {
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += size) {
      out.add(all.subList(i, Math.min(all.size(), i + size)));
    }
    return out;
  }
}
