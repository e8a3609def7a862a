package org.meterflow.mqtt.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterflow.pki.CertificateAuthority;
import org.meterflow.pki.IssuedCertificate;

class MqttTlsTest {

  @Test
  void optionsAreMutualTlsMqtt311WithHostnameVerificationAndNoAutoReconnect(@TempDir Path dir) {
    IssuedCertificate meter = CertificateAuthority.loadOrCreate(dir, "Test CA").issueClient("M1", Duration.ofDays(1));

    MqttConnectOptions options = MqttTls.connectOptions(meter.certificatePem(), meter.privateKeyPem(),
        meter.caPem(), false);

    assertEquals(MqttConnectOptions.MQTT_VERSION_3_1_1, options.getMqttVersion());
    assertTrue(options.isHttpsHostnameVerificationEnabled());
    assertFalse(options.isAutomaticReconnect());
    assertFalse(options.isCleanSession());
    assertTrue(options.getSocketFactory() instanceof SSLSocketFactory);
    assertTrue(MqttTls.connectOptions(meter, true).isCleanSession());
  }

  @Test
  void serverUriBracketsIpv6() {
    assertEquals("ssl://127.0.0.1:8883", MqttTls.serverUri("127.0.0.1", 8883));
    assertEquals("ssl://[::1]:8883", MqttTls.serverUri("::1", 8883));
  }
}
