package org.meterflow.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

/** METERFLOW_MQTT_SERVER_HOSTS arrives as text; the configuration file has a list: both work. */
class MqttServerHostsTest {

  @Test
  void theServerHostsAreAListInAFileOrCommaSeparatedTextFromTheEnvironment() {
    assertThat(PlatformSettings.hostList(ConfigFactory.parseString("h = [\"localhost\", \"10.0.0.5\"]"), "h"))
        .containsExactly("localhost", "10.0.0.5");
    assertThat(PlatformSettings.hostList(ConfigFactory.parseString("h = \"mqtt.example.com, 10.0.0.5\""), "h"))
        .containsExactly("mqtt.example.com", "10.0.0.5");
    assertThat(PlatformSettings.hostList(ConfigFactory.parseString("h = \"[\\\"mqtt.example.com\\\"]\""), "h"))
        .as("the list form docs/security.md shows, typed into an environment variable")
        .containsExactly("mqtt.example.com");
    assertThatThrownBy(() -> PlatformSettings.hostList(ConfigFactory.parseString("h = \" , \""), "h"))
        .hasMessageContaining("names no host");
  }
}
