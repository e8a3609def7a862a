package org.meterflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The walking skeleton end to end: meters registered through the API publish over real
 * mutual-TLS MQTT; every reading lands in QuestDB, at the API and on the WebSocket exactly once;
 * a malformed message is rejected with a reason and the next reading is accepted.
 */
class WalkingSkeletonTest {

  @RegisterExtension
  static final PlatformExtension PLATFORM = new PlatformExtension();

  private static PlatformFixture fixture;
  private static final Instant START = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(30));

  @BeforeAll
  static void start() {
    fixture = PLATFORM.fixture();
  }

  private static String reading(String serial, int seq) {
    return String.format(Locale.ROOT,
        "{\"serial\":\"%s\",\"seq\":%d,\"ts\":\"%s\",\"importKwh\":%.3f,\"exportKwh\":0.0,"
            + "\"voltage\":%.1f,\"current\":4.2,\"frequency\":50.01,\"powerFactor\":0.97}",
        serial, seq, START.plus(Duration.ofMinutes(seq)), 100 + seq * 0.05, 229.0 + seq);
  }

  private static void publish(MqttClient client, String serial, String payload) throws Exception {
    client.publish("meters/" + serial + "/readings", payload.getBytes(StandardCharsets.UTF_8), 1, false);
  }

  @Test
  void everyPublishedReadingIsStoredServedAndStreamedExactlyOnce() throws Exception {
    String token = fixture.platform.adminToken();
    List<String> serials = List.of("T0000001", "T0000002", "T0000003");
    List<MqttClient> clients = new ArrayList<>();
    for (String serial : serials) {
      clients.add(fixture.connect(fixture.register(serial)));
    }
    ConcurrentLinkedQueue<String> live = new ConcurrentLinkedQueue<>();
    WebSocket socket = fixture.http.newWebSocketBuilder()
        .header("Authorization", "Bearer " + token)
        .buildAsync(URI.create("ws://127.0.0.1:" + fixture.platform.httpPort() + "/api/v1/live?meter=T0000001"),
            new Collector(live))
        .join();
    long acceptedBefore = accepted();
    try {
      for (int seq = 1; seq <= 4; seq++) {
        for (int m = 0; m < serials.size(); m++) {
          publish(clients.get(m), serials.get(m), reading(serials.get(m), seq));
        }
      }
      assertThat(PlatformFixture.await(Duration.ofSeconds(20), () -> accepted() == acceptedBefore + 12)).as("12 accepted").isTrue();

      for (String serial : serials) {
        assertThat(PlatformFixture.await(Duration.ofSeconds(10), () -> count(serial) == 4)).as("4 stored for " + serial).isTrue();
        JsonNode latest = PlatformFixture.JSON.readTree(
            fixture.get("/api/v1/meters/" + serial + "/readings/latest", token).body());
        assertThat(latest.get("seq").asInt()).isEqualTo(4);
        assertThat(latest.get("voltage").asDouble()).isEqualTo(233.0);
        assertThat(latest.get("ts").asText()).isEqualTo(START.plus(Duration.ofMinutes(4)).toString());
        assertThat(latest.has("receivedAt")).isTrue();
      }
      assertThat(PlatformFixture.await(Duration.ofSeconds(5), () -> live.size() >= 4)).isTrue();
      assertThat(live).hasSize(4);
      List<Integer> seqs = live.stream().map(WalkingSkeletonTest::seq).toList();
      assertThat(seqs).containsExactly(1, 2, 3, 4);

      // A malformed message is rejected with its reason; the stream goes on with the next reading.
      publish(clients.get(0), "T0000001", "{\"serial\":\"T0000001\", this is not json");
      publish(clients.get(0), "T0000001", reading("T0000001", 5));
      assertThat(PlatformFixture.await(Duration.ofSeconds(10), () -> accepted() == acceptedBefore + 13)).isTrue();
      assertThat(fixture.stats().get("rejected").get("malformed").asLong()).isEqualTo(1);
      JsonNode sample = PlatformFixture.JSON.readTree(fixture.getQuietly("/api/v1/ingest/rejections")).get(0);
      assertThat(sample.get("reason").asText()).isEqualTo("malformed");
      assertThat(sample.get("serial").asText()).isEqualTo("T0000001");
      assertThat(sample.get("payload").asText()).contains("this is not json");
      assertThat(PlatformFixture.await(Duration.ofSeconds(10), () -> count("T0000001") == 5)).isTrue();

      // A redelivered reading is acknowledged but stored and counted once.
      publish(clients.get(0), "T0000001", reading("T0000001", 5));
      assertThat(PlatformFixture.await(Duration.ofSeconds(10), () -> duplicates() == 1)).isTrue();
      assertThat(accepted()).isEqualTo(acceptedBefore + 13);
      assertThat(count("T0000001")).isEqualTo(5);
      assertThat(PlatformFixture.await(Duration.ofSeconds(2), () -> live.size() == 5)).isTrue();
      assertThat(live).hasSize(5);

      // Another meter's serial in the payload is refused as spoofed.
      publish(clients.get(1), "T0000002", reading("T0000001", 6));
      assertThat(PlatformFixture.await(Duration.ofSeconds(10), () -> rejected("spoofed") == 1)).isTrue();
      assertThat(count("T0000001")).isEqualTo(5);
    } finally {
      socket.abort();
      for (MqttClient client : clients) {
        client.disconnect();
        client.close();
      }
    }
  }

  @Test
  void rangeQueryAggregatesByStep() throws Exception {
    String serial = "T0000010";
    MqttClient client = fixture.connect(fixture.register(serial));
    try {
      for (int seq = 1; seq <= 6; seq++) {
        publish(client, serial, reading(serial, seq));
      }
      assertThat(PlatformFixture.await(Duration.ofSeconds(10), () -> count(serial) == 6)).isTrue();
      String from = START.toString();
      String to = START.plus(Duration.ofHours(1)).toString();
      HttpResponse<String> response = fixture.get(
          "/api/v1/meters/" + serial + "/readings?from=" + from + "&to=" + to + "&step=1h", fixture.platform.adminToken());
      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode body = PlatformFixture.JSON.readTree(response.body());
      assertThat(body.get("step").asText()).isEqualTo("1h");
      JsonNode points = body.get("points");
      double expectedLastKwh = 100 + 6 * 0.05;
      double expectedMeanVolts = (230 + 231 + 232 + 233 + 234 + 235) / 6.0;
      double samples = 0;
      double lastKwh = 0;
      double weightedVolts = 0;
      for (JsonNode p : points) {
        samples += p.get("samples").asDouble();
        lastKwh = p.get("importKwh").asDouble();
        weightedVolts += p.get("voltage").asDouble() * p.get("samples").asDouble();
      }
      assertThat(samples).isEqualTo(6);
      assertThat(lastKwh).isCloseTo(expectedLastKwh, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(weightedVolts / samples).isCloseTo(expectedMeanVolts, org.assertj.core.data.Offset.offset(1e-9));
    } finally {
      client.disconnect();
      client.close();
    }
  }

  @Test
  void loadOfADtSumsItsMetersApparentPowerPerStep() throws Exception {
    List<String> serials = List.of("T0000020", "T0000021");
    List<MqttClient> clients = new ArrayList<>();
    for (String serial : serials) {
      clients.add(fixture.connect(fixture.register(serial, "east", "F-LOAD", "DT-LOAD")));
    }
    try {
      for (int i = 0; i < serials.size(); i++) {
        for (int seq = 1; seq <= 3; seq++) {
          publish(clients.get(i), serials.get(i), reading(serials.get(i), seq));
        }
      }
      assertThat(PlatformFixture.await(Duration.ofSeconds(10),
          () -> serials.stream().allMatch(s -> count(s) == 3))).isTrue();
      String range = "?from=" + START + "&to=" + START.plus(Duration.ofHours(1)) + "&step=1h";
      HttpResponse<String> response = fixture.get("/api/v1/dts/DT-LOAD/load" + range, fixture.platform.adminToken());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode points = PlatformFixture.JSON.readTree(response.body()).get("points");
      // Expected per calendar hour: each meter's mean V·I over its readings in that hour, times two meters.
      java.util.Map<Instant, double[]> byHour = new java.util.TreeMap<>();
      for (int seq = 1; seq <= 3; seq++) {
        Instant hour = START.plus(Duration.ofMinutes(seq)).truncatedTo(ChronoUnit.HOURS);
        double[] sumAndN = byHour.computeIfAbsent(hour, h -> new double[2]);
        sumAndN[0] += (229.0 + seq) * 4.2 / 1000;
        sumAndN[1]++;
      }
      assertThat(points).hasSize(byHour.size());
      int i = 0;
      for (var hour : byHour.entrySet()) {
        JsonNode p = points.get(i++);
        assertThat(Instant.parse(p.get("ts").asText())).isEqualTo(hour.getKey());
        assertThat(p.get("meters").asInt()).isEqualTo(2);
        assertThat(p.get("kva").asDouble())
            .isCloseTo(2 * hour.getValue()[0] / hour.getValue()[1], org.assertj.core.data.Offset.offset(1e-9));
      }
      HttpResponse<String> feeder = fixture.get("/api/v1/feeders/F-LOAD/load" + range, fixture.platform.adminToken());
      assertThat(PlatformFixture.JSON.readTree(feeder.body()).get("points")).hasSize(points.size());
      HttpResponse<String> elsewhere = fixture.get("/api/v1/regions/west/load" + range, fixture.platform.adminToken());
      assertThat(PlatformFixture.JSON.readTree(elsewhere.body()).get("points")).isEmpty();
      HttpResponse<String> badStep = fixture.get("/api/v1/regions/east/load?step=0m", fixture.platform.adminToken());
      assertThat(badStep.statusCode()).isEqualTo(400);
    } finally {
      for (MqttClient c : clients) {
        c.disconnect();
        c.close();
      }
    }
  }

  @Test
  void apiErrorsAreProblemDetails() throws Exception {
    HttpResponse<String> noToken = fixture.get("/api/v1/ingest/stats", null);
    assertThat(noToken.statusCode()).isEqualTo(401);
    assertThat(noToken.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    HttpResponse<String> wrongToken = fixture.get("/api/v1/meters/T0000001", "not-the-token");
    assertThat(wrongToken.statusCode()).isEqualTo(401);
    HttpResponse<String> unknown = fixture.get("/api/v1/meters/NOPE0001/readings/latest", fixture.platform.adminToken());
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(PlatformFixture.JSON.readTree(unknown.body()).get("status").asInt()).isEqualTo(404);
    HttpResponse<String> badBody = fixture.post("/api/v1/meters", fixture.platform.adminToken(), "{\"serial\":");
    assertThat(badBody.statusCode()).isEqualTo(400);
    assertThat(badBody.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    fixture.register("T0000099");
    HttpResponse<String> again = fixture.post("/api/v1/meters", fixture.platform.adminToken(), "{\"serial\":\"T0000099\"}");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(fixture.get("/health/ready", null).statusCode()).isEqualTo(200);
    assertThat(fixture.get("/metrics", null).body()).contains("meterflow_readings_accepted_total");
  }

  private static long accepted() {
    return stat("accepted");
  }

  private static long duplicates() {
    return stat("duplicates");
  }

  private static long rejected(String reason) {
    try {
      return fixture.stats().get("rejected").get(reason).asLong();
    } catch (Exception e) {
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

  private static long count(String serial) {
    return fixture.platform.store().count(serial, START.minus(Duration.ofDays(1)), START.plus(Duration.ofDays(1)))
        .toCompletableFuture().join();
  }

  private static int seq(String json) {
    try {
      return PlatformFixture.JSON.readTree(json).get("seq").asInt();
    } catch (Exception e) {
      return -1;
    }
  }

  /** Collects the WebSocket's text messages. */
  private static final class Collector implements WebSocket.Listener {
    private final ConcurrentLinkedQueue<String> messages;
    private final StringBuilder partial = new StringBuilder();

    Collector(ConcurrentLinkedQueue<String> messages) {
      this.messages = messages;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        messages.add(partial.toString());
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }
  }
}
