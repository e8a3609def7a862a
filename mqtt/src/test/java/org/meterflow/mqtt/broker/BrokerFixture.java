package org.meterflow.mqtt.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.meterflow.model.port.BrokerClientDirectory;
import org.meterflow.model.port.BrokerClientDirectory.BrokerClient;
import org.meterflow.model.port.BrokerClientDirectory.BrokerClient.Kind;
import org.meterflow.mqtt.client.MqttTls;
import org.meterflow.pki.CertificateAuthority;
import org.meterflow.pki.IssuedCertificate;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A running broker on a free loopback port in a temp directory, its CA, a map-backed client
 * directory, and Paho clients that are all closed with the fixture. Tests share it, so each uses
 * its own client ids and compares refusal counts before and after.
 */
final class BrokerFixture implements AutoCloseable {

  final CertificateAuthority ca;
  final Map<String, Kind> registered = new ConcurrentHashMap<>();
  /** Ids the directory fails for (throws), as a broken database would. */
  final Set<String> failing = ConcurrentHashMap.newKeySet();
  final EmbeddedBroker broker;
  private final List<MqttClient> clients = new ArrayList<>();
  private final Path dir;

  /**
   * Resolves a {@code BrokerFixture} parameter to the broker all test classes share (a HiveMQ
   * start costs 1–6 s and a stop ~4 s), closed by JUnit when the whole run ends.
   */
  static final class Shared implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == BrokerFixture.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return context.getRoot().getStore(ExtensionContext.Namespace.create(BrokerFixture.class))
          .getOrComputeIfAbsent("broker", key -> new BrokerFixture(), BrokerFixture.class);
    }
  }

  private BrokerFixture() {
    try {
      dir = Files.createTempDirectory("meterflow-broker-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), "MeterFlow Test CA");
    BrokerClientDirectory directory = id -> {
      if (failing.contains(id)) {
        throw new IllegalStateException("directory down (test)");
      }
      return Optional.ofNullable(registered.get(id)).map(kind -> new BrokerClient(id, kind));
    };
    broker = EmbeddedBroker.start(BrokerSettings.loopback(dir.resolve("broker"), 0), ca, directory);
  }

  IssuedCertificate register(String id, Kind kind) {
    registered.put(id, kind);
    return certificate(id);
  }

  IssuedCertificate certificate(String commonName) {
    return ca.issueClient(commonName, Duration.ofDays(1));
  }

  /** A connected client: id {@code clientId}, certificate {@code cert}, trusting our CA. */
  Connection connect(String clientId, IssuedCertificate cert) throws MqttException {
    return connect(clientId, MqttTls.connectOptions(cert, true), broker.serverUri());
  }

  /** A client with its own TLS socket factory (another CA's certificate, none at all, ...). */
  Connection connect(String clientId, SSLSocketFactory sockets) throws MqttException {
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setSocketFactory(sockets);
    options.setHttpsHostnameVerificationEnabled(true);
    return connect(clientId, options, broker.serverUri());
  }

  Connection connect(String clientId, MqttConnectOptions options, String serverUri) throws MqttException {
    MqttClient client = new MqttClient(serverUri, clientId, new MemoryPersistence());
    synchronized (clients) {
      clients.add(client);
    }
    Connection connection = new Connection(client);
    client.setCallback(connection);
    client.connect(options);
    return connection;
  }

  /** Connects several clients at once (a connect costs ~350 ms); ids double as certificate CNs. */
  List<Connection> connectAll(List<String> clientIds) throws Exception {
    List<CompletableFuture<Connection>> pending = new ArrayList<>();
    for (String id : clientIds) {
      IssuedCertificate cert = certificate(id);
      pending.add(CompletableFuture.supplyAsync(() -> {
        try {
          return connect(id, cert);
        } catch (MqttException e) {
          throw new IllegalStateException("connect " + id, e);
        }
      }));
    }
    List<Connection> result = new ArrayList<>();
    for (CompletableFuture<Connection> f : pending) {
      result.add(f.get(20, TimeUnit.SECONDS));
    }
    return result;
  }

  long refusals(Refusals.Reason reason) {
    return broker.refusals().get(reason.code());
  }

  /** Closes every client (in parallel: a disconnect waits for the socket), then the broker. */
  @Override
  public void close() throws IOException {
    List<MqttClient> open;
    synchronized (clients) {
      open = List.copyOf(clients);
      clients.clear();
    }
    CompletableFuture.allOf(open.stream()
        .map(client -> CompletableFuture.runAsync(() -> closeQuietly(client)))
        .toArray(CompletableFuture[]::new)).join();
    broker.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  private static void closeQuietly(MqttClient client) {
    try {
      if (client.isConnected()) {
        client.disconnectForcibly(0, 100);
      }
      client.close(true);
    } catch (MqttException e) {
      // closing anyway
    }
  }

  /** A Paho client that records what arrives and when the connection drops. */
  static final class Connection implements MqttCallback {
    final MqttClient client;
    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    final CountDownLatch lost = new CountDownLatch(1);

    Connection(MqttClient client) {
      this.client = client;
    }

    void publish(String topic, String payload) throws MqttException {
      MqttMessage message = new MqttMessage(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      message.setQos(1);
      client.publish(topic, message);
    }

    Received next() throws InterruptedException {
      return received.poll(5, TimeUnit.SECONDS);
    }

    boolean lostWithin(Duration timeout) throws InterruptedException {
      return lost.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void connectionLost(Throwable cause) {
      lost.countDown();
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      received.add(new Received(topic, new String(message.getPayload(), java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
    }
  }

  record Received(String topic, String payload) {
  }
}
