package org.meterflow.app.billing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.meterflow.http.api.BillingApi.ImportReport;
import org.meterflow.http.api.BillingApi.ImportedReading;
import org.meterflow.http.api.BillingApi.ReadingImport;
import org.meterflow.http.api.BillingApi.RowError;
import org.meterflow.http.api.BillingApi.UnknownMeter;
import org.meterflow.model.meter.MeterLocation;
import org.meterflow.model.meter.MeterRegistration;
import org.meterflow.model.meter.RegisteredMeter;
import org.meterflow.model.port.MeterRegistry;
import org.meterflow.model.port.ReadingStore;
import org.meterflow.model.reading.AcceptedReading;
import org.meterflow.model.reading.ReadingValidator;
import org.meterflow.model.reading.Reading;
import org.meterflow.model.reading.RecentReadings;
import org.meterflow.model.reading.RejectionReason;
import org.meterflow.model.reading.Verdict;

/**
 * Historical readings of one meter straight into the time-series store through the
 * {@link ReadingStore} port: every validation rule applies except the live window (the readings
 * are old by design). Each request continues the register check from the newest stored reading
 * when the request starts after it, so an import sent in chunks is checked as one series; a
 * re-import writes the same (serial, ts) rows again, which the store keeps once. Readings carry the
 * meter's registered location, so area load includes them.
 */
public final class HistoricalImport {

  private static final int WRITE_BATCH = 5_000;

  private final MeterRegistry registry;
  private final ReadingStore store;
  private final ReadingValidator validator;
  private final Executor blocking;
  private final Clock clock;

  public HistoricalImport(MeterRegistry registry, ReadingStore store, ReadingValidator validator, Executor blocking, Clock clock) {
    this.registry = registry;
    this.store = store;
    this.validator = validator;
    this.blocking = blocking;
    this.clock = clock;
  }

  public CompletionStage<ImportReport> importReadings(ReadingImport request) {
    return CompletableFuture.supplyAsync(() -> registry.find(request.serial()), blocking)
        .thenComposeAsync(meter -> {
          if (meter.isEmpty()) {
            throw new UnknownMeter(request.serial());
          }
          return store.latest(request.serial()).thenComposeAsync(latest -> validateAndWrite(meter.get(), request, latest), blocking);
        }, blocking);
  }

  private CompletionStage<ImportReport> validateAndWrite(RegisteredMeter meter, ReadingImport request,
      Optional<AcceptedReading> latest) {
    MeterRegistration reg = meter.registration();
    List<ImportedReading> rows = request.readings();
    Instant first = rows.stream().map(ImportedReading::ts).filter(java.util.Objects::nonNull).min(Instant::compareTo).orElse(null);
    RecentReadings recent = latest.filter(l -> first != null && l.reading().ts().isBefore(first))
        .map(l -> RecentReadings.of(l.reading())).orElse(RecentReadings.empty());
    Instant now = clock.instant();
    MeterLocation location = new MeterLocation(reg.region(), reg.substation(), reg.feeder(), reg.dt());
    List<AcceptedReading> accepted = new ArrayList<>();
    List<RowError> rejected = new ArrayList<>();
    int duplicates = 0;
    for (int i = 0; i < rows.size(); i++) {
      ImportedReading row = rows.get(i);
      if (row.ts() == null || row.importKwh() == null) {
        rejected.add(new RowError(i, row.ts(), RejectionReason.MISSING_FIELD.code(), "ts and importKwh are required"));
        continue;
      }
      Reading reading = reading(reg, row, recent.newest().orElse(null));
      Verdict verdict = validator.judge(reading, recent, now, false);
      if (verdict instanceof Verdict.Rejected r) {
        rejected.add(new RowError(i, row.ts(), r.reason().code(), r.detail()));
      } else if (verdict instanceof Verdict.Duplicate) {
        duplicates++;
      } else {
        accepted.add(new AcceptedReading(reading, now, location));
        recent = recent.with(reading);
      }
    }
    CompletableFuture<Void> writes = CompletableFuture.completedFuture(null);
    for (int i = 0; i < accepted.size(); i += WRITE_BATCH) {
      List<AcceptedReading> batch = accepted.subList(i, Math.min(accepted.size(), i + WRITE_BATCH));
      writes = writes.thenComposeAsync(x -> store.write(batch), blocking);
    }
    int duplicateCount = duplicates;
    return writes.thenApplyAsync(x -> new ImportReport(request.serial(), rows.size(), accepted.size(), duplicateCount,
        rejected), blocking);
  }

  /**
   * The reading of an imported row: missing instantaneous values become nominal voltage and
   * frequency, and the current that the interval's energy implies (so the energy-jump rule sees a
   * consistent reading).
   */
  private static Reading reading(MeterRegistration reg, ImportedReading row, Reading previous) {
    double voltage = row.voltage() != null ? row.voltage() : reg.nominalVoltage();
    double current;
    if (row.current() != null) {
      current = row.current();
    } else if (previous != null && row.ts().isAfter(previous.ts()) && voltage > 0) {
      double hours = Duration.between(previous.ts(), row.ts()).toMillis() / 3_600_000.0;
      current = Math.max(0, row.importKwh() - previous.importKwh()) / hours * 1000.0 / voltage;
    } else {
      current = 0.0;
    }
    long seq = row.seq() != null ? row.seq() : row.ts().getEpochSecond();
    return new Reading(reg.serial(), seq, row.ts(), row.importKwh(), row.exportKwh() == null ? 0.0 : row.exportKwh(),
        voltage, current, row.frequency() != null ? row.frequency() : reg.nominalFrequency(), row.powerFactor());
  }
}
