package org.meterflow.app.wiring;

import com.typesafe.config.Config;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorSystem;
import org.meterflow.actors.live.Broadcast;
import org.meterflow.actors.meter.MeterEntity;
import org.meterflow.actors.meter.MeterEntitySettings;
import org.meterflow.actors.outage.OutageChecks;
import org.meterflow.actors.outage.OutageMonitor;
import org.meterflow.app.PlatformSettings;
import org.meterflow.app.cluster.FeedRelay;
import org.meterflow.app.cluster.SingletonTimer;
import org.meterflow.app.lake.EventLakeExport;
import org.meterflow.app.events.QualityEvents;
import org.meterflow.app.startup.StartupSteps;
import org.meterflow.http.api.EventQuery;
import org.meterflow.migrations.JournalMigrations;
import org.meterflow.model.quality.OutageSettings;
import org.meterflow.mysql.JdbcQualityEventStore;
import org.meterflow.mysql.SqlDatabase;

/** Starts the meters: the journal's schema, the event store and feeds, the entities, the outage monitor. */
public final class MetersWiring {

  private static final String JOURNAL_SETTING =
      "METERFLOW_JOURNAL_URL, or METERFLOW_DB_URL for journal and registry on one server (meterflow.journal)";

  private MetersWiring() {}

  public static Meters start(Config config, PlatformSettings settings, ActorSystem<Void> system, Storage storage,
      StartupSteps steps, Lifecycle lifecycle, ExecutorService blocking, Clock clock) {
    steps.run("the event journal (" + SqlDatabase.redact(config.getString("meterflow.journal.url")) + ")",
        JOURNAL_SETTING, () -> JournalMigrations.migrate(config.getString("meterflow.journal.url"),
            config.getString("pekko-persistence-jdbc.shared-databases.slick.db.user"),
            config.getString("pekko-persistence-jdbc.shared-databases.slick.db.password")));
    Broadcast<EventQuery.EventView> eventFeed = new Broadcast<>(system, EventQuery.EventView.class,
        settings.live().publishBuffer(), settings.live().subscriberBuffer());
    JdbcQualityEventStore eventStore = new JdbcQualityEventStore(storage.registry());
    // Events into the lake: a copy of the events table, one Parquet file per day, every few minutes;
    // a last copy once the events have stopped (so it is added to the lifecycle before them).
    // Events into the lake: a copy of the events table, one Parquet file per day, every few minutes by
    // one node of the cluster (the event-lake-export singleton); a last copy by each node once its
    // events have stopped (so it is added to the lifecycle before them; rewriting a day is idempotent).
    storage.lake().ifPresent(lake -> {
      EventLakeExport export = new EventLakeExport(eventStore, lake, clock);
      Duration every = config.getDuration("meterflow.lake.events-export-every");
      SingletonTimer.start(system, "event-lake-export", () -> every,
          () -> CompletableFuture.runAsync(export::runQuietly, blocking));
      lifecycle.add("events export to the lake", export::runQuietly); // every event so far, before the lake closes
    });
    Consumer<EventQuery.EventView> publishEvent = eventFeed::publish;
    if (settings.cluster().multiNode()) { // the utility page on every node sees every node's events
      FeedRelay<EventQuery.EventView> relay = lifecycle.add("live events to the other nodes", FeedRelay.events(system,
          eventFeed::publish, settings.live().publishBuffer(), settings.cluster().liveBatch()), FeedRelay::close);
      publishEvent = view -> {
        eventFeed.publish(view);
        relay.offer(view);
      };
    }
    QualityEvents events = lifecycle.add("quality events",
        new QualityEvents(eventStore, blocking, publishEvent, storage.timeSeries().readings()), QualityEvents::close);
    OutageSettings outageSettings = OutageMonitor.settingsFrom(config.getConfig("meterflow.outage"));
    MeterEntitySettings meterSettings = MeterEntitySettings.fromConfig(config.getConfig("meterflow.meter"),
        MeterEntitySettings.qualityFrom(config.getConfig("meterflow.quality")),
        MeterEntitySettings.tamperFrom(config.getConfig("meterflow.tamper")), outageSettings);
    MeterEntity.init(system, meterSettings, events);
    OutageMonitor outages = new OutageMonitor(system, outageSettings, events, clock);
    OutageChecks.start(system, outages, config.getDuration("meterflow.outage.check-every"),
        config.getDuration("meterflow.outage.report-every"));
    return new Meters(events, eventStore, eventFeed, outages, meterSettings);
  }
}
