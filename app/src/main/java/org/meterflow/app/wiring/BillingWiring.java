package org.meterflow.app.wiring;

import com.typesafe.config.Config;
import java.time.Clock;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorSystem;
import org.meterflow.app.billing.BillingEngine;
import org.meterflow.actors.billing.BillingRuns;
import org.meterflow.actors.billing.BillingScheduler;
import org.meterflow.actors.billing.BillingSettings;
import org.meterflow.app.PlatformSettings;
import org.meterflow.app.billing.HistoricalImport;
import org.meterflow.app.billing.PlatformBilling;
import org.meterflow.model.reading.ReadingValidator;
import org.meterflow.mysql.billing.BillingDatabase;
import org.meterflow.mysql.billing.R2dbcBillingStore;

/**
 * Starts billing: the store (R2DBC on the registry's database), the engine reading registers and
 * time-of-day intervals from the time-series store, and the billing actor that runs each cycle day
 * on schedule and catches up after downtime.
 */
public final class BillingWiring {

  private BillingWiring() {}

  public static Billing start(Config config, PlatformSettings settings, Storage storage, Meters meters, Broker broker,
      ActorSystem<Void> system, Lifecycle lifecycle, Executor blocking, Clock clock) {
    BillingSettings billing = BillingSettings.fromConfig(settings.zone(), config.getConfig("meterflow.billing"));
    R2dbcBillingStore store = lifecycle.add("billing store", new R2dbcBillingStore(BillingDatabase.fromJdbcUrl(
        storage.registryUrl(), settings.registry().user(), settings.registry().password(), billing.askTimeout()), clock),
        R2dbcBillingStore::close);
    BillingRuns runs = new BillingRuns();
    BillingEngine engine = new BillingEngine(store, storage.timeSeries().registers(), storage.timeSeries().intervals(),
        billing, blocking, clock);
    HistoricalImport imports = new HistoricalImport(broker.meters(), storage.timeSeries().readings(),
        new ReadingValidator(meters.settings().limits()), blocking, clock);
    PlatformBilling api = new PlatformBilling(system, BillingScheduler.init(system, engine, store, runs, clock),
        store, imports, blocking, billing.askTimeout());
    return new Billing(api, store);
  }
}
