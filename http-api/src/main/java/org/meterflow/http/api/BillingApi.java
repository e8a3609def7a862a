package org.meterflow.http.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.meterflow.model.billing.ledger.Consumer;
import org.meterflow.model.billing.ledger.StoredBill;
import org.meterflow.model.billing.tariff.TariffVersion;

/** What the billing routes need from the platform (runs, bills, PDFs, consumers, tariffs, historical import). */
public interface BillingApi {

  /**
   * Queues the runs of the period named {@code month} ("2026-10"); {@code cycleDay} 0 = every cycle
   * day. The runs as queued.
   */
  CompletionStage<List<RunView>> startRun(String month, int cycleDay);

  /** A run by id, from whichever node runs billing, or as recorded once it has finished. */
  CompletionStage<Optional<RunView>> run(String id);

  /** The runs queued or run since the billing actor last started, newest first. */
  CompletionStage<List<RunView>> runs();

  CompletionStage<List<StoredBill>> billsOf(String consumerId);

  CompletionStage<Optional<StoredBill>> bill(String billId);

  /** The bill as a PDF with its lines and the meter's last six months of usage. */
  CompletionStage<byte[]> pdf(StoredBill bill);

  CompletionStage<Void> addConsumer(Consumer consumer);

  CompletionStage<Optional<Consumer>> consumer(String id);

  CompletionStage<Void> addTariff(TariffVersion version);

  CompletionStage<List<TariffVersion>> tariffs();

  /** Validates (all rules but the live window) and stores historical readings of one meter. */
  CompletionStage<ImportReport> importReadings(ReadingImport request);

  /** A billing run for progress displays. {@code meters} is -1 until known. */
  record RunView(String id, String period, int cycleDay, LocalDate periodStart, LocalDate periodEnd, String trigger,
      String state, int meters, int processed, int issued, int revised, int unchanged, int estimated, int failed,
      Instant queuedAt, Instant finishedAt, String message) {}

  /** {@code POST /api/v1/readings/import}: one meter's readings, oldest first. */
  record ReadingImport(String serial, List<ImportedReading> readings) {}

  /** A historical reading; instantaneous quantities optional (nominal values are assumed). */
  record ImportedReading(Long seq, Instant ts, Double importKwh, Double exportKwh, Double voltage, Double current,
      Double frequency, Double powerFactor) {}

  /** What an import did, with each refused row (its index in the request) and why. */
  record ImportReport(String serial, int received, int accepted, int duplicates, List<RowError> rejected) {}

  record RowError(int index, Instant ts, String reason, String detail) {}

  /** {@code POST /api/v1/consumers}. */
  record NewConsumer(String id, String name, String address, String email, BigDecimal sanctionedLoadKw) {}

  /** Thrown (as the failure of a stage) for requests naming an unknown meter. */
  final class UnknownMeter extends RuntimeException {
    public UnknownMeter(String serial) {
      super("no meter " + serial);
    }
  }
}
