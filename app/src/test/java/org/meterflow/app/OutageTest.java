package org.meterflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Silence is detected by timer: meters that stop reporting are suspected out, a silent DT is ONE
 * area outage linking them (not one alarm per meter only), and both clear when readings return.
 * Intervals are shrunk to seconds here; production defaults are 15 min × 3.
 */
class OutageTest {

  @RegisterExtension
  static final PlatformExtension PLATFORM = new PlatformExtension(Map.of(
      "meterflow.outage.expected-interval", "1s",
      "meterflow.outage.missed-intervals", 2,
      "meterflow.outage.check-every", "250ms",
      "meterflow.outage.area-window", "20s"));

  private static PlatformFixture fixture;

  @BeforeAll
  static void start() {
    fixture = PLATFORM.fixture();
  }

  private static void publish(MqttClient client, String serial, int seq) throws Exception {
    String payload = String.format(Locale.ROOT, "{\"serial\":\"%s\",\"seq\":%d,\"ts\":\"%s\",\"importKwh\":%.3f,"
        + "\"voltage\":231.0,\"current\":2.0,\"frequency\":50.0}", serial, seq, Instant.now(), 100 + seq * 0.001);
    client.publish("meters/" + serial + "/readings", payload.getBytes(StandardCharsets.UTF_8), 1, false);
  }

  private static int count(String query) {
    try {
      return PlatformFixture.JSON.readTree(fixture.get("/api/v1/events?" + query, fixture.platform.adminToken()).body()).size();
    } catch (Exception e) {
      return -1;
    }
  }

  @Test
  void silentDtIsOneAreaOutageAndEverythingClearsWhenReadingsReturn() throws Exception {
    List<String> serials = List.of("OU000001", "OU000002", "OU000003", "OU000004");
    List<MqttClient> clients = new ArrayList<>();
    for (String serial : serials) {
      MqttClient client = fixture.connect(fixture.register(serial));
      clients.add(client);
      publish(client, serial, 1);
    }
    try {
      assertThat(PlatformFixture.await(Duration.ofSeconds(15), () -> count("type=outage&state=open") == 4))
          .as("each silent meter suspected out").isTrue();
      assertThat(PlatformFixture.await(Duration.ofSeconds(5), () -> count("type=area-outage&state=open") == 1))
          .as("one area outage for the DT").isTrue();
      JsonNode area = PlatformFixture.JSON.readTree(
          fixture.get("/api/v1/events?type=area-outage", fixture.platform.adminToken()).body()).get(0);
      assertThat(area.get("region").asText()).isEqualTo("north");
      assertThat(area.get("evidence").get("samples").asLong()).as("linked meters when raised").isBetween(2L, 4L);

      for (int i = 0; i < serials.size(); i++) {
        publish(clients.get(i), serials.get(i), 2);
      }
      assertThat(PlatformFixture.await(Duration.ofSeconds(10), () -> count("type=outage&state=open") == 0)).isTrue();
      assertThat(PlatformFixture.await(Duration.ofSeconds(5), () -> count("type=area-outage&state=cleared") == 1)).isTrue();
      assertThat(count("type=area-outage")).as("no alarm storm: still one area event").isEqualTo(1);
    } finally {
      for (MqttClient client : clients) {
        client.disconnect();
        client.close();
      }
    }
  }
}
