package org.meterflow.app.billing;

import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.meterflow.actors.billing.BillingScheduler;
import org.meterflow.actors.billing.RunSnapshot;
import org.meterflow.http.api.BillingApi;
import org.meterflow.model.billing.ledger.BillingRunRecord;
import org.meterflow.model.billing.ledger.Consumer;
import org.meterflow.model.billing.ledger.MonthlyReading;
import org.meterflow.model.billing.ledger.StoredBill;
import org.meterflow.model.billing.tariff.TariffVersion;
import org.meterflow.model.port.BillingStore;

/** {@link BillingApi} on the billing singleton, the billing store, the PDF renderer and the historical import. */
public final class PlatformBilling implements BillingApi {

  /** A run's id begins with the month its period starts in and its cycle day: {@code 2026-10-d1-…}. */
  /** Recorded runs listed after the billing actor's own. */
  private static final int RECORDED_RUNS = 50;
  private static final java.util.regex.Pattern RUN_ID = java.util.regex.Pattern.compile("(\\d{4}-\\d{2})-d(\\d{1,2})-.+");

  private static final int CHART_MONTHS = 6;

  private final ActorSystem<?> system;
  private final ActorRef<BillingScheduler.Command> scheduler;
  private final BillingStore store;
  private final HistoricalImport historicalImport;
  private final Executor blocking;
  private final Duration askTimeout;
  /** Created on the first PDF: loading the fonts costs a second at start otherwise. */
  private volatile BillPdf pdf;

  public PlatformBilling(ActorSystem<?> system, ActorRef<BillingScheduler.Command> scheduler,
      BillingStore store, HistoricalImport historicalImport, Executor blocking, Duration askTimeout) {
    this.system = system;
    this.scheduler = scheduler;
    this.store = store;
    this.historicalImport = historicalImport;
    this.blocking = blocking;
    this.askTimeout = askTimeout;
  }

  @Override
  public CompletionStage<List<RunView>> startRun(String month, int cycleDay) {
    return AskPattern.<BillingScheduler.Command, BillingScheduler.Accepted>ask(scheduler,
            replyTo -> new BillingScheduler.RunPeriod(month, cycleDay, replyTo), askTimeout, system.scheduler())
        .thenApply(accepted -> accepted.runs().stream().map(PlatformBilling::view).toList());
  }

  /**
   * Asks the billing singleton (on whichever node it runs); a run it does not know (it started
   * after a node's death, or after a restart) is answered from {@code billing_runs} by the cycle day
   * and month its id begins with.
   */
  @Override
  public CompletionStage<Optional<RunView>> run(String id) {
    return AskPattern.<BillingScheduler.Command, BillingScheduler.Runs>ask(scheduler, BillingScheduler.GetRuns::new,
            askTimeout, system.scheduler())
        .thenApply(answer -> answer.runs().stream().map(PlatformBilling::view).toList())
        .thenCompose(all -> {
      Optional<RunView> live = all.stream().filter(r -> r.id().equals(id)).findFirst();
      java.util.regex.Matcher key = RUN_ID.matcher(id);
      if (live.isPresent() || !key.matches()) {
        return CompletableFuture.completedFuture(live);
      }
      return store.run(Integer.parseInt(key.group(2)), YearMonth.parse(key.group(1)))
          .thenApply(recorded -> recorded.map(r -> view(id, r)));
    });
  }

  /**
   * The billing singleton's runs (queued, running, and those it ran since it started) and, after
   * them, the recorded runs it does not hold (run before a restart or by another node), newest first.
   */
  @Override
  public CompletionStage<List<RunView>> runs() {
    CompletionStage<List<BillingRunRecord>> recorded = store.recentRuns(RECORDED_RUNS);
    return AskPattern.<BillingScheduler.Command, BillingScheduler.Runs>ask(scheduler, BillingScheduler.GetRuns::new,
            askTimeout, system.scheduler())
        .thenCombine(recorded, (answer, records) -> {
          List<RunView> all = new ArrayList<>(answer.runs().stream().map(PlatformBilling::view).toList());
          java.util.Set<String> held = new java.util.HashSet<>();
          all.forEach(r -> held.add(r.cycleDay() + "/" + r.periodStart()));
          for (BillingRunRecord r : records) {
            if (held.add(r.cycleDay() + "/" + r.period().start())) {
              all.add(view(r.period().label() + "-d" + r.cycleDay() + "-recorded", r));
            }
          }
          return List.copyOf(all);
        });
  }

  static RunView view(RunSnapshot p) {
    BillingRunRecord r = p.result();
    return new RunView(p.id(), p.period().label().toString(), p.cycleDay(), p.period().start(), p.period().end(),
        p.trigger(), p.state(), p.meters(), p.processed(), r == null ? 0 : r.issued(), r == null ? 0 : r.revised(),
        r == null ? 0 : r.unchanged(), r == null ? 0 : r.estimated(), r == null ? 0 : r.failed(), p.queuedAt(),
        r == null ? null : r.finishedAt(), r == null ? null : r.message());
  }

  /** A run known only from its record: queued when it started, every meter processed once it ended. */
  static RunView view(String id, BillingRunRecord r) {
    boolean ended = r.status() != BillingRunRecord.Status.RUNNING;
    return new RunView(id, r.period().label().toString(), r.cycleDay(), r.period().start(), r.period().end(),
        r.trigger(), r.status().name(), r.meters(), ended ? r.meters() : 0, r.issued(), r.revised(), r.unchanged(),
        r.estimated(), r.failed(), r.startedAt(), r.finishedAt(), r.message());
  }

  @Override
  public CompletionStage<List<StoredBill>> billsOf(String consumerId) {
    return store.billsOf(consumerId);
  }

  @Override
  public CompletionStage<Optional<StoredBill>> bill(String billId) {
    return store.bill(billId);
  }

  @Override
  public CompletionStage<byte[]> pdf(StoredBill bill) {
    LocalDate start = bill.bill().period().start();
    CompletableFuture<List<MonthlyReading>> usage = store.monthlyReadings(bill.bill().meterSerial(),
        start.minusMonths(CHART_MONTHS - 1), start.plusDays(1)).toCompletableFuture();
    CompletableFuture<Optional<Consumer>> consumer = store.consumer(bill.consumerId()).toCompletableFuture();
    return usage.thenCombineAsync(consumer, (readings, who) -> {
      List<BillPdf.UsageBar> bars = new ArrayList<>();
      for (MonthlyReading m : readings) {
        bars.add(new BillPdf.UsageBar(YearMonth.from(m.periodStart()), m.importKwh(), m.estimated()));
      }
      return renderer().render(bill, who.orElse(null), bars);
    }, blocking);
  }

  private BillPdf renderer() {
    BillPdf r = pdf;
    if (r == null) {
      synchronized (this) {
        if (pdf == null) {
          pdf = new BillPdf();
        }
        r = pdf;
      }
    }
    return r;
  }

  @Override
  public CompletionStage<Void> addConsumer(Consumer consumer) {
    return store.addConsumer(consumer);
  }

  @Override
  public CompletionStage<Optional<Consumer>> consumer(String id) {
    return store.consumer(id);
  }

  @Override
  public CompletionStage<Void> addTariff(TariffVersion version) {
    return store.addTariff(version);
  }

  @Override
  public CompletionStage<List<TariffVersion>> tariffs() {
    return store.tariffs();
  }

  @Override
  public CompletionStage<ImportReport> importReadings(ReadingImport request) {
    return historicalImport.importReadings(request);
  }
}
