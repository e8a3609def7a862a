package org.meterflow.app;

import com.typesafe.config.Config;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.pekko.actor.Cancellable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;
import org.apache.pekko.stream.connectors.mqtt.MqttConnectionSettings;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.meterflow.actors.ingest.HandOverSettings;
import org.meterflow.actors.ingest.IngestSettings;
import org.meterflow.actors.ingest.IngestSinks;
import org.meterflow.actors.ingest.IngestStats;
import org.meterflow.actors.ingest.IngestStream;
import org.meterflow.actors.live.Broadcast;
import org.meterflow.actors.live.LiveFeed;
import org.meterflow.actors.meter.MeterEntity;
import org.meterflow.actors.outage.OutageMonitor;
import org.meterflow.model.quality.En50160Settings;
import org.meterflow.model.quality.OutageSettings;
import org.meterflow.actors.meter.MeterEntitySettings;
import org.meterflow.app.analytics.AnalyticsSettings;
import org.meterflow.app.analytics.ForecastService;
import org.meterflow.app.analytics.NetworkService;
import org.meterflow.app.analytics.UtilisationService;
import org.meterflow.app.registry.BrokerAccess;
import org.meterflow.app.registry.En50160Reports;
import org.meterflow.app.registry.MosquittoBrokerAccess;
import org.meterflow.mqtt.mosquitto.MosquittoControl;
import org.meterflow.mqtt.mosquitto.MosquittoSettings;
import org.meterflow.actors.billing.BillingEngine;
import org.meterflow.actors.billing.BillingRuns;
import org.meterflow.actors.billing.BillingScheduler;
import org.meterflow.actors.billing.BillingSettings;
import org.meterflow.app.billing.HistoricalImport;
import org.meterflow.app.billing.PlatformBilling;
import org.meterflow.model.reading.ReadingValidator;
import org.meterflow.mysql.billing.BillingDatabase;
import org.meterflow.mysql.billing.R2dbcBillingStore;
import org.meterflow.app.registry.GatewayRegistrationService;
import org.meterflow.app.registry.QualityEvents;
import org.meterflow.app.registry.RegistrationService;
import org.meterflow.app.registry.RegistryBrokerDirectory;
import org.meterflow.app.security.AdminToken;
import org.meterflow.app.security.ApiTokens;
import org.meterflow.http.api.ApiRoutes;
import org.meterflow.http.api.EventQuery;
import org.meterflow.http.server.HttpServer;
import org.meterflow.app.lake.EventLakeExport;
import org.meterflow.lake.Lake;
import org.meterflow.lake.query.LakeSql;
import org.meterflow.model.port.ReadingArchive;
import org.meterflow.model.port.ReadingStore;
import org.meterflow.mqtt.broker.BrokerSettings;
import org.meterflow.mqtt.broker.EmbeddedBroker;
import org.meterflow.mqtt.payload.ReadingPayloadCodec;
import org.meterflow.mysql.JdbcGatewayRegistry;
import org.meterflow.mysql.JdbcQualityEventStore;
import org.meterflow.mysql.JdbcMeterRegistry;
import org.meterflow.mysql.JdbcNetworkRatings;
import org.meterflow.mysql.JdbcTokenRepository;
import org.meterflow.pki.CertificateAuthority;
import org.meterflow.pki.IssuedCertificate;
import org.meterflow.pki.SecretHasher;
import org.meterflow.pki.TlsContexts;
import javax.sql.DataSource;
import org.meterflow.app.startup.StartupFailure;
import org.meterflow.app.startup.StartupSteps;
import org.meterflow.app.wiring.Lifecycle;
import org.meterflow.app.wiring.Storage;
import org.meterflow.app.wiring.StorageWiring;
import org.meterflow.mysql.SqlDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MeterFlow on one machine: platform CA, registry database, time-series store, meter entities,
 * MQTT broker, ingest stream and HTTP API, started in dependency order and stopped in reverse
 * through CoordinatedShutdown (ingest drains: every reading taken from the broker is written
 * and acked, or left unacked for redelivery).
 */
