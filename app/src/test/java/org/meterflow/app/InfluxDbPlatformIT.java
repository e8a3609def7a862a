package org.meterflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterflow.timeseries.influxdb.InfluxDbServer;

/**
 * The whole platform with {@code meterflow.timeseries.kind = influxdb} against Debian's InfluxDB
 * 1.6 (auth on): readings published over MQTT land in InfluxDB exactly once and the API serves
 * latest, range and load from it. Integration profile; fails when {@code /usr/bin/influxd} is missing.
 */
class InfluxDbPlatformIT {

  private static final String USER = "meterflow";
  private static final String PASSWORD = "it-Pa55word";
  private static final Instant START = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));

  @TempDir static Path dir;
  private static InfluxDbServer influxd;
  private static PlatformFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    influxd = InfluxDbServer.start(Files.createDirectories(dir.resolve("influxdb")), true);
    influxd.createAdmin(USER, PASSWORD);
    fixture = new PlatformFixture(dir.resolve("platform"), Map.of(
        "meterflow.timeseries.kind", "influxdb",
        "meterflow.timeseries.influxdb.url", influxd.url(),
        "meterflow.timeseries.influxdb.version", 1,
        "meterflow.timeseries.influxdb.database", "meterflow_it",
        "meterflow.timeseries.influxdb.user", USER,
        "meterflow.timeseries.influxdb.password", PASSWORD));
  }

  @AfterAll
  static void stop() {
    try {
      if (fixture != null) {
        fixture.close();
      }
    } finally {
      if (influxd != null) {
        influxd.close();
      }
    }
  }

  @Test
  void readingsGoToInfluxDbOnceAndTheApiServesThemFromThere() throws Exception {
    List<String> serials = List.of("IX000001", "IX000002");
    MqttClient a = fixture.connect(fixture.register(serials.get(0), "west", "F-IX", "DT-IX"));
    MqttClient b = fixture.connect(fixture.register(serials.get(1), "west", "F-IX", "DT-IX"));
    try {
      for (int seq = 1; seq <= 8; seq++) {
        publish(a, serials.get(0), seq, 0.9);
        publish(b, serials.get(1), seq, null);
      }
      publish(a, serials.get(0), 8, 0.9); // a meter's retry of a reading: stored once
      assertThat(PlatformFixture.await(Duration.ofSeconds(30), () -> influxCount() == 16))
          .as("16 points in InfluxDB, found %d", influxCount()).isTrue();
      assertThat(PlatformFixture.await(Duration.ofSeconds(10), () -> stat("accepted") + stat("duplicates") == 17))
          .as("all 17 messages judged: %s", fixture.getQuietly("/api/v1/ingest/stats")).isTrue();
      assertThat(influxCount()).as("the retried reading stored once").isEqualTo(16);

      String token = fixture.platform.adminToken();
      JsonNode latest = PlatformFixture.JSON.readTree(fixture.get("/api/v1/meters/IX000001/readings/latest", token).body());
      assertThat(latest.get("seq").asInt()).isEqualTo(8);
      assertThat(latest.get("ts").asText()).isEqualTo(START.plus(Duration.ofMinutes(15L * 8)).toString());

      String range = "?from=" + START + "&to=" + START.plus(Duration.ofHours(3)) + "&step=1h";
      JsonNode points = PlatformFixture.JSON.readTree(
          fixture.get("/api/v1/meters/IX000002/readings" + range, token).body()).get("points");
      assertThat(points).hasSize(3); // 00:15 … 02:00: 3, 4 and 1 readings
      assertThat(points.get(0).get("samples").asInt()).isEqualTo(3);
      assertThat(points.get(0).get("powerFactor").isNull()).isTrue();

      JsonNode load = PlatformFixture.JSON.readTree(fixture.get("/api/v1/dts/DT-IX/load" + range, token).body()).get("points");
      assertThat(load).hasSize(3);
      // First hour: readings 1..3 of both meters; V = 230 + seq, I = 4, pf 0.9 and (missing =) 1.
      double meanVa = (231 + 232 + 233) / 3.0 * 4;
      assertThat(load.get(0).get("meters").asInt()).isEqualTo(2);
      assertThat(load.get(0).get("kva").asDouble()).isCloseTo(2 * meanVa / 1000, Offset.offset(1e-9));
      assertThat(load.get(0).get("kw").asDouble()).isCloseTo(1.9 * meanVa / 1000, Offset.offset(1e-9));
    } finally {
      for (MqttClient client : List.of(a, b)) {
        client.disconnect();
        client.close();
      }
    }
  }

  private static void publish(MqttClient client, String serial, int seq, Double pf) throws Exception {
    String payload = String.format(Locale.ROOT,
        "{\"serial\":\"%s\",\"seq\":%d,\"ts\":\"%s\",\"importKwh\":%.3f,\"exportKwh\":0.0,"
            + "\"voltage\":%.1f,\"current\":4.0,\"frequency\":50.0%s}",
        serial, seq, START.plus(Duration.ofMinutes(15L * seq)), 10 + seq * 0.1, 230.0 + seq,
        pf == null ? "" : ",\"powerFactor\":" + pf);
    client.publish("meters/" + serial + "/readings", payload.getBytes(StandardCharsets.UTF_8), 1, false);
  }

  /** Points in InfluxDB's own count, asked directly (not through the platform). */
  private static long influxCount() {
    try {
      String q = URLEncoder.encode("SELECT count(voltage) FROM readings", StandardCharsets.UTF_8);
      HttpResponse<String> response = fixture.http.send(HttpRequest.newBuilder(
              URI.create(influxd.url() + "/query?db=meterflow_it&q=" + q))
          .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
              (USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      JsonNode values = PlatformFixture.JSON.readTree(response.body()).path("results").path(0).path("series").path(0).path("values");
      return values.isMissingNode() ? 0 : values.path(0).path(1).asLong();
    } catch (IOException | InterruptedException e) {
      return -1;
    }
  }

  private static long stat(String field) {
    try {
      return fixture.stats().get(field).asLong();
    } catch (Exception e) {
      return -1;
    }
  }
}
