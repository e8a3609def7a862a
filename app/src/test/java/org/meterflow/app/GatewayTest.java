package org.meterflow.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

/** A gateway publishes batches for its assigned meters only; anything else in a batch is refused as spoofed. */
class GatewayTest {

  @RegisterExtension
  static final PlatformExtension PLATFORM = new PlatformExtension();

  private static PlatformFixture fixture;
  private static String admin;

  @BeforeAll
  static void start() throws Exception {
    fixture = PLATFORM.fixture();
    admin = fixture.platform.adminToken();
    for (String serial : new String[] {"GM000001", "GM000002", "GM000003"}) {
      fixture.register(serial);
    }
  }

  private static String reading(String serial, Instant ts) {
    return String.format(Locale.ROOT, "{\"serial\":\"%s\",\"seq\":1,\"ts\":\"%s\",\"importKwh\":10.0,"
        + "\"voltage\":231.0,\"current\":2.0,\"frequency\":50.0}", serial, ts);
  }

  private static long stat(String... path) {
    try {
      JsonNode node = fixture.stats();
      for (String p : path) {
        node = node.get(p);
      }
      return node.asLong();
    } catch (Exception e) {
      return -1;
    }
  }

  @Test
  void gatewayBatchIsAcceptedOnlyForItsOwnMeters() throws Exception {
    var response = fixture.post("/api/v1/gateways", admin, "{\"id\":\"GW01\",\"meters\":[\"GM000001\",\"GM000002\"]}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    JsonNode credentials = PlatformFixture.JSON.readTree(response.body());
    assertThat(credentials.get("meters")).hasSize(2);

    MqttClient gateway = fixture.connect("GW01", credentials);
    try {
      Instant ts = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
      String batch = "{\"gateway\":\"GW01\",\"readings\":[" + reading("GM000001", ts) + "," + reading("GM000002", ts)
          + "," + reading("GM000003", ts) + "]}";
      long acceptedBefore = stat("accepted");
      gateway.publish("gateways/GW01/readings", batch.getBytes(StandardCharsets.UTF_8), 1, false);
      assertThat(PlatformFixture.await(Duration.ofSeconds(10), () -> stat("accepted") == acceptedBefore + 2)).isTrue();
      assertThat(stat("rejected", "spoofed")).isEqualTo(1);
      // QuestDB applies a committed write to queries shortly after (WAL): wait, bounded.
      assertThat(PlatformFixture.await(Duration.ofSeconds(10), () -> {
        try {
          return fixture.get("/api/v1/meters/GM000002/readings/latest", admin).statusCode() == 200;
        } catch (Exception e) {
          return false;
        }
      })).isTrue();
      JsonNode latest = PlatformFixture.JSON.readTree(
          fixture.get("/api/v1/meters/GM000002/readings/latest", admin).body());
      assertThat(latest.get("ts").asText()).isEqualTo(ts.toString());
      assertThat(fixture.get("/api/v1/meters/GM000003/readings/latest", admin).statusCode()).isEqualTo(404);
    } finally {
      gateway.disconnect();
      gateway.close();
    }
    JsonNode stored = PlatformFixture.JSON.readTree(fixture.get("/api/v1/gateways/GW01", admin).body());
    assertThat(stored.get("meters")).hasSize(2);
  }

  @Test
  void registrationRefusesUnknownMetersAndTakenIds() throws Exception {
    assertThat(fixture.post("/api/v1/gateways", admin, "{\"id\":\"GW02\",\"meters\":[\"NOPE0001\"]}").statusCode())
        .isEqualTo(400);
    assertThat(fixture.post("/api/v1/gateways", admin, "{\"id\":\"GM000001\",\"meters\":[\"GM000002\"]}").statusCode())
        .as("a meter's serial is not free as a gateway id").isEqualTo(409);
    assertThat(fixture.post("/api/v1/gateways", admin, "{\"id\":\"GW03\",\"meters\":[\"GM000003\"]}").statusCode())
        .isEqualTo(201);
    assertThat(fixture.post("/api/v1/gateways", admin, "{\"id\":\"GW03\",\"meters\":[\"GM000003\"]}").statusCode())
        .isEqualTo(409);
    assertThat(fixture.get("/api/v1/gateways/NOPE", admin).statusCode()).isEqualTo(404);
  }

  @Test
  void aSuspendedGatewayIsDroppedWithinASecondAndOnlyAReactivatedOneConnectsAgain() throws Exception {
    var response = fixture.post("/api/v1/gateways", admin, "{\"id\":\"GW04\",\"meters\":[\"GM000003\"]}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    JsonNode credentials = PlatformFixture.JSON.readTree(response.body());
    MqttClient gateway = fixture.connect("GW04", credentials);
    java.util.concurrent.CountDownLatch lost = new java.util.concurrent.CountDownLatch(1);
    gateway.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
      @Override
      public void connectionLost(Throwable cause) {
        lost.countDown();
      }

      @Override
      public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage message) {
      }

      @Override
      public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
      }
    });

    var suspended = fixture.post("/api/v1/gateways/GW04/suspend", admin, "");
    assertThat(suspended.statusCode()).as(suspended.body()).isEqualTo(200);
    assertThat(PlatformFixture.JSON.readTree(suspended.body()).get("status").asText()).isEqualTo("SUSPENDED");
    assertThat(lost.await(1, java.util.concurrent.TimeUnit.SECONDS)).as("the live session dropped within 1 s").isTrue();
    gateway.close(true);
    assertThatThrownBy(() -> fixture.connect("GW04", credentials)).as("a suspended gateway cannot connect")
        .isInstanceOf(org.eclipse.paho.client.mqttv3.MqttException.class);

    assertThat(fixture.post("/api/v1/gateways/GW04/reactivate", admin, "").statusCode()).isEqualTo(200);
    MqttClient again = fixture.connect("GW04", credentials);
    again.disconnect();
    again.close();

    assertThat(fixture.post("/api/v1/gateways/GW04/revoke", admin, "").statusCode()).isEqualTo(200);
    assertThat(fixture.post("/api/v1/gateways/GW04/reactivate", admin, "").statusCode())
        .as("a revoked gateway stays revoked").isEqualTo(409);
    assertThatThrownBy(() -> fixture.connect("GW04", credentials)).isInstanceOf(org.eclipse.paho.client.mqttv3.MqttException.class);
    assertThat(fixture.post("/api/v1/gateways/NOPE/revoke", admin, "").statusCode()).isEqualTo(404);
  }
}
