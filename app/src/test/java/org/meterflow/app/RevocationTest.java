package org.meterflow.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Revocation takes effect within 1 s on an open MQTT session, and the meter cannot reconnect. */
class RevocationTest {

  @RegisterExtension
  static final PlatformExtension PLATFORM = new PlatformExtension();

  private static PlatformFixture fixture;

  @BeforeAll
  static void start() {
    fixture = PLATFORM.fixture();
  }

  @Test
  void revokedMeterIsDroppedWithinOneSecondAndRefusedAfterwards() throws Exception {
    JsonNode credentials = fixture.register("R0000001");
    MqttClient client = fixture.connect(credentials);
    try {
      assertThat(client.isConnected()).isTrue();
      long started = System.nanoTime();
      HttpResponse<String> revoked = fixture.post("/api/v1/meters/R0000001/revoke", fixture.platform.adminToken(), "");
      assertThat(revoked.statusCode()).isEqualTo(200);
      assertThat(PlatformFixture.JSON.readTree(revoked.body()).get("status").asText()).isEqualTo("REVOKED");
      assertThat(PlatformFixture.await(Duration.ofSeconds(1), () -> !client.isConnected()))
          .as("session dropped within 1 s of the API call").isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));

      assertThatThrownBy(() -> fixture.connect(credentials))
          .isInstanceOf(MqttException.class)
          .satisfies(e -> assertThat(((MqttException) e).getReasonCode()).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED));
    } finally {
      client.close(true);
    }
  }

  @Test
  void revokingAnUnknownMeterIs404() throws Exception {
    assertThat(fixture.post("/api/v1/meters/NOPE0001/revoke", fixture.platform.adminToken(), "").statusCode()).isEqualTo(404);
  }
}
