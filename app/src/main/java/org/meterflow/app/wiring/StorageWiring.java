package org.meterflow.app.wiring;

import com.typesafe.config.Config;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.meterflow.app.PlatformSettings;
import org.meterflow.app.TimeSeriesSettings;
import org.meterflow.app.startup.StartupSteps;
import org.meterflow.timeseries.influxdb.InfluxDbForecastStore;
import org.meterflow.timeseries.influxdb.InfluxDbReadingStore;
import org.meterflow.timeseries.influxdb.InfluxDbRegisterBoundaries;
import org.meterflow.timeseries.influxdb.InfluxDbSettings;
import org.meterflow.timeseries.questdb.EmbeddedQuestDb;
import org.meterflow.timeseries.questdb.QuestDbForecastStore;
import org.meterflow.timeseries.questdb.QuestDbReadingStore;
import org.meterflow.timeseries.questdb.QuestDbRegisterBoundaries;
import org.meterflow.timeseries.questdb.QuestDbSettings;
import org.meterflow.timeseries.questdb.QuestDbStoreSettings;
import org.meterflow.lake.Lake;
import org.meterflow.lake.LakeSettings;
import org.meterflow.lake.query.LakeSql;
import org.meterflow.migrations.Migrations;
import org.meterflow.mysql.SqlDatabase;

/** Starts the storage: the registry database, the time-series store with its readers, the lake. */
public final class StorageWiring {

  private static final String REGISTRY_SETTING = "METERFLOW_DB_URL, METERFLOW_DB_USER, METERFLOW_DB_PASSWORD (meterflow.registry)";
  private static final String QUESTDB_SETTING = "--questdb-port / METERFLOW_QUESTDB_PORT, or METERFLOW_QUESTDB_URL (meterflow.questdb)";
  private static final String INFLUXDB_SETTING = "METERFLOW_INFLUXDB_URL and its credentials (meterflow.timeseries.influxdb)";
  private static final String LAKE_SETTING = "METERFLOW_LAKE_TARGET, METERFLOW_LAKE_DIR, METERFLOW_LAKE_S3_* (meterflow.lake)";

  private StorageWiring() {}

  public static Storage start(Config config, PlatformSettings settings, StartupSteps steps, Lifecycle lifecycle,
      Executor blocking, Clock clock) {
    String registryUrl = registryUrl(settings);
    if (settings.registry().url().isBlank()) { // the embedded H2 file: its folder first (H2 does not make it)
      steps.run("the registry database's folder", "--data-dir / METERFLOW_DATA_DIR",
          () -> Files.createDirectories(settings.dataDir().resolve("db")));
    }
    HikariDataSource registry = steps.run("the registry database (" + SqlDatabase.redact(registryUrl) + ")",
        REGISTRY_SETTING, () -> lifecycle.add("registry database", SqlDatabase.pool("meterflow-registry", registryUrl,
            settings.registry().user(), settings.registry().password(), 10, steps.deadline()), HikariDataSource::close));
    steps.run("the registry database's schema migrations", REGISTRY_SETTING, () -> Migrations.apply(registry));

    TimeSeriesSettings kind = TimeSeriesSettings.fromConfig(config.getConfig("meterflow.timeseries"));
    // billing's bulk register queries (all meters at one boundary) have their own timeout
    Duration billingQueryTimeout = config.getDuration("meterflow.billing.query-timeout");
    TimeSeries timeSeries = kind.kind() == TimeSeriesSettings.Kind.INFLUXDB
        ? influxDb(kind.influxdb(), billingQueryTimeout, steps, lifecycle, blocking)
        : questDb(settings, billingQueryTimeout, steps, lifecycle, blocking);

    // The data lake: readings are spooled (fsync'd) before the ack and become Parquet by date.
    LakeSettings lakeSettings = LakeSettings.fromConfig(config.getConfig("meterflow.lake"), settings.dataDir());
    Optional<Lake> lake = !lakeSettings.enabled() ? Optional.empty()
        : Optional.of(steps.run("the data lake (" + lakeSettings.target().name().toLowerCase(java.util.Locale.ROOT)
            + ", " + lakeSettings.dir() + ")", LAKE_SETTING,
            () -> lifecycle.add("lake", Lake.start(lakeSettings, clock), Lake::close)));
    LakeSql lakeSql = lifecycle.add("lake SQL", new LakeSql(lakeSettings), LakeSql::close);
    return new Storage(registry, registryUrl, timeSeries, lake, lakeSql);
  }

