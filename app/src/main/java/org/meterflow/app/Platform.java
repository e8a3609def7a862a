package org.meterflow.app;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.meterflow.actors.ingest.IngestSettings;
import org.meterflow.actors.ingest.IngestStats;
import org.meterflow.app.cluster.ClusterSettings;
import org.meterflow.app.cluster.KubernetesBootstrap;
import org.meterflow.app.cluster.SingleNodeComponents;
import org.meterflow.app.security.Secrets;
import org.meterflow.app.startup.StartupFailure;
import org.meterflow.app.startup.StartupSteps;
import org.meterflow.app.wiring.Analytics;
import org.meterflow.app.wiring.AnalyticsWiring;
import org.meterflow.app.wiring.Billing;
import org.meterflow.app.wiring.BillingWiring;
import org.meterflow.app.wiring.Broker;
import org.meterflow.app.wiring.BrokerWiring;
import org.meterflow.app.wiring.Http;
import org.meterflow.app.wiring.HttpWiring;
import org.meterflow.app.wiring.Ingest;
import org.meterflow.app.wiring.IngestWiring;
import org.meterflow.app.wiring.Lifecycle;
import org.meterflow.app.wiring.Meters;
import org.meterflow.app.wiring.MetersWiring;
import org.meterflow.app.wiring.Storage;
import org.meterflow.app.wiring.StorageWiring;
import org.meterflow.http.api.RouteCatalog;
import org.meterflow.lake.Lake;
import org.meterflow.model.port.ReadingStore;
import org.meterflow.pki.CertificateAuthority;
import org.meterflow.pki.IssuedCertificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MeterFlow on one machine, started subsystem by subsystem in dependency order (each wiring class
 * returns a record of what it built) and stopped in reverse through one {@link Lifecycle}:
 * <ol>
 *   <li>storage: registry database, time-series store, lake;
 *   <li>the actor system (cluster);
 *   <li>meters: journal, meter entities, their events, the outage monitor;
 *   <li>broker: the registry's directory and the embedded broker (or an external one's files);
 *   <li>ingest: broker → meters → live feed, time series and lake → ack;
 *   <li>billing; analytics; and the HTTP API with the pages.
 * </ol>
 * SIGTERM runs CoordinatedShutdown: not ready, the ingest drains (every reading taken from the
 * broker is written and acked, or left unacked for redelivery), then everything stops.
 */
