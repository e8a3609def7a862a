package org.meterflow.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.meterflow.timeseries.questdb.EmbeddedQuestDb;
import org.meterflow.mqtt.client.MqttTls;
import org.meterflow.pki.CertificateAuthority;
import org.meterflow.pki.IssuedCertificate;

/**
 * The platform against Debian's real Mosquitto ({@code /usr/sbin/mosquitto}), started here with
 * the shipped {@code deploy/mosquitto/mosquitto.conf} (only paths and the port rewritten) on a
 * free loopback port: the ingest reads from it with its own platform-issued certificate, meters
 * publish with {@code mosquitto_pub}, and revocation goes through CRL + SIGHUP + session takeover.
 * Integration profile; fails (does not skip) when mosquitto or mosquitto_pub is missing.
 */
class MosquittoIT {


  private static Path dir;
  private static Path files;
  private static int port;
  private static MosquittoServer mosquitto;
  private static PlatformFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    assertThat(MosquittoServer.MOSQUITTO).as("Debian's mosquitto (apt-get install mosquitto)").isExecutable();
    dir = Files.createTempDirectory("meterflow-MosquittoIT");
    files = dir.resolve("mosquitto-files");
    port = EmbeddedQuestDb.freePort();
    Path pidFile = dir.resolve("mosquitto.pid");
    fixture = new PlatformFixture(dir.resolve("platform"), Map.of(
        "meterflow.mqtt.embedded", false,
        "meterflow.mqtt.external.url", "ssl://localhost:" + port,
        "meterflow.mqtt.external.files-dir", files.toString(),
        "meterflow.mqtt.external.pid-file", pidFile.toString(),
        "meterflow.ingest.min-backoff", "100 ms",
        "meterflow.ingest.max-backoff", "1 s"));
    mosquitto = MosquittoServer.start(dir, files, pidFile, port);
    awaitIngestSubscribed();
  }

  /**
   * The ingest connects with backoff once Mosquitto is up; a message published before its
   * subscription exists is not kept. Resends one (idempotent) reading until it is stored.
   */
  private static void awaitIngestSubscribed() throws Exception {
    Path warmUp = writeBundle(fixture.register("MQWARMUP"));
    String payload = reading("MQWARMUP", 1);
    assertThat(PlatformFixture.await(Duration.ofSeconds(60), () -> {
      try {
        if (fixture.get("/api/v1/meters/MQWARMUP/readings/latest", fixture.platform.adminToken()).statusCode() == 200) {
          return true;
        }
        mosquittoPub(warmUp, "MQWARMUP", "meters/MQWARMUP/readings", payload);
        return false;
      } catch (Exception e) {
        return false;
      }
    })).as("the ingest reads from Mosquitto; broker log %s", log()).isTrue();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (fixture != null) {
        fixture.close();
      }
    } finally {
      if (mosquitto != null) {
        mosquitto.close();
      }
      if (dir != null) {
        try (Stream<Path> all = Files.walk(dir)) {
          all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  @Test
  void registeredMeterPublishesThroughMosquittoAndTheApiServesTheReading() throws Exception {
    JsonNode bundle = fixture.register("MQ000001");
    Path meter = writeBundle(bundle);
    String payload = reading("MQ000001", 1);

    assertThat(mosquittoPub(meter, "MQ000001", "meters/MQ000001/readings", payload)).isZero();

    JsonNode latest = awaitLatest("MQ000001");
    assertThat(latest.get("importKwh").asDouble()).isEqualTo(1234.5);
  }

  @Test
  void publishingToAnotherMetersTopicIsNotDelivered() throws Exception {
    fixture.register("MQ000002");
    Path intruder = writeBundle(fixture.register("MQ000003"));
    long acceptedBefore = fixture.stats().get("accepted").asLong();

    // Mosquitto acks the QoS 1 publish but its ACL drops it: nothing reaches the ingest.
    mosquittoPub(intruder, "MQ000003", "meters/MQ000002/readings", reading("MQ000002", 1));
    // A message on the intruder's own topic afterwards proves the ingest is reading.
    assertThat(mosquittoPub(intruder, "MQ000003", "meters/MQ000003/readings", reading("MQ000003", 1))).isZero();
    awaitLatest("MQ000003");

    assertThat(fixture.get("/api/v1/meters/MQ000002/readings/latest", fixture.platform.adminToken()).statusCode())
        .as("nothing stored for the victim").isEqualTo(404);
    assertThat(fixture.stats().get("accepted").asLong()).isEqualTo(acceptedBefore + 1);
  }

  @Test
  void clientIdOtherThanTheCnConnectsButStillWritesOnlyItsOwnCnsTopic() throws Exception {
    // Documented limit of plain Mosquitto (docs/security.md): the client id is not tied to the CN.
    fixture.register("MQ000010");
    IssuedCertificate meter = credentials(fixture.register("MQ000011"));
    MqttClient client = connect("MQ000010", meter, caPem());
    try {
      client.publish("meters/MQ000010/readings", reading("MQ000010", 1).getBytes(StandardCharsets.UTF_8), 1, false);
    } finally {
      client.disconnect();
      client.close();
    }
    assertThat(mosquittoPub(writeBundle(fixture.register("MQ000012")), "MQ000012", "meters/MQ000012/readings",
        reading("MQ000012", 1))).isZero();
    awaitLatest("MQ000012");
    assertThat(fixture.get("/api/v1/meters/MQ000010/readings/latest", fixture.platform.adminToken()).statusCode())
        .as("the ACL (%%u = CN MQ000011) dropped the publish to MQ000010's topic").isEqualTo(404);
  }

  @Test
  void payloadSerialOtherThanTheTopicIsCountedAsSpoofed() throws Exception {
    fixture.register("MQ000004");
    Path meter = writeBundle(fixture.register("MQ000005"));
    long spoofedBefore = rejected("spoofed");

    assertThat(mosquittoPub(meter, "MQ000005", "meters/MQ000005/readings", reading("MQ000004", 1))).isZero();

    assertThat(PlatformFixture.await(Duration.ofSeconds(10), () -> rejected("spoofed") == spoofedBefore + 1))
        .as("spoofed counted: %s", fixture.getQuietly("/api/v1/ingest/stats")).isTrue();
    assertThat(fixture.get("/api/v1/meters/MQ000004/readings/latest", fixture.platform.adminToken()).statusCode())
        .isEqualTo(404);
  }

  @Test
  void certificatesFromAnotherCaOrExpiredAreRefusedAtTheHandshake() throws Exception {
    fixture.register("MQ000006");
    CertificateAuthority other = CertificateAuthority.loadOrCreate(dir.resolve("other-ca"), "Somebody Else's CA");
    IssuedCertificate foreign = other.issueClient("MQ000006", Duration.ofDays(1));
    assertThatThrownBy(() -> connect("MQ000006", foreign, caPem())).isInstanceOf(MqttException.class);

    CertificateAuthority platformCa = CertificateAuthority.loadOrCreate(dir.resolve("platform").resolve("pki"), "unused");
    Instant now = Instant.now();
    IssuedCertificate expired = platformCa.issueClient("MQ000006", now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1)));
    assertThatThrownBy(() -> connect("MQ000006", expired, caPem())).isInstanceOf(MqttException.class);
    assertThat(log()).contains("certificate verify failed");
  }

  @Test
  void unregisteredSerialWithAPlatformCertificateIsRejectedByTheIngest() throws Exception {
    // Mosquitto has no registry: a certificate of our CA whose CN is no registered meter connects,
    // may write only meters/<CN>/..., and the ingest refuses the reading as unregistered.
    CertificateAuthority platformCa = CertificateAuthority.loadOrCreate(dir.resolve("platform").resolve("pki"), "unused");
    IssuedCertificate stray = platformCa.issueClient("MQ-STRAY", Duration.ofMinutes(10));
    long before = rejected("unregistered");
    MqttClient client = connect("MQ-STRAY", stray, caPem());
    try {
      client.publish("meters/MQ-STRAY/readings", reading("MQ-STRAY", 1).getBytes(StandardCharsets.UTF_8), 1, false);
    } finally {
      client.disconnect();
      client.close();
    }
    assertThat(PlatformFixture.await(Duration.ofSeconds(10), () -> rejected("unregistered") == before + 1))
        .as("unregistered counted: %s", fixture.getQuietly("/api/v1/ingest/stats")).isTrue();
  }

  @Test
  void revocationDropsTheLiveSessionWithinOneSecondAndRefusesReconnects() throws Exception {
    JsonNode bundle = fixture.register("MQ000007");
    IssuedCertificate credentials = credentials(bundle);
    MqttClient client = connect("MQ000007", credentials, caPem());
    try {
      long started = System.nanoTime();
      var revoked = fixture.post("/api/v1/meters/MQ000007/revoke", fixture.platform.adminToken(), "");
      assertThat(revoked.statusCode()).isEqualTo(200);
      assertThat(PlatformFixture.await(Duration.ofSeconds(1), () -> !client.isConnected()))
          .as("dropped within 1 s of the call").isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).as("from the call until the session is gone")
          .isLessThan(Duration.ofSeconds(1));
    } finally {
      client.close(true);
    }
    assertThatThrownBy(() -> connect("MQ000007", credentials, caPem())).isInstanceOf(MqttException.class);
    assertThat(mosquittoPub(writeBundle(bundle), "MQ000007", "meters/MQ000007/readings", reading("MQ000007", 1)))
        .as("mosquitto_pub with the revoked certificate").isNotZero();
    assertThat(fixture.post("/api/v1/meters/MQ000007/reactivate", fixture.platform.adminToken(), "").statusCode())
        .as("a revoked meter stays revoked").isEqualTo(409);
  }

  @Test
  void suspendedMeterCannotConnectUntilReactivated() throws Exception {
    JsonNode bundle = fixture.register("MQ000008");
    IssuedCertificate credentials = credentials(bundle);
    assertThat(fixture.post("/api/v1/meters/MQ000008/suspend", fixture.platform.adminToken(), "").statusCode()).isEqualTo(200);
    assertThatThrownBy(() -> connect("MQ000008", credentials, caPem())).isInstanceOf(MqttException.class);

    assertThat(fixture.post("/api/v1/meters/MQ000008/reactivate", fixture.platform.adminToken(), "").statusCode()).isEqualTo(200);
    String ca = caPem();
    assertThat(PlatformFixture.await(Duration.ofSeconds(5), () -> {
      try {
        MqttClient client = connect("MQ000008", credentials, ca);
        client.disconnect();
        client.close();
        return true;
      } catch (MqttException e) {
        return false;
      }
    })).as("reactivated meter connects again").isTrue();
  }

  // --- helpers

  private static String log() {
    return mosquitto.log();
  }

  private static String caPem() throws IOException {
    return mosquitto.caPem();
  }

  private static IssuedCertificate credentials(JsonNode bundle) {
    return new IssuedCertificate(org.meterflow.pki.Pem.certificate(bundle.get("certificatePem").asText()),
        org.meterflow.pki.Pem.privateKey(bundle.get("privateKeyPem").asText()),
        org.meterflow.pki.Pem.certificate(bundle.get("caPem").asText()));
  }

  private static MqttClient connect(String clientId, IssuedCertificate certificate, String caPem) throws MqttException {
    MqttClient client = new MqttClient("ssl://localhost:" + port, clientId, new MemoryPersistence());
    try {
      client.connect(MqttTls.connectOptions(certificate.certificatePem(), certificate.privateKeyPem(), caPem, true));
    } catch (MqttException e) {
      client.close(true);
      throw e;
    }
    return client;
  }

  private static Path writeBundle(JsonNode bundle) throws IOException {
    return mosquitto.writeBundle(bundle);
  }

  private static int mosquittoPub(Path bundle, String clientId, String topic, String payload) throws Exception {
    return mosquitto.publish(bundle, clientId, topic, payload);
  }

  private static String reading(String serial, int seq) {
    Instant ts = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    return "{\"serial\":\"" + serial + "\",\"seq\":" + seq + ",\"ts\":\"" + ts + "\",\"importKwh\":1234.5,"
        + "\"exportKwh\":0.0,\"voltage\":231.4,\"current\":4.2,\"frequency\":50.01,\"powerFactor\":0.97}";
  }

  private static JsonNode awaitLatest(String serial) throws Exception {
    String path = "/api/v1/meters/" + serial + "/readings/latest";
    assertThat(PlatformFixture.await(Duration.ofSeconds(20), () -> {
      try {
        return fixture.get(path, fixture.platform.adminToken()).statusCode() == 200;
      } catch (Exception e) {
        return false;
      }
    })).as("reading of %s stored and served; stats %s; broker log %s", serial,
        fixture.getQuietly("/api/v1/ingest/stats"), log()).isTrue();
    return PlatformFixture.JSON.readTree(fixture.get(path, fixture.platform.adminToken()).body());
  }

  private static long rejected(String reason) {
    try {
      JsonNode count = fixture.stats().path("rejected").path(reason);
      return count.isMissingNode() ? 0 : count.asLong();
    } catch (Exception e) {
      return -1;
    }
  }
}
