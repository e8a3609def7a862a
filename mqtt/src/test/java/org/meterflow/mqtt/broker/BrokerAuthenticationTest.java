package org.meterflow.mqtt.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttSecurityException;
import org.meterflow.model.port.BrokerClientDirectory.BrokerClient.Kind;
import org.meterflow.mqtt.broker.Refusals.Reason;
import org.meterflow.mqtt.client.MqttTls;
import org.meterflow.pki.CertificateAuthority;
import org.meterflow.pki.IssuedCertificate;
import org.meterflow.pki.TlsContexts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Who gets in: certificate, CN = client id, registration; refusals counted by reason. */
@ExtendWith(BrokerFixture.Shared.class)
class BrokerAuthenticationTest {

  private static BrokerFixture fixture;

  @BeforeAll
  static void broker(BrokerFixture shared) {
    fixture = shared;
  }

  @Test
  void unregisteredCommonNameIsRefused() throws Exception {
    long before = fixture.refusals(Reason.UNREGISTERED);
    MqttSecurityException e = assertThatExceptionOfType(MqttSecurityException.class)
        .isThrownBy(() -> fixture.connect("A404", fixture.certificate("A404"))).actual();
    assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED);
    assertThat(fixture.refusals(Reason.UNREGISTERED)).isEqualTo(before + 1);
  }

  @Test
  void clientIdOtherThanTheCommonNameIsRefused() throws Exception {
    IssuedCertificate a1 = fixture.register("A1", Kind.METER);
    fixture.registered.put("A2", Kind.METER);
    long before = fixture.refusals(Reason.CLIENT_ID_MISMATCH);

    // A1's certificate used to connect as A2 (both registered).
    MqttSecurityException e = assertThatExceptionOfType(MqttSecurityException.class)
        .isThrownBy(() -> fixture.connect("A2", a1)).actual();
    assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED);
    assertThat(fixture.refusals(Reason.CLIENT_ID_MISMATCH)).isEqualTo(before + 1);
  }

  @Test
  void certificateFromAnotherCaIsRefusedAtTls(@TempDir Path otherCa) throws Exception {
    fixture.registered.put("A5", Kind.METER);
    IssuedCertificate foreign = CertificateAuthority.loadOrCreate(otherCa, "Stranger CA")
        .issueClient("A5", Duration.ofDays(1));
    Map<String, Long> before = fixture.broker.refusals();

    // It trusts our CA (accepts the broker) but presents the stranger's certificate.
    MqttException e = assertThatExceptionOfType(MqttException.class).isThrownBy(() -> fixture.connect("A5",
        MqttTls.socketFactory(foreign.certificatePem(), foreign.privateKeyPem(), fixture.ca.caPem()))).actual();
    assertThat(e).as("refused by TLS, before MQTT: " + e).isNotInstanceOf(MqttSecurityException.class);
    assertThat(e.getCause()).as("bad_certificate alert").isInstanceOf(SSLHandshakeException.class);
    assertThat(fixture.broker.refusals()).as("never reached the authenticator").isEqualTo(before);
  }

  @Test
  void expiredCertificateOfARegisteredMeterIsRefusedAtTls() throws Exception {
    fixture.registered.put("A6", Kind.METER);
    java.time.Instant now = java.time.Instant.now();
    IssuedCertificate expired = fixture.ca.issueClient("A6", now.minus(Duration.ofDays(30)), now.minus(Duration.ofMinutes(1)));
    Map<String, Long> before = fixture.broker.refusals();

    MqttException e = assertThatExceptionOfType(MqttException.class).isThrownBy(() -> fixture.connect("A6", expired))
        .actual();
    assertThat(e).as("refused by TLS, before MQTT: " + e).isNotInstanceOf(MqttSecurityException.class);
    assertThat(e.getCause()).as("certificate_expired alert").isInstanceOf(SSLHandshakeException.class);
    assertThat(fixture.broker.refusals()).as("never reached the authenticator").isEqualTo(before);
  }

  @Test
  void clientWithoutCertificateIsRefusedAtTls() throws Exception {
    fixture.registered.put("A8", Kind.METER);
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(TlsContexts.trustStore(fixture.ca.caPem()));
    SSLContext trustOnly = SSLContext.getInstance("TLS");
    trustOnly.init(null, trust.getTrustManagers(), null);

    MqttException e = assertThatExceptionOfType(MqttException.class)
        .isThrownBy(() -> fixture.connect("A8", trustOnly.getSocketFactory())).actual();
    assertThat(e).as("refused by TLS, before MQTT: " + e).isNotInstanceOf(MqttSecurityException.class);
    assertThat(e.getCause()).as("bad_certificate alert").isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void clientIdThatWouldWidenTopicPermissionsIsRefused() throws Exception {
    fixture.registered.put("+", Kind.METER);
    long before = fixture.refusals(Reason.INVALID_CLIENT_ID);
    assertThatThrownBy(() -> fixture.connect("+", fixture.certificate("+"))).isInstanceOf(MqttSecurityException.class);
    assertThat(fixture.refusals(Reason.INVALID_CLIENT_ID)).isEqualTo(before + 1);
  }

  @Test
  void directoryFailureRefusesInsteadOfLettingIn() throws Exception {
    fixture.registered.put("A-db", Kind.METER);
    fixture.failing.add("A-db");
    long before = fixture.refusals(Reason.DIRECTORY_ERROR);

    MqttException e = assertThatExceptionOfType(MqttException.class)
        .isThrownBy(() -> fixture.connect("A-db", fixture.certificate("A-db"))).actual();
    assertThat(e.getReasonCode()).as("CONNACK 3: server unavailable").isEqualTo(3);
    assertThat(fixture.refusals(Reason.DIRECTORY_ERROR)).isEqualTo(before + 1);
  }

  @Test
  void everyReasonIsReportedEvenAtZero() {
    assertThat(fixture.broker.refusals().keySet()).containsExactlyInAnyOrder("unregistered", "client-id-mismatch",
        "no-certificate", "invalid-client-id", "directory-error");
  }
}
