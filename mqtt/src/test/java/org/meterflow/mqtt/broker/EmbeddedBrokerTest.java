package org.meterflow.mqtt.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.MqttSecurityException;
import org.meterflow.model.port.BrokerClientDirectory.BrokerClient.Kind;
import org.meterflow.mqtt.broker.BrokerFixture.Connection;
import org.meterflow.mqtt.broker.BrokerFixture.Received;
import org.meterflow.mqtt.client.MqttTls;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Delivery, topic permissions and revocation on a real broker. */
@ExtendWith(BrokerFixture.Shared.class)
class EmbeddedBrokerTest {

  private static final String INGEST = "$share/ingest/meters/+/readings";

  private static BrokerFixture fixture;

  @BeforeAll
  static void broker(BrokerFixture shared) {
    fixture = shared;
  }

  @Test
  void registeredMeterPublishesAndSharedSubscriberReceives() throws Exception {
    fixture.registered.put("M1", Kind.METER);
    fixture.registered.put("ingest-1", Kind.SERVICE);
    List<Connection> both = fixture.connectAll(List.of("M1", "ingest-1"));
    Connection meter = both.get(0);
    Connection ingest = both.get(1);
    ingest.client.subscribe(INGEST, 1);

    meter.publish("meters/M1/readings", "{\"serial\":\"M1\",\"seq\":1}");

    assertThat(ingest.next()).isEqualTo(new Received("meters/M1/readings", "{\"serial\":\"M1\",\"seq\":1}"));
  }

  @Test
  void meterPublishingToAnotherMetersTopicIsDisconnectedAndNothingIsDelivered() throws Exception {
    fixture.registered.put("M2", Kind.METER);
    fixture.registered.put("M9", Kind.METER);
    fixture.registered.put("ingest-2", Kind.SERVICE);
    List<Connection> all = fixture.connectAll(List.of("M9", "M2", "ingest-2"));
    Connection intruder = all.get(0);
    Connection honest = all.get(1);
    Connection ingest = all.get(2);
    ingest.client.subscribe("meters/#", 1); // a plain (not shared) subscription is allowed too

    // MQTT 3.1.1 has no negative PUBACK: HiveMQ closes the connection instead.
    MqttException e = assertThatExceptionOfType(MqttException.class)
        .isThrownBy(() -> intruder.publish("meters/M2/readings", "forged")).actual();
    assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_CONNECTION_LOST);
    assertThat(intruder.lostWithin(Duration.ofSeconds(1))).isTrue();
    assertThat(intruder.client.isConnected()).isFalse();

