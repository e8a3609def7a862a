package org.meterflow.mqtt.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.meterflow.model.port.BrokerClientDirectory.BrokerClient;
import org.meterflow.model.port.BrokerClientDirectory.BrokerClient.Kind;
import org.meterflow.mqtt.client.MqttTls;
import org.meterflow.mqtt.payload.ReadingTopic;
import org.meterflow.pki.CertificateAuthority;

/**
 * The embedded broker hands a meter's readings to the platform and holds the PUBACK until the
 * platform says they are stored; a refusal or no answer means no PUBACK (decisions §25).
 */
class ReadingHandOverTest {

  private static final Map<String, Kind> REGISTERED = new ConcurrentHashMap<>();
  private static final BlockingQueue<HandedOver> HANDED_OVER = new LinkedBlockingQueue<>();
  private static Path dir;
  private static CertificateAuthority ca;
  private static EmbeddedBroker broker;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("meterflow-handover-test");
    ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), "MeterFlow Test CA");
    broker = EmbeddedBroker.start(BrokerSettings.loopback(dir.resolve("broker"), 0), ca,
        id -> Optional.ofNullable(REGISTERED.get(id)).map(kind -> new BrokerClient(id, kind)));
    broker.handOverReadings((topic, clientId, payload, puback) ->
        HANDED_OVER.offer(new HandedOver(topic, clientId, payload, puback)), Duration.ofSeconds(2));
  }

  @AfterAll
  static void stop() throws Exception {
    broker.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void thePubackWaitsUntilThePlatformAcceptsTheReadings() throws Exception {
    Meter meter = connect("H1", Kind.METER);
    IMqttDeliveryToken delivery = meter.publish("meters/H1/readings", "{\"serial\":\"H1\",\"seq\":1}");

    HandedOver reading = HANDED_OVER.poll(5, TimeUnit.SECONDS);
    assertThat(reading).isNotNull();
    assertThat(reading.clientId()).isEqualTo("H1");
    assertThat(reading.topic()).as("the topic as the broker knew it").isEqualTo(new ReadingTopic(ReadingTopic.Kind.METER, "H1"));
    assertThat(new String(reading.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"serial\":\"H1\",\"seq\":1}");
    assertThat(meter.delivered.await(500, TimeUnit.MILLISECONDS)).as("no PUBACK before the platform decides").isFalse();
    assertThat(delivery.isComplete()).isFalse();

    reading.puback().accept();
    assertThat(meter.delivered.await(5, TimeUnit.SECONDS)).as("PUBACK once accepted").isTrue();
    assertThat(meter.client.isConnected()).isTrue();
    meter.close();
  }

  @Test
  void aRefusedMessageGetsNoPubackAndThePublisherIsDisconnected() throws Exception {
    Meter meter = connect("H2", Kind.GATEWAY);
    IMqttDeliveryToken delivery = meter.publish("gateways/H2/readings", "[]");
    HandedOver reading = HANDED_OVER.poll(5, TimeUnit.SECONDS);
    assertThat(reading).isNotNull();
    assertThat(reading.topic()).isEqualTo(new ReadingTopic(ReadingTopic.Kind.GATEWAY, "H2"));

    reading.puback().refuse("store down (test)");
    assertThat(meter.lost.await(5, TimeUnit.SECONDS)).as("disconnected").isTrue();
    assertThat(meter.delivered.getCount()).as("no PUBACK").isEqualTo(1);
  }

  @Test
  void aMessageNobodyDecidesOnIsRefusedAfterTheTimeout() throws Exception {
    Meter meter = connect("H3", Kind.METER);
    meter.publish("meters/H3/readings", "{}");
    HandedOver late = HANDED_OVER.poll(5, TimeUnit.SECONDS);
    assertThat(late).isNotNull();
    assertThat(meter.lost.await(10, TimeUnit.SECONDS)).as("disconnected after the 2 s hand-over timeout").isTrue();
    assertThat(meter.delivered.getCount()).as("no PUBACK").isEqualTo(1);
    late.puback().accept(); // the ingest stores it after all: harmless, the publisher sends it again anyway
  }

  @Test
  void anotherMetersTopicIsNotHandedOverAndTheBrokerDeniesIt() throws Exception {
    REGISTERED.put("H5", Kind.METER);
    Meter intruder = connect("H4", Kind.METER);
    intruder.publish("meters/H5/readings", "{\"serial\":\"H5\"}");
    assertThat(intruder.lost.await(5, TimeUnit.SECONDS)).as("disconnected by the broker's permissions").isTrue();
    assertThat(HANDED_OVER.poll(500, TimeUnit.MILLISECONDS)).as("nothing handed over").isNull();
  }

  /** What the broker handed over. */
  private record HandedOver(ReadingTopic topic, String clientId, byte[] payload, HeldPuback puback) {}

  private static Meter connect(String id, Kind kind) throws MqttException {
    REGISTERED.put(id, kind);
    MqttAsyncClient client = new MqttAsyncClient(broker.serverUri(), id, new MemoryPersistence());
    Meter meter = new Meter(client);
    client.setCallback(meter);
    IMqttToken connected = client.connect(MqttTls.connectOptions(ca.issueClient(id, Duration.ofDays(1)), true));
    connected.waitForCompletion(10_000);
    return meter;
  }

  private static final class Meter implements MqttCallback {
    final MqttAsyncClient client;
    final CountDownLatch lost = new CountDownLatch(1);
    final CountDownLatch delivered = new CountDownLatch(1);

    Meter(MqttAsyncClient client) {
      this.client = client;
    }

    IMqttDeliveryToken publish(String topic, String payload) throws MqttException {
      MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
      message.setQos(1);
      return client.publish(topic, message);
    }

    void close() throws MqttException {
      client.disconnect().waitForCompletion(5000);
      client.close();
    }

    @Override
    public void connectionLost(Throwable cause) {
      lost.countDown();
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
      delivered.countDown();
    }
  }
}
