package org.meterflow.model.port;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.meterflow.model.billing.ledger.BillRecord;
import org.meterflow.model.billing.ledger.BillableMeter;
import org.meterflow.model.billing.ledger.BillingRunRecord;
import org.meterflow.model.billing.ledger.Consumer;
import org.meterflow.model.billing.ledger.IssuedBill;
import org.meterflow.model.billing.ledger.MonthlyReading;
import org.meterflow.model.billing.ledger.StoredBill;
import org.meterflow.model.billing.tariff.TariffVersion;

/**
 * The billing database (MySQL 8 / MariaDB 10.11 in production, H2 in MySQL mode embedded), reached
 * without blocking (R2DBC). Stages complete on the driver's threads: chain with {@code …Async}.
 */
public interface BillingStore extends AutoCloseable {

  /** Every active meter billed on {@code cycleDay}, with its consumer's sanctioned load. */
  CompletionStage<List<BillableMeter>> billableMeters(int cycleDay);

  /** The cycle days that have at least one active meter. */
  CompletionStage<List<Integer>> cycleDays();

  /** Every tariff version of every category. */
  CompletionStage<List<TariffVersion>> tariffs();

  /** Adds a tariff version; fails with {@link Conflict} when the category already has one on that date or the code exists. */
  CompletionStage<Void> addTariff(TariffVersion version);

  /** The newest issued revision per serial for the period starting {@code periodStart}. */
  CompletionStage<Map<String, IssuedBill>> issued(LocalDate periodStart);

  /** Writes monthly readings, new bills (with lines) and supersedes earlier revisions, atomically per call. */
  CompletionStage<Void> save(List<BillRecord> records);

  /** Records (inserts or replaces) the run of a cycle day's period. */
  CompletionStage<Void> recordRun(BillingRunRecord run);

  /** The recorded run of cycle day {@code cycleDay} whose period starts in {@code month}, if any. */
  CompletionStage<java.util.Optional<BillingRunRecord>> run(int cycleDay, java.time.YearMonth month);

  /** The most recently started recorded runs, newest first, at most {@code limit}. */
  CompletionStage<List<BillingRunRecord>> recentRuns(int limit);

  /**
   * Runs recorded as started and never finished: the billing actor's node died or stopped during
   * them. The billing actor that starts next finishes them.
   */
  CompletionStage<List<BillingRunRecord>> unfinishedRuns();

  /** The period start of the newest COMPLETED scheduled (or catch-up) run per cycle day; on-demand runs do not count. */
  CompletionStage<Map<Integer, LocalDate>> lastCompletedRuns();

  /** A consumer's bills, newest period first, every revision. */
  CompletionStage<List<StoredBill>> billsOf(String consumerId);

  CompletionStage<Optional<StoredBill>> bill(String billId);

  /** A meter's monthly readings with period start in [from, to), oldest first. */
  CompletionStage<List<MonthlyReading>> monthlyReadings(String serial, LocalDate from, LocalDate to);

  CompletionStage<Void> addConsumer(Consumer consumer);

  CompletionStage<Optional<Consumer>> consumer(String id);

  @Override
  void close();

  /** A unique key is taken (consumer id, tariff category + date, tariff code). */
  final class Conflict extends RuntimeException {
    public Conflict(String message) {
      super(message);
    }
  }
}
