package org.meterflow.app.billing;

import org.meterflow.actors.billing.BillingSettings;
import org.meterflow.actors.billing.PeriodBilling;
import org.meterflow.actors.billing.RunProgress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.meterflow.model.billing.BillingPeriod;
import org.meterflow.model.billing.bill.Bill;
import org.meterflow.model.billing.bill.BillCalculator;
import org.meterflow.model.billing.bill.BillInput;
import org.meterflow.model.billing.consumption.ConsumptionCalculator;
import org.meterflow.model.billing.consumption.ConsumptionSettings;
import org.meterflow.model.billing.consumption.MeterConsumption;
import org.meterflow.model.billing.consumption.RegisterConsumption;
import org.meterflow.model.billing.consumption.RegisterSample;
import org.meterflow.model.billing.ledger.BillDecision;
import org.meterflow.model.billing.ledger.BillFingerprint;
import org.meterflow.model.billing.ledger.BillRecord;
import org.meterflow.model.billing.ledger.BillableMeter;
import org.meterflow.model.billing.ledger.BillingRunRecord;
import org.meterflow.model.billing.ledger.IssuedBill;
import org.meterflow.model.billing.ledger.MonthlyReading;
import org.meterflow.model.billing.ledger.StoredBill;
import org.meterflow.model.billing.tariff.TariffBook;
import org.meterflow.model.billing.tariff.TariffVersion;
import org.meterflow.model.billing.tariff.TodEnergy;
import org.meterflow.model.billing.tariff.TodSplit;
import org.meterflow.model.billing.consumption.EstimationMethod;
import org.meterflow.model.port.IntervalEnergy;
import org.meterflow.model.port.BillingStore;
import org.meterflow.model.port.RegisterBoundaries;
import org.meterflow.model.port.RegisterBoundaries.Bracket;
import org.meterflow.model.port.RegisterBoundaries.Register;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One billing run of a cycle day's period, for all its meters at once: the registers around both
 * boundaries come from the time-series store in four bulk queries, each meter's consumption and
 * bill are computed by the domain ({@link ConsumptionCalculator}, {@link BillCalculator}), and the
 * results are written in batches. A meter whose bill is unchanged writes nothing (a rerun is
 * read-only); a changed one gets the next revision and its monthly reading is replaced (rules in
 * {@link BillDecision}).
 *
 * <p>Time-of-day meters (tariff in force with windows) also get their interval data, summed by
 * local hour of day for all of them at once ({@link IntervalEnergy}); the domain's {@link TodSplit}
 * turns it into kWh per window. Without usable intervals the bill puts everything in the tariff's
 * base window and is flagged estimated ({@link EstimationMethod#TOD_BASE_WINDOW}).
 *
 * <p>The consumption of a meter is computed from its bracketing readings only (last before and
 * first after each boundary): the register difference across the period is exact whatever lies
 * between, so gaps inside the period do not matter, and the average rate for estimates is the
 * rate between the first and last of those readings.
 */
public final class BillingEngine implements PeriodBilling {

  private static final Logger log = LoggerFactory.getLogger(BillingEngine.class);

  private final BillingStore store;
  private final RegisterBoundaries registers;
  private final IntervalEnergy intervals;
  private final BillingSettings settings;
  private final Executor cpu;
  private final Clock clock;

  /** An engine without interval data: time-of-day bills fall back to their base window. */
  public BillingEngine(BillingStore store, RegisterBoundaries registers, BillingSettings settings, Executor cpu, Clock clock) {
    this(store, registers, IntervalEnergy.NONE, settings, cpu, clock);
  }

  public BillingEngine(BillingStore store, RegisterBoundaries registers, IntervalEnergy intervals, BillingSettings settings,
      Executor cpu, Clock clock) {
    this.store = store;
    this.registers = registers;
    this.intervals = intervals;
    this.settings = settings;
    this.cpu = cpu;
    this.clock = clock;
  }

  @Override
  public BillingSettings settings() {
    return settings;
  }

  @Override
  public CompletionStage<BillingRunRecord> run(RunProgress progress) {
    BillingPeriod period = progress.period();
    int day = progress.cycleDay();
    Instant started = clock.instant();
    Instant start = period.startInstant(settings.zone());
    Instant end = period.endInstant(settings.zone());
    BillingRunRecord running = new BillingRunRecord(day, period, BillingRunRecord.Status.RUNNING, progress.trigger(),
        0, 0, 0, 0, 0, 0, started, null, null);
    CompletableFuture<List<BillableMeter>> meters = store.billableMeters(day).toCompletableFuture();
    CompletableFuture<List<TariffVersion>> tariffs = store.tariffs().toCompletableFuture();
    CompletableFuture<Map<String, IssuedBill>> issued = store.issued(period.start()).toCompletableFuture();
    CompletableFuture<Map<String, Bracket>> atStart =
        registers.around(start, settings.lookback(), settings.lookahead()).toCompletableFuture();
    CompletableFuture<Map<String, Bracket>> atEnd =
        registers.around(end, settings.lookback(), settings.lookahead()).toCompletableFuture();
    CompletableFuture<Map<String, double[]>> byHour = meters
        .thenCombineAsync(tariffs, (ms, ts) -> todSerials(ms, new TariffBook(ts), period), cpu)
        .thenComposeAsync(serials -> serials.isEmpty()
            ? CompletableFuture.completedFuture(Map.<String, double[]>of())
            : intervals.importByHourOfDay(serials, start, end, settings.zone(), settings.todMaxInterval()), cpu);
    return store.recordRun(running).toCompletableFuture()
        .thenCombineAsync(CompletableFuture.allOf(meters, tariffs, issued, atStart, atEnd, byHour), (x, y) -> y, cpu)
        .thenComposeAsync(x -> {
          log.info("billing run {} day {}: {} meters, registers of {} + {} meters read in {} ms", period.label(), day,
              meters.join().size(), atStart.join().size(), atEnd.join().size(),
              Duration.between(started, clock.instant()).toMillis());
          Batch context = new Batch(period, day, new TariffBook(tariffs.join()), issued.join(), atStart.join(), atEnd.join(),
              byHour.join(), consumptionSettings(period), started);
          progress.started(meters.join().size());
          return writeAll(meters.join(), context, progress);
        }, cpu)
        .handleAsync((counts, failure) -> {
          BillingRunRecord done = failure == null
              ? new BillingRunRecord(day, period, BillingRunRecord.Status.COMPLETED, progress.trigger(), counts.meters.get(),
                  counts.issued.get(), counts.revised.get(), counts.unchanged.get(), counts.estimated.get(),
                  counts.failed.get(), started, clock.instant(), counts.firstError)
              : new BillingRunRecord(day, period, BillingRunRecord.Status.FAILED, progress.trigger(), progress.meters(), 0, 0,
                  0, 0, 0, started, clock.instant(), rootMessage(failure));
          if (failure != null) {
            log.error("billing run {} day {} failed", period.label(), day, failure);
          } else {
            log.info("billing run {} day {}: {} meters, {} issued, {} revised, {} unchanged, {} estimated, {} failed in {} ms"
                + " (compute {} ms, writes {} ms, summed over {} lanes)",
                period.label(), day, done.meters(), done.issued(), done.revised(), done.unchanged(), done.estimated(),
                done.failed(), Duration.between(started, done.finishedAt()).toMillis(), counts.computeNanos.get() / 1_000_000,
                counts.saveNanos.get() / 1_000_000, settings.parallelism());
          }
          return store.recordRun(done).toCompletableFuture().handle((v, e) -> done);
        }, cpu)
        .thenComposeAsync(f -> f, cpu)
        .whenCompleteAsync((done, e) -> {
          if (done != null) {
            progress.finished(done);
          }
        }, cpu);
  }

  /**
   * Consumption settings for bracket-only series: no gap can be detected from brackets (the
   * register difference is exact), so the maximum gap spans the whole window.
   */
  private ConsumptionSettings consumptionSettings(BillingPeriod period) {
    Duration window = Duration.between(period.startInstant(settings.zone()), period.endInstant(settings.zone()))
        .plus(settings.lookback()).plus(settings.lookahead()).plusDays(1);
    return new ConsumptionSettings(settings.boundaryTolerance(), window, ConsumptionSettings.GapPolicy.TRUST_REGISTER,
        ConsumptionSettings.TailPolicy.EXTRAPOLATE_AVERAGE_DAILY,
        settings.fallbackDailyKwh() < 0 ? null : settings.fallbackDailyKwh());
  }

  /** What every batch of one run shares. */
  private record Batch(BillingPeriod period, int day, TariffBook tariffs, Map<String, IssuedBill> issued,
      Map<String, Bracket> atStart, Map<String, Bracket> atEnd, Map<String, double[]> byHour,
      ConsumptionSettings consumption, Instant issuedAt) {}

  /** The meters whose tariff in force on the period's first day has time-of-day windows. */
  private static List<String> todSerials(List<BillableMeter> meters, TariffBook tariffs, BillingPeriod period) {
    Map<String, Boolean> tod = new java.util.HashMap<>();
    List<String> out = new ArrayList<>();
    for (BillableMeter m : meters) {
      if (tod.computeIfAbsent(m.category(), c -> tariffs.inForce(c, period.start())
          .map(v -> v.energy() instanceof TodEnergy).orElse(false))) {
        out.add(m.serial());
      }
    }
    return out;
  }

  /**
   * The kWh per window of a time-of-day meter from its interval data, or {@code null} when the
   * meter's tariff has no windows or there is no usable interval.
   */
  private static Map<String, Double> todSplit(BillableMeter m, Batch ctx) {
    TariffVersion v = ctx.tariffs().inForce(m.category(), ctx.period().start()).orElse(null);
    double[] hours = ctx.byHour().get(m.serial());
    if (v == null || !(v.energy() instanceof TodEnergy tod) || hours == null) {
      return null;
    }
    Map<String, Double> split = TodSplit.byHourOfDay(hours, tod);
    return split.values().stream().mapToDouble(Double::doubleValue).sum() > 0 ? split : null;
  }

  private static final class Counts {
    final AtomicInteger meters = new AtomicInteger();
    final AtomicInteger issued = new AtomicInteger();
    final AtomicInteger revised = new AtomicInteger();
    final AtomicInteger unchanged = new AtomicInteger();
    final AtomicInteger estimated = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    volatile String firstError;
    final java.util.concurrent.atomic.AtomicLong computeNanos = new java.util.concurrent.atomic.AtomicLong();
    final java.util.concurrent.atomic.AtomicLong saveNanos = new java.util.concurrent.atomic.AtomicLong();
  }

  /** {@code parallelism} lanes, each computing and writing its batches one after the other. */
  private CompletableFuture<Counts> writeAll(List<BillableMeter> meters, Batch ctx, RunProgress progress) {
    Counts counts = new Counts();
    counts.meters.set(meters.size());
    List<List<BillableMeter>> batches = new ArrayList<>();
    for (int i = 0; i < meters.size(); i += settings.batchSize()) {
      batches.add(meters.subList(i, Math.min(meters.size(), i + settings.batchSize())));
    }
    int lanes = Math.max(1, settings.parallelism());
    List<CompletableFuture<Void>> running = new ArrayList<>();
    for (int lane = 0; lane < lanes; lane++) {
      CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
      for (int b = lane; b < batches.size(); b += lanes) {
        List<BillableMeter> batch = batches.get(b);
        chain = chain.thenApplyAsync(x -> {
              long t = System.nanoTime();
              List<BillRecord> records = compute(batch, ctx, counts);
              counts.computeNanos.addAndGet(System.nanoTime() - t);
              return records;
            }, cpu)
            .thenComposeAsync(records -> {
              long t = System.nanoTime();
              return store.save(records).whenComplete((v, e) -> counts.saveNanos.addAndGet(System.nanoTime() - t));
            }, cpu)
            .thenRunAsync(() -> progress.advanced(batch.size()), cpu);
      }
      running.add(chain);
    }
    return CompletableFuture.allOf(running.toArray(new CompletableFuture[0])).thenApplyAsync(x -> counts, cpu);
  }

  private List<BillRecord> compute(List<BillableMeter> batch, Batch ctx, Counts counts) {
    ConsumptionCalculator calculator = new ConsumptionCalculator(ctx.consumption());
    BillCalculator bills = new BillCalculator(ctx.tariffs(), settings.dueDays());
    List<BillRecord> out = new ArrayList<>(batch.size());
    for (BillableMeter m : batch) {
      try {
        BillRecord r = billOne(m, ctx, calculator, bills, counts);
        if (r != null) {
          out.add(r);
        }
      } catch (RuntimeException e) {
        counts.failed.incrementAndGet();
        if (counts.firstError == null) {
          counts.firstError = m.serial() + ": " + e.getMessage();
        }
        log.warn("meter {} not billed for {}: {}", m.serial(), ctx.period(), e.toString());
      }
    }
    return out;
  }

  private BillRecord billOne(BillableMeter m, Batch ctx, ConsumptionCalculator calculator, BillCalculator bills, Counts counts) {
    List<RegisterSample> imports = new ArrayList<>(4);
    List<RegisterSample> exports = m.netMetered() ? new ArrayList<>(4) : null;
    addBracket(ctx.atStart().get(m.serial()), imports, exports);
    addBracket(ctx.atEnd().get(m.serial()), imports, exports);
    MeterConsumption c = calculator.meter(imports, exports, ctx.period(), settings.zone());
    Map<String, Double> split = todSplit(m, ctx);
    BillInput input = BillInput.from(m.serial(), m.category(), m.sanctionedLoadKw(), c, split);
    if (split == null && input.importKwh().signum() > 0 && ctx.tariffs().inForce(m.category(), ctx.period().start())
        .map(v -> v.energy() instanceof TodEnergy).orElse(false)) {
      // no interval data: all in the base window, and the split is an estimate
      input = input.withEstimate(EstimationMethod.TOD_BASE_WINDOW);
    }
    Bill bill = bills.calculate(input);
    if (bill.estimated()) {
      counts.estimated.incrementAndGet();
    }
    RegisterConsumption imp = c.imported();
    MonthlyReading reading = new MonthlyReading(m.serial(), ctx.period().start(), ctx.period().end(), ctx.day(),
        imp.startEvidence().register(), imp.endEvidence().register(), c.importKwh(), c.exportKwh(),
        imp.startEvidence().method(), imp.endEvidence().method(), c.estimated(), c.partial(), c.methods(),
        imp.averageDailyKwh());
    String fingerprint = BillFingerprint.of(bill);
    IssuedBill previous = ctx.issued().get(m.serial());
    return switch (BillDecision.decide(previous, bill, fingerprint)) {
      case ISSUE -> {
        counts.issued.incrementAndGet();
        yield new BillRecord(reading, new StoredBill(StoredBill.idOf(m.serial(), ctx.period().start(), 1), m.consumerId(), 1,
            false, null, ctx.issuedAt(), bill), fingerprint);
      }
      case REVISE -> {
        counts.revised.incrementAndGet();
        int revision = previous.revision() + 1;
        String reason = previous.estimated() && !bill.estimated()
            ? "readings replace the estimate of revision " + previous.revision()
            : "later readings changed revision " + previous.revision();
        yield new BillRecord(reading, new StoredBill(StoredBill.idOf(m.serial(), ctx.period().start(), revision),
            m.consumerId(), revision, false, reason, ctx.issuedAt(), bill), fingerprint);
      }
      case UNCHANGED -> {
        counts.unchanged.incrementAndGet();
        yield null;
      }
      case KEEP_ACTUAL -> {
        // readings were lost since the actual bill: keep the bill and the monthly reading it rests on
        counts.unchanged.incrementAndGet();
        yield null;
      }
    };
  }

  private static void addBracket(Bracket b, List<RegisterSample> imports, List<RegisterSample> exports) {
    if (b == null) {
      return;
    }
    for (Register r : new Register[] {b.before(), b.after()}) {
      if (r != null) {
        imports.add(new RegisterSample(r.ts(), r.importKwh()));
        if (exports != null) {
          exports.add(new RegisterSample(r.ts(), r.exportKwh()));
        }
      }
    }
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.toString();
  }
}
