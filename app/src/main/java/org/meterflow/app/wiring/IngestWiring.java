package org.meterflow.app.wiring;

import com.typesafe.config.Config;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.connectors.mqtt.MqttConnectionSettings;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.meterflow.actors.ingest.HandOverSettings;
import org.meterflow.actors.ingest.IngestSettings;
import org.meterflow.actors.ingest.IngestSinks;
import org.meterflow.actors.ingest.IngestStats;
import org.meterflow.actors.ingest.IngestStream;
import org.meterflow.actors.live.LiveFeed;
import org.meterflow.app.PlatformSettings;
import org.meterflow.app.cluster.FeedRelay;
import org.meterflow.model.reading.AcceptedReading;
import org.meterflow.model.port.ReadingArchive;
import org.meterflow.mqtt.broker.EmbeddedBroker;
import org.meterflow.mqtt.payload.ReadingPayloadCodec;
import org.meterflow.pki.CertificateAuthority;
import org.meterflow.pki.IssuedCertificate;
import org.meterflow.pki.TlsContexts;

/**
 * Starts the ingest: on the embedded broker, its hand-over of each meter's messages (decisions
 * §25); on an external broker, a subscription with the ingest's own certificate.
 */
public final class IngestWiring {

  /** The ingest's own client certificates (re-issued at every start). */
  public static final Duration SERVICE_CERTIFICATE_VALIDITY = Duration.ofDays(365);

  private IngestWiring() {}

  public static Ingest start(Config config, PlatformSettings settings, IngestSettings ingestSettings, Storage storage,
      Meters meters, Broker broker, CertificateAuthority ca, ActorSystem<Void> system, Lifecycle lifecycle, Clock clock) {
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // per node: each node's /metrics counts what this node did; a cluster's totals are sums by node
    metrics.config().commonTags("node", settings.cluster().nodeName());
    IngestStats stats = new IngestStats(metrics);
    broker.embedded().ifPresent(embedded -> stats.brokerRefusals(embedded::refusals));
    storage.lake().ifPresent(lake -> LakeMetrics.register(lake, metrics));
    LiveFeed live = lifecycle.add("live feed", new LiveFeed(system, settings.live().publishBuffer(),
        settings.live().subscriberBuffer()), LiveFeed::close);
    ReadingPayloadCodec codec = new ReadingPayloadCodec(ingestSettings.maxPayloadBytes(),
        broker.directory()::gatewayMayReport);
    // where readings go after their meters' verdict: live at once, then durable (store + lake, then
    // the ack), then the outage monitor
    Consumer<List<AcceptedReading>> livePublish = live::publishAll;
    if (settings.cluster().multiNode()) { // WebSockets on the other nodes see this node's readings too
      FeedRelay<AcceptedReading> relay = lifecycle.add("live readings to the other nodes", FeedRelay.readings(system,
          live, settings.live().publishBuffer(), settings.cluster().liveBatch()), FeedRelay::close);
      livePublish = accepted -> {
        live.publishAll(accepted);
        relay.offerAll(accepted);
      };
    }
    IngestSinks sinks = new IngestSinks(livePublish, new IngestSinks.Durable(storage.timeSeries().readings(),
        storage.lake().<ReadingArchive>map(lake -> lake).orElse(ReadingArchive.none())), meters.outages()::seen);
    IngestStream stream = new IngestStream(system, ingestSettings, sinks, stats, codec, clock);
    boolean enabled = config.getBoolean("meterflow.ingest.enabled");
    HandOverSettings handOver = HandOverSettings.fromConfig(config.getConfig("meterflow.ingest.hand-over"));
    EmbeddedBroker handingOver = handOver.enabled() ? broker.embedded().orElse(null) : null;
    CompletableFuture<Done> done;
    if (!enabled) {
      done = CompletableFuture.completedFuture(Done.getInstance());
    } else if (handingOver != null) {
      done = stream.startHandOver(handOver.bufferSize()).toCompletableFuture();
    } else {
      done = stream.start(clientId -> {
        IssuedCertificate service = ca.issueClient(clientId, SERVICE_CERTIFICATE_VALIDITY);
        return MqttConnectionSettings.create(broker.url(), clientId, new MemoryPersistence())
            .withSocketFactory(TlsContexts.client(service.certificatePem(), service.privateKeyPem(), service.caPem())
                .getSocketFactory())
            .withCleanSession(ingestSettings.cleanSession())
            .withAutomaticReconnect(false)
            .withMaxInFlight(ingestSettings.maxInflight());
      }).toCompletableFuture();
    }
    lifecycle.add("ingest", stream::shutdown);
    if (handingOver != null && enabled) {
      handingOver.handOverReadings(stream::offer, handOver.timeout());
    }
    return new Ingest(stream, done, enabled, stats, live, metrics);
  }
}
