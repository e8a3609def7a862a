package org.meterflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.meterflow.lake.LakeSettings;
import org.meterflow.lake.query.LakeSql;
import org.meterflow.model.port.LakeQueries;

/**
 * Events land in the lake too: a sag raised by a meter's readings is in {@code events} (SQL over
 * the lake) within an export interval, its clear rewrites the same row, and after a clean stop
 * the lake holds it once.
 */
class EventsInLakeTest {

  @RegisterExtension
  static final PlatformExtension PLATFORM = new PlatformExtension(Map.of("meterflow.lake.events-export-every", "1 s"));

  private static final Instant START = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(1));

  @Test
  void aSagIsInTheLakeRaisedThenClearedAndOnceAfterAStop() throws Exception {
    PlatformFixture fixture = PLATFORM.fixture();
    String admin = fixture.platform.adminToken();
    MqttClient meter = fixture.connect(fixture.register("EL000001", "lakeside", "F-E", "DT-E"));
    try {
      publish(meter, 1, 230);
      publish(meter, 2, 150);
      publish(meter, 3, 140);
      assertThat(PlatformFixture.await(Duration.ofSeconds(10), () -> openEvents(fixture, admin) == 1)).as("sag raised").isTrue();
      assertThat(PlatformFixture.await(Duration.ofSeconds(20),
          () -> "[[\"sag\",\"EL000001\",\"lakeside\",\"DT-E\",true]]".equals(events(fixture, admin))))
          .as("the open sag in the lake; last answer %s", events(fixture, admin)).isTrue();

      publish(meter, 4, 231);
      assertThat(PlatformFixture.await(Duration.ofSeconds(20),
          () -> "[[\"sag\",\"EL000001\",\"lakeside\",\"DT-E\",false]]".equals(events(fixture, admin))))
          .as("the same row, now cleared; last answer %s", events(fixture, admin)).isTrue();
    } finally {
      meter.disconnect();
      meter.close();
    }

    fixture.platform.close();
    LakeSettings settings = LakeSettings.fromConfig(MeterflowConfig.load(Map.of(
        "meterflow.data-dir", PLATFORM.dataDir().toString())).getConfig("meterflow.lake"), PLATFORM.dataDir());
    try (LakeSql sql = new LakeSql(settings)) {
      LakeQueries.Table t = sql.run("SELECT event_type, meter, cleared_at IS NOT NULL AS cleared, date FROM events");
      assertThat(t.rows()).hasSize(1);
      assertThat(t.rows().get(0).get(0)).isEqualTo("sag");
      assertThat(t.rows().get(0).get(2)).isEqualTo(Boolean.TRUE);
    }
  }

  private static void publish(MqttClient client, int seq, double volts) throws Exception {
    String payload = String.format(Locale.ROOT, "{\"serial\":\"EL000001\",\"seq\":%d,\"ts\":\"%s\",\"importKwh\":%.3f,"
        + "\"voltage\":%.1f,\"current\":3.0,\"frequency\":50.0}", seq, START.plusSeconds(60L * seq), 1 + seq * 0.01, volts);
    client.publish("meters/EL000001/readings", payload.getBytes(StandardCharsets.UTF_8), 1, false);
  }

  private static int openEvents(PlatformFixture fixture, String admin) {
    try {
      return PlatformFixture.JSON.readTree(fixture.get("/api/v1/events?meter=EL000001&state=open", admin).body()).size();
    } catch (Exception e) {
      return -1;
    }
  }

  /** The lake's events as JSON rows, or the error. */
  private static String events(PlatformFixture fixture, String admin) {
    try {
      HttpResponse<String> r = fixture.post("/api/v1/lake/query", admin, PlatformFixture.JSON.writeValueAsString(Map.of("sql",
          "SELECT event_type, meter, region, dt, cleared_at IS NULL AS open FROM events ORDER BY raised_at")));
      JsonNode body = PlatformFixture.JSON.readTree(r.body());
      return r.statusCode() == 200 ? body.get("rows").toString() : r.statusCode() + " " + r.body();
    } catch (Exception e) {
      return e.toString();
    }
  }
}