    // Messages on one topic arrive in order: the first to arrive is the honest one.
    honest.publish("meters/M2/readings", "genuine");
    assertThat(ingest.next()).isEqualTo(new Received("meters/M2/readings", "genuine"));
    assertThat(ingest.received).isEmpty();
  }

  @Test
  void retainedPublishIsRefused() throws Exception {
    fixture.registered.put("M3", Kind.METER);
    Connection meter = fixture.connectAll(List.of("M3")).get(0);
    MqttMessage retained = new MqttMessage("r".getBytes());
    retained.setQos(1);
    retained.setRetained(true);
    assertThatThrownBy(() -> meter.client.publish("meters/M3/readings", retained)).isInstanceOf(MqttException.class);
    assertThat(meter.lostWithin(Duration.ofSeconds(1))).isTrue();
  }

  @Test
  void payloadOverTheLimitDisconnects() throws Exception {
    fixture.registered.put("M10", Kind.METER);
    Connection meter = fixture.connectAll(List.of("M10")).get(0);
    int limit = fixture.broker.settings().maxPayloadBytes();
    meter.publish("meters/M10/readings", "x".repeat(limit / 2)); // well under: fine
    assertThatThrownBy(() -> meter.publish("meters/M10/readings", "x".repeat(limit + HiveMqConfig.PACKET_OVERHEAD_BYTES + 1)))
        .isInstanceOf(MqttException.class);
    assertThat(meter.lostWithin(Duration.ofSeconds(1))).isTrue();
  }

  @Test
  void meterMayNotSubscribeAndServiceMayNotPublish() throws Exception {
    fixture.registered.put("M4", Kind.METER);
    fixture.registered.put("ingest-4", Kind.SERVICE);
    List<Connection> both = fixture.connectAll(List.of("M4", "ingest-4"));

    MqttException refused = assertThatExceptionOfType(MqttException.class)
        .isThrownBy(() -> both.get(0).client.subscribe("meters/#", 1)).actual();
    assertThat(refused.getReasonCode()).isEqualTo(MqttException.REASON_CODE_SUBSCRIBE_FAILED); // SUBACK 0x80
    assertThat(both.get(0).client.isConnected()).as("a refused SUBSCRIBE keeps the connection").isTrue();
    // Outside meters/# and gateways/#, a service may not subscribe either.
    assertThatThrownBy(() -> both.get(1).client.subscribe("#", 1)).isInstanceOf(MqttException.class);

    assertThatThrownBy(() -> both.get(1).publish("meters/M4/readings", "from a service"))
        .isInstanceOf(MqttException.class);
    assertThat(both.get(1).lostWithin(Duration.ofSeconds(1))).isTrue();
  }

  @Test
  void gatewayPublishesUnderItsOwnIdOnly() throws Exception {
    fixture.registered.put("G01", Kind.GATEWAY);
    fixture.registered.put("ingest-5", Kind.SERVICE);
    List<Connection> both = fixture.connectAll(List.of("G01", "ingest-5"));
    both.get(1).client.subscribe("$share/ingest/gateways/+/readings", 1);

    both.get(0).publish("gateways/G01/readings", "{\"gateway\":\"G01\",\"readings\":[]}");
    assertThat(both.get(1).next().topic()).isEqualTo("gateways/G01/readings");

    assertThatThrownBy(() -> both.get(0).publish("meters/G01/readings", "x")).isInstanceOf(MqttException.class);
  }

  @Test
  void disconnectDropsTheMeterWithinOneSecondAndARemovedMeterCannotReconnect() throws Exception {
    var cert = fixture.register("M6", Kind.METER);
    Connection meter = fixture.connect("M6", cert);
    long unregisteredBefore = fixture.refusals(Refusals.Reason.UNREGISTERED);

    fixture.registered.remove("M6"); // revocation: directory first, then the live session
    long start = System.nanoTime();
    assertThat(fixture.broker.disconnect("M6").get(1, TimeUnit.SECONDS)).isTrue();
    assertThat(meter.lostWithin(Duration.ofSeconds(1))).as("meter still connected after 1 s").isTrue();
    assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(1));

    MqttSecurityException e = assertThatExceptionOfType(MqttSecurityException.class)
        .isThrownBy(() -> fixture.connect("M6", cert)).actual();
    assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED);
    assertThat(fixture.refusals(Refusals.Reason.UNREGISTERED)).isEqualTo(unregisteredBefore + 1);
    assertThat(fixture.broker.disconnect("never-connected").get(1, TimeUnit.SECONDS)).isFalse();
  }

  @Test
  void hostnameLocalhostVerifiesAgainstTheServerCertificate() throws Exception {
    var cert = fixture.register("M7", Kind.METER);
    Connection meter = fixture.connect("M7", MqttTls.connectOptions(cert, true),
        MqttTls.serverUri("localhost", fixture.broker.port()));
    assertThat(meter.client.isConnected()).isTrue();
  }

  /** mosquitto_pub's view: OpenSSL verifies the broker for localhost and 127.0.0.1 with --cafile only. */
  @Test
  void openSslVerifiesTheBrokerByNameAndIp(@TempDir Path bundle) throws Exception {
    assertThat(Path.of("/usr/bin/openssl")).as("/usr/bin/openssl is missing (Debian package openssl)").isExecutable();
    var cert = fixture.register("M11", Kind.METER);
    Files.writeString(bundle.resolve("ca.pem"), cert.caPem());
    Files.writeString(bundle.resolve("m11.pem"), cert.certificatePem());
    Files.writeString(bundle.resolve("m11.key"), cert.privateKeyPem());
    for (List<String> check : List.of(List.of("-verify_hostname", "localhost"), List.of("-verify_ip", "127.0.0.1"))) {
      Process p = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + fixture.broker.port(),
          "-CAfile", "ca.pem", "-cert", "m11.pem", "-key", "m11.key", check.get(0), check.get(1),
          "-verify_return_error")
          .directory(bundle.toFile()).redirectErrorStream(true).start();
      p.getOutputStream().close(); // EOF on stdin: s_client exits after the handshake
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(out).contains("Verify return code: 0 (ok)");
    }
  }

  @Test
  void brokerDirectoryHoldsOnlyTheExpectedFiles() throws Exception {
    Path root = fixture.broker.settings().dataDirectory();
    Path conf = root.resolve("conf");
    String config = Files.readString(conf.resolve("config.xml"));
    assertThat(config).contains("<client-authentication-mode>REQUIRED</client-authentication-mode>");
    assertThat(config).as("no plain listener").doesNotContain("<tcp-listener>");
    assertThat(root.resolve("data")).isDirectory();
    if (Files.getFileStore(conf).supportsFileAttributeView("posix")) {
      assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
          Files.getPosixFilePermissions(conf.resolve("broker-keystore.p12")))).isEqualTo("rw-------");
    }
  }
}
