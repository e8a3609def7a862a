package org.meterflow.mqtt.client;

import static org.assertj.core.api.Assertions.assertThat;

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

    assertThat(options.getMqttVersion()).isEqualTo(MqttConnectOptions.MQTT_VERSION_3_1_1);
    assertThat(options.isHttpsHostnameVerificationEnabled()).isTrue();
    assertThat(options.isAutomaticReconnect()).isFalse();
    assertThat(options.isCleanSession()).isFalse();
    assertThat(options.getSocketFactory()).isInstanceOf(SSLSocketFactory.class);
    assertThat(MqttTls.connectOptions(meter, true).isCleanSession()).isTrue();
  }

  @Test
  void serverUriBracketsIpv6() {
    assertThat(MqttTls.serverUri("127.0.0.1", 8883)).isEqualTo("ssl://127.0.0.1:8883");
    assertThat(MqttTls.serverUri("::1", 8883)).isEqualTo("ssl://[::1]:8883");
  }
}
