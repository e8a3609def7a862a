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
import org.meterflow.actors.billing.BillingRuns;
import org.meterflow.actors.billing.BillingScheduler;
import org.meterflow.actors.billing.RunProgress;
import org.meterflow.http.api.BillingApi;
import org.meterflow.model.billing.ledger.BillingRunRecord;
import org.meterflow.model.billing.ledger.Consumer;
import org.meterflow.model.billing.ledger.MonthlyReading;
import org.meterflow.model.billing.ledger.StoredBill;
import org.meterflow.model.billing.tariff.TariffVersion;
import org.meterflow.model.port.BillingStore;

/** {@link BillingApi} on the billing singleton, the billing store, the PDF renderer and the historical import. */
public final class PlatformBilling implements BillingApi {

  private static final int CHART_MONTHS = 6;

  private final ActorSystem<?> system;
  private final ActorRef<BillingScheduler.Command> scheduler;
  private final BillingRuns runs;
  private final BillingStore store;
  private final HistoricalImport historicalImport;
  private final Executor blocking;
  private final Duration askTimeout;
  /** Created on the first PDF: loading the fonts costs a second at start otherwise. */
  private volatile BillPdf pdf;

  public PlatformBilling(ActorSystem<?> system, ActorRef<BillingScheduler.Command> scheduler, BillingRuns runs,
      BillingStore store, HistoricalImport historicalImport, Executor blocking, Duration askTimeout) {
    this.system = system;
    this.scheduler = scheduler;
    this.runs = runs;
    this.store = store;
    this.historicalImport = historicalImport;
    this.blocking = blocking;
    this.askTimeout = askTimeout;
  }

  @Override
  public CompletionStage<List<String>> startRun(String month, int cycleDay) {
    return AskPattern.<BillingScheduler.Command, BillingScheduler.Accepted>ask(scheduler,
            replyTo -> new BillingScheduler.RunPeriod(month, cycleDay, replyTo), askTimeout, system.scheduler())
        .thenApplyAsync(BillingScheduler.Accepted::runIds, blocking);
  }

  @Override
  public Optional<RunView> run(String id) {
    return runs.find(id).map(PlatformBilling::view);
  }

  @Override
  public List<RunView> runs() {
    return runs.all().stream().map(PlatformBilling::view).toList();
  }

  static RunView view(RunProgress p) {
    BillingRunRecord r = p.result();
    return new RunView(p.id(), p.period().label().toString(), p.cycleDay(), p.period().start(), p.period().end(), p.trigger(),
        p.state(), p.meters(), p.processed(), r == null ? 0 : r.issued(), r == null ? 0 : r.revised(),
        r == null ? 0 : r.unchanged(), r == null ? 0 : r.estimated(), r == null ? 0 : r.failed(), p.queuedAt(),
        r == null ? null : r.finishedAt(), r == null ? null : r.message());
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