public final class Platform implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Platform.class);
  private static final Duration SERVICE_CERTIFICATE_VALIDITY = Duration.ofDays(365);
  private static final Duration METER_CERTIFICATE_VALIDITY = Duration.ofDays(10 * 365);

  private final PlatformSettings settings;
  private final ActorSystem<Void> system;
  private final String adminToken;
  private final InetSocketAddress httpAddress;
  private final int mqttPort;
  private final IngestStats stats;
  private final ReadingStore store;
  private final AtomicBoolean ready;
  private final CertificateAuthority ca;
  private final Optional<Lake> lake;
  private java.util.List<org.meterflow.http.api.RouteCatalog.Operation> routes = java.util.List.of();

  private Platform(PlatformSettings settings, ActorSystem<Void> system, String adminToken,
      InetSocketAddress httpAddress, int mqttPort, IngestStats stats, ReadingStore store, AtomicBoolean ready,
      CertificateAuthority ca, Optional<Lake> lake) {
    this.settings = settings;
    this.system = system;
    this.adminToken = adminToken;
    this.httpAddress = httpAddress;
    this.mqttPort = mqttPort;
    this.stats = stats;
    this.store = store;
    this.ready = ready;
    this.ca = ca;
    this.lake = lake;
  }

  /**
   * A client certificate for a platform service id the broker admits (the ingest's ids), for
   * tools that stand in for the ingest, such as the bare-broker baseline of {@code meterflow bench}.
   */
  public IssuedCertificate issueServiceCertificate(String clientId) {
    return ca.issueClient(clientId, SERVICE_CERTIFICATE_VALIDITY);
  }

  /**
   * Starts everything; returns once the HTTP API is bound and the ingest is connected. Each step
   * has a deadline ({@code meterflow.startup.step-timeout}); a step that fails or outlasts it
   * stops what had started and throws a {@link StartupFailure} naming the component, the cause and
   * the setting to change.
   */
  public static Platform start(Config config) {
    PlatformSettings settings = PlatformSettings.fromConfig(config);
    Lifecycle lifecycle = new Lifecycle();
    try {
      return start(config, settings, lifecycle);
    } catch (RuntimeException e) {
      if (e instanceof StartupFailure failure) {
        log.error("{}", failure.getMessage(), failure.getCause());
      } else {
        log.error("MeterFlow failed to start; stopping what had started", e);
      }
      lifecycle.stopAll().forEach(e::addSuppressed);
      throw e;
    }
  }

  private static Platform start(Config config, PlatformSettings settings, Lifecycle lifecycle) {
    StartupSteps steps = new StartupSteps(config.getDuration("meterflow.startup.step-timeout"));
    String dataDirSetting = "--data-dir / METERFLOW_DATA_DIR (meterflow.data-dir)";
    Path dataDir = steps.dataDir(settings.dataDir(), config.getBytes("meterflow.startup.min-free-disk"), dataDirSetting);
    AtomicBoolean ready = new AtomicBoolean(false);
    Clock clock = Clock.systemUTC();

    CertificateAuthority ca = steps.run("the platform CA in " + dataDir.resolve("pki"), dataDirSetting,
        () -> CertificateAuthority.loadOrCreate(createDirectories(dataDir.resolve("pki")), "MeterFlow Platform CA"));
    String adminToken = steps.run("the admin token and CA bundle in " + dataDir, dataDirSetting, () -> {
      writeCaBundle(dataDir, ca);
      return AdminToken.loadOrCreate(dataDir);
    });
    ExecutorService blocking = lifecycle.add("blocking pool", Executors.newFixedThreadPool(8, daemon("meterflow-blocking")),
        ExecutorService::shutdown);
    Storage storage = StorageWiring.start(config, settings, steps, lifecycle, blocking, clock);
    DataSource database = storage.registry();
    JdbcMeterRegistry registry = new JdbcMeterRegistry(database);
    ReadingStore store = storage.timeSeries().readings();
    Lake lake = storage.lake().orElse(null);
    LakeSql lakeSql = storage.lakeSql();

    String clusterSetting = "METERFLOW_CLUSTER_HOST, METERFLOW_CLUSTER_PORT (pekko.remote.artery.canonical)";
    ActorSystem<Void> system = steps.run("the actor system (cluster remoting on "
            + config.getString("pekko.remote.artery.canonical.hostname") + ":"
            + config.getInt("pekko.remote.artery.canonical.port") + ")", clusterSetting,
        () -> lifecycle.add("actor system", ActorSystem.create(Behaviors.empty(), "meterflow", config), started -> {
          started.terminate();
          started.getWhenTerminated().toCompletableFuture().join();
        }));
    Cluster cluster = Cluster.get(system);
    if (config.getStringList("pekko.cluster.seed-nodes").isEmpty()) {
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }
    steps.run("the event journal (" + SqlDatabase.redact(config.getString("meterflow.journal.url")) + ")",
        "METERFLOW_JOURNAL_URL, or METERFLOW_DB_URL for journal and registry on one server (meterflow.journal)",
        () -> SchemaUtils.createIfNotExists(system).toCompletableFuture().join());
    Broadcast<EventQuery.EventView> eventFeed = new Broadcast<>(system, EventQuery.EventView.class,
        settings.livePublishBuffer(), settings.liveSubscriberBuffer());
    JdbcQualityEventStore eventStore = new JdbcQualityEventStore(database);
    // Events into the lake: a copy of quality_events, one Parquet file per day, every few minutes;
    // a last copy once the quality events have stopped (so it is added before them).
    if (lake != null) {
      EventLakeExport eventExport = new EventLakeExport(eventStore, lake, clock);
      Duration exportEvery = config.getDuration("meterflow.lake.events-export-every");
      Cancellable eventExportTimer = system.scheduler().scheduleAtFixedRate(exportEvery, exportEvery,
          eventExport::runQuietly, scala.concurrent.ExecutionContext$.MODULE$.fromExecutor(blocking));
      lifecycle.add("events export to the lake", () -> {
        eventExportTimer.cancel();
        eventExport.runQuietly(); // every event so far, before the lake closes
      });
    }
    QualityEvents qualityEvents = lifecycle.add("quality events", new QualityEvents(eventStore, blocking, eventFeed, store),
        QualityEvents::close);
    OutageSettings outageSettings = OutageMonitor.settingsFrom(config.getConfig("meterflow.outage"));
    MeterEntitySettings meterSettings = MeterEntitySettings.fromConfig(config.getConfig("meterflow.meter"),
        MeterEntitySettings.qualityFrom(config.getConfig("meterflow.quality")),
        MeterEntitySettings.tamperFrom(config.getConfig("meterflow.tamper")), outageSettings);
    MeterEntity.init(system, meterSettings, qualityEvents);
    OutageMonitor outages = new OutageMonitor(system, outageSettings, qualityEvents, clock);

    JdbcGatewayRegistry gatewayRegistry = new JdbcGatewayRegistry(database);
    RegistryBrokerDirectory directory = new RegistryBrokerDirectory();
    directory.load(registry);
    directory.loadGateways(gatewayRegistry);
    Instant started = clock.instant();
    directory.meters().forEach(m -> outages.track(m.registration(), started));
    IngestSettings ingestSettings = IngestSettings.fromConfig(config.getConfig("meterflow.ingest"));
    java.util.List<String> ingestClientIds = new java.util.ArrayList<>();
    for (int i = 0; i < ingestSettings.connections(); i++) {
      ingestClientIds.add(ingestSettings.clientIdPrefix() + "-" + i);
    }
    ingestClientIds.forEach(directory::allowService);
    EmbeddedBroker broker = null;
    BrokerAccess brokerAccess;
    MosquittoBrokerAccess mosquitto = null;
    int mqttPort;
    String brokerUrl;
    if (settings.mqttEmbedded()) {
      BrokerSettings brokerSettings = new BrokerSettings(settings.mqttHost(), settings.mqttPort(),
          createDirectories(dataDir.resolve("broker")), settings.mqttServerHosts(), settings.mqttMaxPayload(),
          settings.mqttMaxQueuedMessages(),
          BrokerSettings.Persistence.valueOf(settings.mqttPersistence().toUpperCase(java.util.Locale.ROOT).replace("MEMORY", "IN_MEMORY")));
      EmbeddedBroker embedded = steps.run("the embedded MQTT broker on " + settings.mqttHost() + ":" + settings.mqttPort(),
          "--mqtt-port / METERFLOW_MQTT_PORT, METERFLOW_MQTT_HOST (meterflow.mqtt)",
          () -> lifecycle.add("embedded MQTT broker", EmbeddedBroker.start(brokerSettings, ca, directory), EmbeddedBroker::close));
      broker = embedded;
      mqttPort = embedded.port();
      brokerUrl = ingestSettings.brokerUrl().isBlank()
          ? "ssl://" + settings.mqttServerHosts().get(0) + ":" + mqttPort
          : ingestSettings.brokerUrl();
      brokerAccess = (clientId, certificateSerial, status) -> {
        if (!status.mayPublish()) {
          embedded.disconnect(clientId);
        }
      };
    } else {
      MosquittoSettings external = new MosquittoSettings(settings.mqttExternalUrl(), settings.mqttExternalFilesDir(),
          settings.mqttExternalPidFile().isBlank() ? java.util.Optional.empty()
              : java.util.Optional.of(Path.of(settings.mqttExternalPidFile())),
          settings.mqttServerHosts(), settings.mqttExternalCrlValidity());
      MosquittoBrokerAccess access = new MosquittoBrokerAccess(new MosquittoControl(ca, external, clock), clock);
      steps.run("the files of the external MQTT broker in " + external.filesDir(),
          "METERFLOW_MOSQUITTO_FILES_DIR (meterflow.mqtt.external.files-dir)", () -> {
            access.load(registry, gatewayRegistry);
            access.writeFiles(ingestClientIds);
          });
      mosquitto = access;
      brokerAccess = mosquitto;
      mqttPort = external.port();
      brokerUrl = ingestSettings.brokerUrl().isBlank() ? external.brokerUrl() : ingestSettings.brokerUrl();
      log.info("External MQTT broker {}: wrote CA, server certificate, ACL and CRL ({} revoked) to {}", brokerUrl,
          mosquitto.revokedCount(), external.filesDir());
    }

    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    IngestStats stats = new IngestStats(metrics);
    if (broker != null) {
      stats.brokerRefusals(broker::refusals);
    }
    LiveFeed live = lifecycle.add("live feed", new LiveFeed(system, settings.livePublishBuffer(),
        settings.liveSubscriberBuffer()), LiveFeed::close);
    ReadingPayloadCodec codec = new ReadingPayloadCodec(ingestSettings.maxPayloadBytes(), directory::gatewayMayReport);
    if (lake != null) {
      lakeMetrics(lake, metrics);
    }
    IngestSinks sinks = new IngestSinks(live::publishAll,
        new IngestSinks.Durable(store, lake == null ? ReadingArchive.none() : lake), outages::seen);
    IngestStream ingest = new IngestStream(system, ingestSettings, sinks, stats, codec, clock);
    Cancellable outageChecks = outages.start(system, config.getDuration("meterflow.outage.check-every"));
    lifecycle.add("outage checks", outageChecks::cancel);
    HandOverSettings handOver = HandOverSettings.fromConfig(config.getConfig("meterflow.ingest.hand-over"));
    EmbeddedBroker handingOver = handOver.enabled() ? broker : null;
    CompletableFuture<Done> ingestDone = !config.getBoolean("meterflow.ingest.enabled")
        ? CompletableFuture.completedFuture(Done.getInstance())
        : handingOver != null
        ? ingest.startHandOver(handOver.bufferSize()).toCompletableFuture()
        : ingest.start(clientId -> {
      IssuedCertificate service = ca.issueClient(clientId, SERVICE_CERTIFICATE_VALIDITY);
      return MqttConnectionSettings.create(brokerUrl, clientId, new MemoryPersistence())
          .withSocketFactory(TlsContexts.client(service.certificatePem(), service.privateKeyPem(), service.caPem())
              .getSocketFactory())
          .withCleanSession(ingestSettings.cleanSession())
          .withAutomaticReconnect(false)
          .withMaxInFlight(ingestSettings.maxInflight());
    }).toCompletableFuture();

    lifecycle.add("ingest", ingest::shutdown);
    if (handingOver != null && config.getBoolean("meterflow.ingest.enabled")) {
      handingOver.handOverReadings(ingest::offer, handOver.timeout());
    }

    RegistrationService onboarding = new RegistrationService(registry, ca, ClusterSharding.get(system), directory,
        blocking, METER_CERTIFICATE_VALIDITY, ingestSettings.askTimeout(), clock, brokerAccess,
        outages);
    if (mosquitto != null) {
      MosquittoBrokerAccess crl = mosquitto;
      Duration every = settings.mqttExternalCrlValidity().dividedBy(2);
      Cancellable crlRefresh = system.scheduler().scheduleAtFixedRate(every, every, () -> {
        try {
          crl.refreshCrl();
        } catch (RuntimeException e) {
          log.error("Could not re-sign the Mosquitto CRL; it expires after {}", settings.mqttExternalCrlValidity(), e);
        }
      }, scala.concurrent.ExecutionContext$.MODULE$.fromExecutor(blocking));
      lifecycle.add("CRL refresh", crlRefresh::cancel);
    }
    ApiTokens tokens = new ApiTokens(new JdbcTokenRepository(database), SecretHasher.owaspMinimum(), adminToken,
        blocking, clock, Duration.ofMinutes(1));
    GatewayRegistrationService gatewayOnboarding = new GatewayRegistrationService(gatewayRegistry, registry, ca,
        directory, blocking, METER_CERTIFICATE_VALIDITY, clock, brokerAccess);
    BillingSettings billingSettings = BillingSettings.fromConfig(settings.zone(), config.getConfig("meterflow.billing"));
    R2dbcBillingStore billingStore = lifecycle.add("billing store", new R2dbcBillingStore(BillingDatabase.fromJdbcUrl(
        storage.registryUrl(), settings.registryUser(), settings.registryPassword(), billingSettings.askTimeout()), clock),
        R2dbcBillingStore::close);
    BillingRuns billingRuns = new BillingRuns();
    BillingEngine billingEngine = new BillingEngine(billingStore, storage.timeSeries().registers(),
        storage.timeSeries().intervals(), billingSettings, blocking, clock);
    PlatformBilling billing = new PlatformBilling(system,
        BillingScheduler.init(system, billingEngine, billingStore, billingRuns, clock), billingRuns,
        billingStore, new HistoricalImport(registry, store, new ReadingValidator(meterSettings.limits()), blocking, clock),
        blocking, billingSettings.askTimeout());
    ApiRoutes routes = new ApiRoutes(tokens, ready::get, metrics, stats, onboarding, store, live, tokens,
        gatewayOnboarding, qualityEvents, eventFeed,
        new En50160Reports(registry, store, blocking, En50160Settings.defaults()),
        org.meterflow.http.api.HttpLimits.fromConfig(config.getConfig("meterflow.http.limits")));
    AnalyticsSettings analyticsSettings = AnalyticsSettings.fromConfig(config.getConfig("meterflow"));
    JdbcNetworkRatings networkRatings = new JdbcNetworkRatings(database, clock);
    ForecastService forecastService = lifecycle.add("forecasts", new ForecastService(networkRatings, store,
        storage.timeSeries().forecasts(), qualityEvents, eventStore, analyticsSettings, clock, blocking),
        ForecastService::close);
    if (analyticsSettings.scheduled()) {
      forecastService.schedule(system);
    }
    routes.withAnalytics(new NetworkService(networkRatings, blocking),
        new UtilisationService(networkRatings, store, analyticsSettings, blocking), forecastService);
    routes.withBilling(billing);
    routes.withDashboards(new org.meterflow.app.dashboards.DashboardService(database, store, billingStore,
        settings.zone(), blocking, clock));
    if (lake != null) {
      routes.withLake(lakeSql);
    }
    InetSocketAddress httpAddress = steps.run("the HTTP server on " + settings.httpHost() + ":" + settings.httpPort(),
        "--http-port / METERFLOW_HTTP_PORT, METERFLOW_HTTP_HOST (meterflow.http)",
        () -> HttpServer.start(system, settings.httpHost(), settings.httpPort(), routes.route(),
            settings.httpShutdownDeadline()).toCompletableFuture().join());

    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    shutdown.addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "not-ready", () -> {
      ready.set(false);
      return CompletableFuture.completedFuture(Done.getInstance());
    });
    shutdown.addTask(CoordinatedShutdown.PhaseServiceStop(), "drain-ingest", () -> {
      ingest.shutdown();
      return ingestDone.exceptionally(e -> Done.getInstance());
    });
    // Everything else stops in reverse start order (the same list a failed start unwinds); the
    // actor system itself is terminating already, so its own entry is skipped here.
    shutdown.addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "close-adapters", () -> {
      lifecycle.stopAllExcept(system);
      return CompletableFuture.completedFuture(Done.getInstance());
    });
    if (config.getBoolean("meterflow.ingest.enabled") && mosquitto == null) {
      // Until the broker has the ingest's subscription, a reading published on a first start has no
      // subscriber and is dropped: not ready before that (bounded wait; later, readiness follows it).
      // An external broker may be started after the platform (it reads the files the platform
      // writes), so there readiness simply follows the subscription.
      Duration subscribeWait = config.getDuration("meterflow.ingest.subscribe-timeout");
      try {
        ingest.subscribed().toCompletableFuture().get(subscribeWait.toMillis(), TimeUnit.MILLISECONDS);
        ready.set(true);
      } catch (java.util.concurrent.TimeoutException e) {
        log.warn("ingest not subscribed to {} within {}; ready once it is", brokerUrl, subscribeWait);
        ingest.subscribed().thenRun(() -> ready.set(true));
      } catch (java.util.concurrent.ExecutionException | InterruptedException e) {
        throw new IllegalStateException("ingest subscription failed", e);
      }
    } else if (config.getBoolean("meterflow.ingest.enabled")) {
      ingest.subscribed().thenRun(() -> ready.set(true));
    } else {
      ready.set(true);
    }
    log.info("MeterFlow ready: HTTP http://{}:{}/ , MQTT {} , time series {} , data in {}", httpAddress.getHostString(),
        httpAddress.getPort(), brokerUrl, storage.timeSeries().name(), dataDir);
    Platform platform = new Platform(settings, system, adminToken, httpAddress, mqttPort, stats, store, ready, ca,
        storage.lake());
    platform.routes = routes.operations();
    return platform;
  }

  /** Every route the HTTP server answers, as declared (method, path template, access, kind). */
  public java.util.List<org.meterflow.http.api.RouteCatalog.Operation> routes() {
    return routes;
  }

  public PlatformSettings settings() {
    return settings;
  }

  public ActorSystem<Void> system() {
    return system;
  }

  public String adminToken() {
    return adminToken;
  }

  public int httpPort() {
    return httpAddress.getPort();
  }

  public int mqttPort() {
    return mqttPort;
  }

  /** The URL humans open: {@code http://localhost:PORT/}. */
  public String baseUrl() {
    return "http://localhost:" + httpAddress.getPort();
  }

  /** The broker URL meters dial (first server host name, so TLS hostname verification passes). */
  public String brokerUrl() {
    return settings.mqttEmbedded() ? "ssl://" + settings.mqttServerHosts().get(0) + ":" + mqttPort
        : settings.mqttExternalUrl();
  }

  public IngestStats stats() {
    return stats;
  }

  public ReadingStore store() {
    return store;
  }

  /** The data lake, unless {@code meterflow.lake.enabled = false}. */
  public Optional<Lake> lake() {
    return lake;
  }

  public boolean isReady() {
    return ready.get();
  }

  /** Runs CoordinatedShutdown and waits for the actor system to terminate. */
  @Override
  public void close() {
    CoordinatedShutdown.get(system).runAll(CoordinatedShutdown.unknownReason()).toCompletableFuture().join();
    system.getWhenTerminated().toCompletableFuture().join();
  }

  private static void lakeMetrics(Lake lake, PrometheusMeterRegistry metrics) {
    FunctionCounter.builder("meterflow.lake.rows.appended", lake, l -> l.status().rowsAppended())
        .description("Readings appended (fsync'd) to the lake spool").register(metrics);
    FunctionCounter.builder("meterflow.lake.parquet.bytes", lake, l -> l.status().parquetBytes())
        .description("Bytes of Parquet published to the lake").register(metrics);
    FunctionCounter.builder("meterflow.lake.segments.published", lake, l -> l.status().segmentsPublished())
        .description("Spool segments turned into Parquet and published").register(metrics);
    Gauge.builder("meterflow.lake.segments.waiting", lake, l -> l.status().segmentsWaiting())
        .description("Sealed spool segments not yet published (grows while the target is unreachable)").register(metrics);
    FunctionCounter.builder("meterflow.lake.segments.quarantined", lake, l -> l.status().segmentsQuarantined())
        .description("Spool segments DuckDB could not read, set aside in <lake>/quarantine").register(metrics);
    FunctionCounter.builder("meterflow.lake.compaction.files.compacted", lake, l -> l.compaction().filesCompacted())
        .description("Small Parquet files merged into bigger ones and deleted").register(metrics);
    FunctionCounter.builder("meterflow.lake.compaction.files.written", lake, l -> l.compaction().filesWritten())
        .description("Compacted Parquet files published").register(metrics);
    FunctionCounter.builder("meterflow.lake.compaction.bytes.before", lake, l -> l.compaction().bytesBefore())
        .description("Bytes of the small files compaction deleted").register(metrics);
    FunctionCounter.builder("meterflow.lake.compaction.bytes.after", lake, l -> l.compaction().bytesAfter())
        .description("Bytes of the compacted files it published").register(metrics);
    FunctionCounter.builder("meterflow.lake.compaction.duplicates.removed", lake, l -> l.compaction().duplicatesRemoved())
        .description("Rows stored twice (redelivered readings) that compaction dropped").register(metrics);
    FunctionCounter.builder("meterflow.lake.compaction.failures", lake, l -> l.compaction().failures())
        .description("Partition groups whose compaction failed (their files stay as they were)").register(metrics);
  }

  private static void writeCaBundle(Path dataDir, CertificateAuthority ca) {
    try {
      Path tmp = dataDir.resolve("ca.pem.tmp");
      Files.writeString(tmp, ca.caPem());
      Files.move(tmp, dataDir.resolve("ca.pem"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path createDirectories(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** Waits at most {@code timeout} for the system to stop on its own (SIGTERM path). */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    try {
      system.getWhenTerminated().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      return false;
    }
  }
}
