package org.meterflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Faults injected through the real MQTT path become events with a lifecycle at GET /api/v1/events. */
class QualityEventsTest {

  @RegisterExtension
  static final PlatformExtension PLATFORM = new PlatformExtension();

  private static PlatformFixture fixture;
  private static final Instant START = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));

  @BeforeAll
  static void start() {
    fixture = PLATFORM.fixture();
  }

  private static void publish(MqttClient client, String serial, int seq, double volts, double kwh) throws Exception {
    publish(client, serial, seq, volts, kwh, 50.0);
  }

  private static void publish(MqttClient client, String serial, int seq, double volts, double kwh, double hz)
      throws Exception {
    String payload = String.format(Locale.ROOT, "{\"serial\":\"%s\",\"seq\":%d,\"ts\":\"%s\",\"importKwh\":%.3f,"
        + "\"voltage\":%.1f,\"current\":3.0,\"frequency\":%.3f}", serial, seq, START.plusSeconds(60L * seq), kwh, volts, hz);
    client.publish("meters/" + serial + "/readings", payload.getBytes(StandardCharsets.UTF_8), 1, false);
  }

  private static JsonNode events(String query) {
    try {
      return PlatformFixture.JSON.readTree(fixture.get("/api/v1/events?" + query, fixture.platform.adminToken()).body());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void sagBecomesOneEventThatClearsWhenVoltageRecovers() throws Exception {
    MqttClient meter = fixture.connect(fixture.register("QE000001"));
    java.util.concurrent.ConcurrentLinkedQueue<String> live = new java.util.concurrent.ConcurrentLinkedQueue<>();
    java.net.http.WebSocket socket = fixture.http.newWebSocketBuilder()
        .header("Authorization", "Bearer " + fixture.platform.adminToken())
        .buildAsync(java.net.URI.create("ws://127.0.0.1:" + fixture.platform.httpPort() + "/api/v1/live/events?region=north"),
            new java.net.http.WebSocket.Listener() {
              @Override
              public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data, boolean last) {
                live.add(data.toString());
                ws.request(1);
                return null;
              }
            })
        .join();
    try {
      publish(meter, "QE000001", 1, 230, 1.000);
      publish(meter, "QE000001", 2, 150, 1.010);
      publish(meter, "QE000001", 3, 140, 1.020);
      assertThat(PlatformFixture.await(Duration.ofSeconds(10), () -> events("meter=QE000001&state=open").size() == 1)).isTrue();
      JsonNode open = events("meter=QE000001&state=open").get(0);
      assertThat(open.get("type").asText()).isEqualTo("sag");
      assertThat(open.get("region").asText()).isEqualTo("north");
      assertThat(open.get("dt").asText()).isEqualTo("DT1");
      assertThat(open.get("clearedAt").isNull()).isTrue();

      publish(meter, "QE000001", 4, 231, 1.030);
      assertThat(PlatformFixture.await(Duration.ofSeconds(10), () -> events("meter=QE000001&state=cleared").size() == 1)).isTrue();
      JsonNode cleared = events("meter=QE000001").get(0);
      assertThat(events("meter=QE000001")).hasSize(1);
      assertThat(cleared.get("state").asText()).isEqualTo("cleared");
      assertThat(cleared.get("clearedAt").asText()).isEqualTo(START.plusSeconds(240).toString());
      assertThat(cleared.get("evidence").get("min").asDouble()).isCloseTo(140 / 230.0, org.assertj.core.data.Offset.offset(1e-6));
      assertThat(PlatformFixture.await(Duration.ofSeconds(5), () -> live.size() >= 2)).as("raised and cleared pushed to operators").isTrue();
      assertThat(live).anyMatch(m -> m.contains("\"state\":\"open\"")).anyMatch(m -> m.contains("\"state\":\"cleared\""));
    } finally {
      socket.abort();
      meter.disconnect();
      meter.close();
    }
  }

  @Test
  void registerRollbackRaisesTamperWhileTheReadingIsRejected() throws Exception {
    MqttClient meter = fixture.connect(fixture.register("QE000002"));
    try {
      publish(meter, "QE000002", 1, 230, 50.0);
      publish(meter, "QE000002", 2, 230, 40.0);
      assertThat(PlatformFixture.await(Duration.ofSeconds(10),
          () -> events("meter=QE000002&type=tamper&state=open").size() == 1)).isTrue();
      assertThat(events("meter=QE000002&type=tamper").get(0).get("cause").asText()).isEqualTo("register-rollback");
      assertThat(fixture.stats().get("rejected").get("register-backwards").asLong()).isGreaterThanOrEqualTo(1);
    } finally {
      meter.disconnect();
      meter.close();
    }
  }

  @Test
  void swellAndFrequencyDriftEachOpenOneEventAndClear() throws Exception {
    MqttClient meter = fixture.connect(fixture.register("QE000003"));
    try {
      publish(meter, "QE000003", 1, 230, 1.000, 50.0);
      publish(meter, "QE000003", 2, 262, 1.001, 50.0);
      publish(meter, "QE000003", 3, 265, 1.002, 50.0);
      publish(meter, "QE000003", 4, 231, 1.003, 50.6);
      publish(meter, "QE000003", 5, 231, 1.004, 50.7);
      publish(meter, "QE000003", 6, 231, 1.005, 50.0);
      assertThat(PlatformFixture.await(Duration.ofSeconds(10),
          () -> count("meter=QE000003&state=cleared") == 2)).isTrue();
      assertThat(count("meter=QE000003&type=swell")).isEqualTo(1);
      assertThat(count("meter=QE000003&type=frequency")).isEqualTo(1);
      assertThat(count("meter=QE000003&state=open")).isZero();
    } finally {
      meter.disconnect();
      meter.close();
    }
  }

  @Test
  void en50160WeekCountsTenMinuteMeansWithinTheBand() throws Exception {
    MqttClient meter = fixture.connect(fixture.register("QE000004"));
    try {
      // Six 10-minute intervals, one reading each (every 10th minute of seq), one of them at 1.13 pu.
      double[] volts = {231, 229, 262, 230, 232, 228};
      for (int i = 0; i < volts.length; i++) {
        publish(meter, "QE000004", 10 * (i + 1), volts[i], 1.0 + i * 0.001);
      }
      assertThat(PlatformFixture.await(Duration.ofSeconds(10), () -> {
        try {
          return fixture.platform.store().count("QE000004", START, START.plus(Duration.ofHours(2)))
              .toCompletableFuture().join() == 6;
        } catch (RuntimeException e) {
          return false;
        }
      })).isTrue();
      Instant weekStart = org.meterflow.model.quality.En50160Week.weekStartOf(START.plusSeconds(600));
      String week = String.format("%d-W%02d",
          java.time.LocalDate.ofInstant(weekStart, java.time.ZoneOffset.UTC).get(java.time.temporal.IsoFields.WEEK_BASED_YEAR),
          java.time.LocalDate.ofInstant(weekStart, java.time.ZoneOffset.UTC).get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR));
      int inWeek = 0;
      int within = 0;
      for (int i = 0; i < volts.length; i++) {
        Instant ts = START.plusSeconds(600L * (i + 1));
        if (!ts.isBefore(weekStart) && ts.isBefore(weekStart.plus(Duration.ofDays(7)))) {
          inWeek++;
          within += Math.abs(volts[i] / 230.0 - 1) <= 0.10 ? 1 : 0;
        }
      }
      JsonNode report = PlatformFixture.JSON.readTree(
          fixture.getQuietly("/api/v1/reports/en50160?meter=QE000004&week=" + week));
      assertThat(report.get("measuredIntervals").asInt()).as(report.toString()).isEqualTo(inWeek);
      assertThat(report.get("intervals").asInt()).isEqualTo(1008);
      assertThat(report.get("voltageShare").asDouble()).isCloseTo((double) within / inWeek, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(report.get("compliant").asBoolean()).as("5 of 6 is below 95 %").isFalse();
      JsonNode region = PlatformFixture.JSON.readTree(fixture.getQuietly("/api/v1/reports/en50160?region=north&week=" + week));
      assertThat(region.get("nonCompliantSerials").toString()).contains("QE000004");
      assertThat(fixture.get("/api/v1/reports/en50160?meter=QE000004&week=banana", fixture.platform.adminToken()).statusCode())
          .isEqualTo(400);

      // The same report from the command line, against the running platform.
      String url = "http://127.0.0.1:" + fixture.platform.httpPort();
      java.io.StringWriter out = new java.io.StringWriter();
      int exit = new picocli.CommandLine(new MeterflowCommand()).setOut(new java.io.PrintWriter(out))
          .execute("report", "en50160", "--meter", "QE000004", "--week", week, "--url", url,
              "--token", fixture.platform.adminToken());
      assertThat(exit).as(out.toString()).isZero();
      assertThat(out.toString()).contains("meter QE000004", "NOT COMPLIANT",
          String.format(java.util.Locale.ROOT, "%.2f %%", 100.0 * within / inWeek));
      java.io.StringWriter regionOut = new java.io.StringWriter();
      assertThat(new picocli.CommandLine(new MeterflowCommand()).setOut(new java.io.PrintWriter(regionOut))
          .execute("report", "en50160", "--region", "north", "--week", week, "--url", url,
              "--token", fixture.platform.adminToken())).isZero();
      assertThat(regionOut.toString()).contains("region north").containsPattern("non-compliant +.*QE000004");
      java.io.StringWriter errOut = new java.io.StringWriter();
      assertThat(new picocli.CommandLine(new MeterflowCommand()).setErr(new java.io.PrintWriter(errOut))
          .execute("report", "en50160", "--meter", "QE000004", "--week", "banana", "--url", url,
              "--token", fixture.platform.adminToken())).isEqualTo(1);
      assertThat(errOut.toString()).contains("400", "ISO week");
    } finally {
      meter.disconnect();
      meter.close();
    }
  }

  private static int count(String query) {
    return events(query).size();
  }

  @Test
  void badFiltersAreProblems() throws Exception {
    assertThat(fixture.get("/api/v1/events?type=earthquake", fixture.platform.adminToken()).statusCode()).isEqualTo(400);
    assertThat(fixture.get("/api/v1/events?state=maybe", fixture.platform.adminToken()).statusCode()).isEqualTo(400);
    assertThat(fixture.get("/api/v1/events", null).statusCode()).isEqualTo(401);
  }
}
