package org.meterflow.app.wiring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.meterflow.actors.ingest.IngestSettings;
import org.meterflow.app.PlatformSettings;
import org.meterflow.app.registry.BrokerAccess;
import org.meterflow.app.registry.MosquittoBrokerAccess;
import org.meterflow.app.registry.RegistryBrokerDirectory;
import org.meterflow.app.registry.RegistryChangeRelay;
import org.meterflow.app.startup.StartupSteps;
import org.meterflow.mqtt.broker.BrokerSettings;
import org.meterflow.mqtt.broker.EmbeddedBroker;
import org.meterflow.mqtt.mosquitto.MosquittoControl;
import org.meterflow.mqtt.mosquitto.MosquittoSettings;
import org.meterflow.mysql.JdbcGatewayRegistry;
import org.meterflow.mysql.JdbcMeterRegistry;
import org.meterflow.pki.CertificateAuthority;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.ExecutionContext$;

/**
 * Starts the broker side: loads the registry into the directory the broker asks, then the embedded
 * broker, or the files (TLS, ACL, CRL) of an external Mosquitto and the timer that re-signs its CRL.
 */
public final class BrokerWiring {

  private static final Logger log = LoggerFactory.getLogger(BrokerWiring.class);

  private BrokerWiring() {}

  public static Broker start(PlatformSettings settings, IngestSettings ingest, Storage storage, Meters meters,
      CertificateAuthority ca, ActorSystem<Void> system, StartupSteps steps, Lifecycle lifecycle,
      ExecutorService blocking, Clock clock) {
    JdbcMeterRegistry registry = new JdbcMeterRegistry(storage.registry());
    JdbcGatewayRegistry gateways = new JdbcGatewayRegistry(storage.registry());
    RegistryBrokerDirectory directory = new RegistryBrokerDirectory();
    steps.run("the meter directory (registry database)", "METERFLOW_DB_URL (meterflow.registry)", () -> {
      directory.load(registry);
      directory.loadGateways(gateways);
    });
    Instant started = clock.instant();
    directory.meters().forEach(m -> meters.outages().track(m.registration(), started));
    List<String> ingestClientIds = new ArrayList<>();
    for (int i = 0; i < ingest.connections(); i++) {
      ingestClientIds.add(ingest.clientIdPrefix() + "-" + i);
    }
    ingestClientIds.forEach(directory::allowService);
    PlatformSettings.Mqtt mqtt = settings.mqtt();
    if (mqtt.embedded()) {
      BrokerSettings brokerSettings = new BrokerSettings(mqtt.host(), mqtt.port(), settings.dataDir().resolve("broker"),
          mqtt.serverHosts(), mqtt.maxPayload(), mqtt.maxQueuedMessages(), BrokerSettings.Persistence.valueOf(
              mqtt.persistence().toUpperCase(Locale.ROOT).replace("MEMORY", "IN_MEMORY")));
      EmbeddedBroker embedded = steps.run("the embedded MQTT broker on " + mqtt.host() + ":" + mqtt.port(),
          "--mqtt-port / METERFLOW_MQTT_PORT, METERFLOW_MQTT_HOST (meterflow.mqtt)", () -> {
            java.nio.file.Files.createDirectories(brokerSettings.dataDirectory());
            return lifecycle.add("embedded MQTT broker", EmbeddedBroker.start(brokerSettings, ca, directory),
                EmbeddedBroker::close);
          });
      BrokerAccess access = (clientId, certificateSerial, status) -> {
        if (!status.mayPublish()) {
          embedded.disconnect(clientId);
        }
      };
      String url = ingest.brokerUrl().isBlank() ? "ssl://" + mqtt.serverHosts().get(0) + ":" + embedded.port()
          : ingest.brokerUrl();
      relayChanges(system, registry, gateways, directory, access, meters, blocking, clock);
      return new Broker(registry, gateways, directory, access, Optional.of(embedded), ingestClientIds, embedded.port(), url);
    }
    PlatformSettings.External external = mqtt.external();
    MosquittoSettings mosquittoSettings = new MosquittoSettings(external.url(), external.filesDir(), external.pidFile(),
        mqtt.serverHosts(), external.crlValidity());
    MosquittoBrokerAccess mosquitto = new MosquittoBrokerAccess(new MosquittoControl(ca, mosquittoSettings, clock), clock);
    steps.run("the files of the external MQTT broker in " + external.filesDir(),
        "METERFLOW_MOSQUITTO_FILES_DIR (meterflow.mqtt.external.files-dir)", () -> {
          mosquitto.load(registry, gateways);
          mosquitto.writeFiles(ingestClientIds);
          if (settings.cluster().multiNode()) { // a running broker learns this node's ingest clients
            mosquitto.reload();
          }
        });
    // an expired CRL locks every client out: re-sign it at half its validity
    Duration every = external.crlValidity().dividedBy(2);
    Cancellable crlRefresh = system.scheduler().scheduleAtFixedRate(every, every, () -> {
      try {
        mosquitto.refreshCrl();
      } catch (RuntimeException e) {
        log.error("Could not re-sign the Mosquitto CRL; it expires after {}", external.crlValidity(), e);
      }
    }, ExecutionContext$.MODULE$.fromExecutor(blocking));
    lifecycle.add("CRL refresh", crlRefresh::cancel);
    relayChanges(system, registry, gateways, directory, mosquitto, meters, blocking, clock);
    String url = ingest.brokerUrl().isBlank() ? mosquittoSettings.brokerUrl() : ingest.brokerUrl();
    log.info("External MQTT broker {}: wrote CA, server certificate, ACL and CRL ({} revoked) to {}", url,
        mosquitto.revokedCount(), external.filesDir());
    return new Broker(registry, gateways, directory, mosquitto, Optional.empty(), ingestClientIds,
        mosquittoSettings.port(), url);
  }

  /**
   * Registry changes made on this node go to the other nodes, and theirs come here: each node's
   * directory, broker (a revoked meter's session dropped wherever it is) and outage watch list
   * follow the shared registry within a second.
   */
  private static void relayChanges(ActorSystem<Void> system, JdbcMeterRegistry registry, JdbcGatewayRegistry gateways,
      RegistryBrokerDirectory directory, BrokerAccess access, Meters meters, ExecutorService blocking, Clock clock) {
    RegistryChangeRelay relay = RegistryChangeRelay.start(system, serial -> registry.find(serial).ifPresent(meter -> {
      directory.reflect(meter);
      if (meter.status().mayPublish()) {
        meters.outages().track(meter.registration(), clock.instant());
      } else {
        meters.outages().untrack(serial);
      }
      access.reflect(serial, meter.certificateSerial(), meter.status());
    }), id -> gateways.find(id).ifPresent(gateway -> {
      directory.reflect(gateway);
      access.reflect(id, gateway.certificateSerial(), gateway.status());
    }), blocking);
    directory.listen(relay);
  }
}