public final class Platform implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Platform.class);
  private static final String DATA_DIR_SETTING = "--data-dir / METERFLOW_DATA_DIR (meterflow.data-dir)";
  private static final String SECRETS_DIR_SETTING = "METERFLOW_SECRETS_DIR (meterflow.secrets-dir)";

  private final PlatformSettings settings;
  private final ActorSystem<Void> system;
  private final String adminToken;
  private final CertificateAuthority ca;
  private final Storage storage;
  private final Broker broker;
  private final Ingest ingest;
  private final Http http;
  private final AtomicBoolean ready;

  private Platform(PlatformSettings settings, ActorSystem<Void> system, String adminToken, CertificateAuthority ca,
      Storage storage, Broker broker, Ingest ingest, Http http, AtomicBoolean ready) {
    this.settings = settings;
    this.system = system;
    this.adminToken = adminToken;
    this.ca = ca;
    this.storage = storage;
    this.broker = broker;
    this.ingest = ingest;
    this.http = http;
    this.ready = ready;
  }

  /**
   * Starts everything; returns once the HTTP API is bound and the ingest is connected. Each step
   * has a deadline ({@code meterflow.startup.step-timeout}); a step that fails or outlasts it stops
   * what had started and throws a {@link StartupFailure} naming the component, the cause and the
   * setting to change.
   */
  public static Platform start(Config config) {
    PlatformSettings settings = PlatformSettings.fromConfig(config);
    Lifecycle lifecycle = new Lifecycle();
    try {
      return start(config, settings, lifecycle, Clock.systemUTC());
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

  private static Platform start(Config config, PlatformSettings settings, Lifecycle lifecycle, Clock clock) {
    StartupSteps steps = new StartupSteps(config.getDuration("meterflow.startup.step-timeout"));
    ClusterSettings cluster = settings.cluster();
    refuseSingleNodeComponents(config, cluster, steps);
    Path dataDir = steps.dataDir(settings.dataDir(), config.getBytes("meterflow.startup.min-free-disk"), DATA_DIR_SETTING);
    Path secretsDir = settings.secretsDir();
    String secretsSetting = secretsDir.equals(dataDir) ? DATA_DIR_SETTING : SECRETS_DIR_SETTING;
    Secrets secrets = steps.run("the platform CA and admin token in " + secretsDir, secretsSetting,
        () -> Secrets.loadOrCreate(secretsDir));
    CertificateAuthority ca = secrets.ca();
    String adminToken = secrets.adminToken();
    steps.run("the CA bundle in " + dataDir, DATA_DIR_SETTING, () -> writeCaBundle(dataDir, ca));
    ExecutorService blocking = lifecycle.add("blocking pool",
        Executors.newFixedThreadPool(8, daemon("meterflow-blocking")), ExecutorService::shutdown);
    AtomicBoolean ready = new AtomicBoolean(false);
    IngestSettings ingestSettings = IngestSettings.fromConfig(config.getConfig("meterflow.ingest"));

    Storage storage = StorageWiring.start(config, settings, steps, lifecycle, blocking, clock);
    ActorSystem<Void> system = startActorSystem(config, cluster, steps, lifecycle);
    Meters meters = MetersWiring.start(config, settings, system, storage, steps, lifecycle, blocking, clock);
    Broker broker = BrokerWiring.start(settings, ingestSettings, storage, meters, ca, system, steps, lifecycle,
        blocking, clock);
    Ingest ingest = IngestWiring.start(config, settings, ingestSettings, storage, meters, broker, ca, system, lifecycle,
        clock);
    Billing billing = BillingWiring.start(config, settings, storage, meters, broker, system, lifecycle, blocking, clock);
    Analytics analytics = AnalyticsWiring.start(config, storage, meters, system, lifecycle, blocking, clock);
    Http http = HttpWiring.start(config, settings, ingestSettings, adminToken, ca, storage, meters, broker, ingest,
        billing, analytics, ready::get, system, steps, blocking, clock);

    stopInOrder(system, lifecycle, ingest, ready);
    readyOnceSubscribed(config, ingest, broker, ready);
    log.info("MeterFlow ready: HTTP http://{}:{}/ , MQTT {} , time series {} , data in {}",
        http.address().getHostString(), http.address().getPort(), broker.url(), storage.timeSeries().name(), dataDir);
    return new Platform(settings, system, adminToken, ca, storage, broker, ingest, http, ready);
  }

  private static ActorSystem<Void> startActorSystem(Config config, ClusterSettings cluster, StartupSteps steps,
      Lifecycle lifecycle) {
    String remoting = cluster.host() + ":" + cluster.port();
    ActorSystem<Void> system = steps.run("the actor system (cluster remoting on " + remoting + ")",
        "--cluster-port / METERFLOW_CLUSTER_PORT, --cluster-host / METERFLOW_CLUSTER_HOST (pekko.remote.artery.canonical)",
        () -> lifecycle.add("actor system",
            ActorSystem.create(Behaviors.empty(), ClusterSettings.SYSTEM_NAME, config), started -> {
              started.terminate();
              started.getWhenTerminated().toCompletableFuture().join();
            }));
    Cluster self = Cluster.get(system);
    if (cluster.bootstrap() == ClusterSettings.Bootstrap.KUBERNETES) {
      KubernetesBootstrap.start(system, config);
    } else if (cluster.seeds().isEmpty()) {
      self.manager().tell(Join.create(self.selfMember().address()));
    }
    // the seed nodes (or discovery) are joined by Pekko itself; wait until this node is Up
    CompletableFuture<Done> up = new CompletableFuture<>();
    org.apache.pekko.cluster.Cluster.get(Adapter.toClassic(system)).registerOnMemberUp(() -> up.complete(Done.getInstance()));
    steps.run(cluster.multiNode() ? "the cluster (joining the seed nodes " + String.join(", ", cluster.seeds()) + " as "
            + cluster.nodeName() + ")" : "the cluster (this node alone)", ClusterSettings.SETTING,
        () -> up.get());
    if (cluster.multiNode()) {
      log.info("Node {} ({}) is Up in a cluster of {} members", cluster.nodeName(), self.selfMember().address(),
          java.util.stream.StreamSupport.stream(self.state().getMembers().spliterator(), false).count());
    }
    return system;
  }

  /**
   * A node that expects other nodes must not hold the utility's state alone: refuse the embedded
   * single-node components (H2, the embedded QuestDB, a local lake folder, a CA of its own) at
   * once, naming every setting to change.
   */
  private static void refuseSingleNodeComponents(Config config, ClusterSettings cluster, StartupSteps steps) {
    if (!cluster.multiNode()) {
      return;
    }
    List<SingleNodeComponents.Refusal> refusals = SingleNodeComponents.refusals(config);
    if (refusals.isEmpty()) {
      return;
    }
    throw steps.refuse("node " + cluster.nodeName() + " of a multi-node cluster",
        "it is configured with single-node components: " + refusals.stream()
            .map(r -> r.component() + " (" + r.reason() + ")").collect(Collectors.joining("; ")),
        refusals.stream().map(SingleNodeComponents.Refusal::setting).collect(Collectors.joining("; ")));
  }

  /**
   * SIGTERM: not ready, then the ingest drains, then everything else stops in reverse start order
   * (the same list a failed start unwinds; the actor system is terminating already, so it is skipped).
   */
  private static void stopInOrder(ActorSystem<Void> system, Lifecycle lifecycle, Ingest ingest, AtomicBoolean ready) {
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    shutdown.addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "not-ready", () -> {
      ready.set(false);
      return CompletableFuture.completedFuture(Done.getInstance());
    });
    shutdown.addTask(CoordinatedShutdown.PhaseServiceStop(), "drain-ingest", () -> {
      ingest.stream().shutdown();
      return ingest.done().exceptionally(e -> Done.getInstance());
    });
    shutdown.addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "close-adapters", () -> {
      lifecycle.stopAllExcept(system);
      return CompletableFuture.completedFuture(Done.getInstance());
    });
  }

  /**
   * Until the broker has the ingest's subscription, a reading published on a first start has no
   * subscriber and is dropped: not ready before that (a bounded wait here; later, readiness follows
   * it). An external broker may be started after the platform (it reads the files the platform
   * writes), so there readiness simply follows the subscription.
   */
  private static void readyOnceSubscribed(Config config, Ingest ingest, Broker broker, AtomicBoolean ready) {
    if (!ingest.enabled()) {
      ready.set(true);
      return;
    }
    if (broker.embedded().isEmpty()) {
      ingest.stream().subscribed().thenRun(() -> ready.set(true));
      return;
    }
    Duration wait = config.getDuration("meterflow.ingest.subscribe-timeout");
    try {
      ingest.stream().subscribed().toCompletableFuture().get(wait.toMillis(), TimeUnit.MILLISECONDS);
      ready.set(true);
    } catch (TimeoutException e) {
      log.warn("ingest not subscribed to {} within {}; ready once it is", broker.url(), wait);
      ingest.stream().subscribed().thenRun(() -> ready.set(true));
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("ingest subscription failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the ingest subscribed", e);
    }
  }

  /**
   * A client certificate for a platform service id the broker admits (the ingest's ids), for
   * tools that stand in for the ingest, such as the bare-broker baseline of {@code meterflow bench}.
   */
  public IssuedCertificate issueServiceCertificate(String clientId) {
    return ca.issueClient(clientId, IngestWiring.SERVICE_CERTIFICATE_VALIDITY);
  }

  /** Every route the HTTP server answers, as declared (method, path template, access, kind). */
  public List<RouteCatalog.Operation> routes() {
    return http.operations();
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
    return http.address().getPort();
  }

  public int mqttPort() {
    return broker.port();
  }

  /** The URL humans open: {@code http://localhost:PORT/}. */
  public String baseUrl() {
    return "http://localhost:" + httpPort();
  }

  /** The broker URL meters dial (first server host name, so TLS hostname verification passes). */
  public String brokerUrl() {
    return settings.mqtt().embedded() ? "ssl://" + settings.mqtt().serverHosts().get(0) + ":" + broker.port()
        : settings.mqtt().external().url();
  }

  public IngestStats stats() {
    return ingest.stats();
  }

  public ReadingStore store() {
    return storage.timeSeries().readings();
  }

  /** The data lake, unless {@code meterflow.lake.enabled = false}. */
  public Optional<Lake> lake() {
    return storage.lake();
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

  /** Waits at most {@code timeout} for the system to stop on its own (SIGTERM path). */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    try {
      system.getWhenTerminated().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
      return false;
    }
  }

  /** Whether this node stopped because the cluster downed or removed it (the SBR, or an operator). */
  public boolean removedFromCluster() {
    return CoordinatedShutdown.get(system).getShutdownReason()
        .filter(reason -> reason == CoordinatedShutdown.clusterDowningReason()
            || reason == CoordinatedShutdown.clusterJoinUnsuccessfulReason())
        .isPresent();
  }

  private static void writeCaBundle(Path dataDir, CertificateAuthority ca) throws IOException {
    Path tmp = dataDir.resolve("ca.pem.tmp");
    Files.writeString(tmp, ca.caPem());
    Files.move(tmp, dataDir.resolve("ca.pem"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
