package org.meterflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a meter vendor does first (docs/mqtt-devices.md): register a meter through the API, then
 * publish with Debian's {@code mosquitto_pub} using the returned PEM files, verifying the broker
 * with {@code --cafile} only (no --insecure). Integration profile: fails if mosquitto_pub is missing.
 */
class MosquittoPubIT {

  @RegisterExtension
  static final PlatformExtension PLATFORM = new PlatformExtension();

  private static PlatformFixture fixture;

  @BeforeAll
  static void start() {
    fixture = PLATFORM.fixture();
  }

  private static int mosquittoPub(Path dir, String clientId, String topic, String payload) throws Exception {
    Process process = new ProcessBuilder(List.of("mosquitto_pub", "-h", "localhost",
        "-p", String.valueOf(fixture.platform.mqttPort()), "--cafile", dir.resolve("ca.pem").toString(),
        "--cert", dir.resolve("meter.crt").toString(), "--key", dir.resolve("meter.key").toString(),
        "-i", clientId, "-q", "1", "-t", topic, "-m", payload))
        .redirectErrorStream(true).start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("mosquitto_pub finished").isTrue();
    return process.exitValue();
  }

  @Test
  void mosquittoPubWithTheRegistrationBundlePublishesAReading() throws Exception {
    JsonNode bundle = fixture.register("VENDOR01");
    Path dir = Files.createDirectories(PLATFORM.dataDir().resolve("vendor"));
    Files.writeString(dir.resolve("ca.pem"), bundle.get("caPem").asText(), StandardCharsets.US_ASCII);
    Files.writeString(dir.resolve("meter.crt"), bundle.get("certificatePem").asText(), StandardCharsets.US_ASCII);
    Files.writeString(dir.resolve("meter.key"), bundle.get("privateKeyPem").asText(), StandardCharsets.US_ASCII);
    Instant ts = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String payload = "{\"serial\":\"VENDOR01\",\"seq\":1,\"ts\":\"" + ts + "\",\"importKwh\":1234.567,"
        + "\"exportKwh\":0.0,\"voltage\":231.4,\"current\":4.2,\"frequency\":50.01,\"powerFactor\":0.97}";

    assertThat(mosquittoPub(dir, "VENDOR01", "meters/VENDOR01/readings", payload)).isZero();

    // The ingest may still be subscribing on a loaded machine (a message published before any
    // subscription exists is not kept by the broker): resend the same reading, which is idempotent.
    assertThat(PlatformFixture.await(Duration.ofSeconds(30), () -> {
      try {
        if (fixture.get("/api/v1/meters/VENDOR01/readings/latest", fixture.platform.adminToken()).statusCode() == 200) {
          return true;
        }
        mosquittoPub(dir, "VENDOR01", "meters/VENDOR01/readings", payload);
        return false;
      } catch (Exception e) {
        return false;
      }
    })).isTrue();
    JsonNode latest = PlatformFixture.JSON.readTree(
        fixture.get("/api/v1/meters/VENDOR01/readings/latest", fixture.platform.adminToken()).body());
    assertThat(latest.get("importKwh").asDouble()).isEqualTo(1234.567);
    assertThat(latest.get("ts").asText()).isEqualTo(ts.toString());

    assertThat(mosquittoPub(dir, "VENDOR01", "meters/SOMEONE/readings", payload))
        .as("another meter's topic closes the connection").isNotZero();
    assertThat(mosquittoPub(dir, "NOT-THE-CN", "meters/NOT-THE-CN/readings", payload))
        .as("client id must equal the certificate CN").isNotZero();
  }
}