  private static TimeSeries questDb(PlatformSettings settings, Duration billingQueryTimeout, StartupSteps steps,
      Lifecycle lifecycle,
      Executor blocking) {
    QuestDbStoreSettings storeSettings = QuestDbStoreSettings.of(settings.questDb().writeTimeout(),
        settings.questDb().queryTimeout());
    EmbeddedQuestDb embedded = settings.questDb().url().isBlank()
        ? steps.run("the embedded QuestDB on 127.0.0.1:" + settings.questDb().port(), QUESTDB_SETTING,
            () -> lifecycle.add("embedded QuestDB", EmbeddedQuestDb.start(new QuestDbSettings(
                Files.createDirectories(settings.dataDir().resolve("questdb")), QuestDbSettings.LOOPBACK,
                settings.questDb().port(), settings.questDb().ramLimit())), EmbeddedQuestDb::close))
        : null;
    String url = embedded != null ? embedded.httpUrl() : settings.questDb().url();
    String name = embedded != null ? "the embedded QuestDB (" + url + ")" : "QuestDB at " + url;
    // Embedded: readings straight into the table's WAL unless write-path = line-protocol; external: line protocol.
    QuestDbStoreSettings readingSettings = storeSettings.withWritePath(settings.questDb().writePath());
    QuestDbReadingStore readings = lifecycle.add("QuestDB readings", embedded != null
        ? new QuestDbReadingStore(embedded, readingSettings)
        : new QuestDbReadingStore(url, readingSettings), QuestDbReadingStore::close);
    steps.run(name, QUESTDB_SETTING, () -> readings.start().toCompletableFuture().join());
    QuestDbForecastStore forecasts = lifecycle.add("QuestDB forecasts",
        new QuestDbForecastStore(url, storeSettings, blocking), QuestDbForecastStore::close);
    steps.run(name + " forecasts table", QUESTDB_SETTING, () -> forecasts.start().toCompletableFuture().join());
    QuestDbRegisterBoundaries registers = new QuestDbRegisterBoundaries(url, billingQueryTimeout, blocking);
    return new TimeSeries(name, readings, registers, registers, forecasts);
  }

  private static TimeSeries influxDb(InfluxDbSettings settings, Duration billingQueryTimeout, StartupSteps steps,
      Lifecycle lifecycle,
      Executor blocking) {
    String name = "InfluxDB " + settings.version() + ".x at " + settings.url();
    InfluxDbReadingStore readings = lifecycle.add("InfluxDB readings", new InfluxDbReadingStore(settings),
        InfluxDbReadingStore::close);
    steps.run(name, INFLUXDB_SETTING, () -> readings.start().toCompletableFuture().join());
    InfluxDbForecastStore forecasts = lifecycle.add("InfluxDB forecasts", new InfluxDbForecastStore(settings, blocking),
        InfluxDbForecastStore::close);
    steps.run(name + " forecasts", INFLUXDB_SETTING, () -> forecasts.start().toCompletableFuture().join());
    InfluxDbRegisterBoundaries registers = lifecycle.add("InfluxDB billing registers",
        new InfluxDbRegisterBoundaries(settings, billingQueryTimeout, blocking), InfluxDbRegisterBoundaries::close);
    return new TimeSeries(name, readings, registers, registers, forecasts);
  }

  /** The registry's JDBC URL: configured, or an H2 file (MySQL mode) in the data dir. */
  static String registryUrl(PlatformSettings settings) {
    if (!settings.registry().url().isBlank()) {
      return settings.registry().url();
    }
    Path db = settings.dataDir().resolve("db").resolve("meterflow");
    return "jdbc:h2:file:" + db + ";MODE=MySQL;NON_KEYWORDS=VALUE,YEAR;DB_CLOSE_ON_EXIT=FALSE";
  }
}
