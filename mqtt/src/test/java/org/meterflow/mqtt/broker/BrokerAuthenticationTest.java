package org.meterflow.mqtt.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
    MqttSecurityException e = assertThrows(MqttSecurityException.class,
        () -> fixture.connect("A404", fixture.certificate("A404")));
    assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, e.getReasonCode());
    assertEquals(before + 1, fixture.refusals(Reason.UNREGISTERED));
  }

  @Test
  void clientIdOtherThanTheCommonNameIsRefused() throws Exception {
    IssuedCertificate a1 = fixture.register("A1", Kind.METER);
    fixture.registered.put("A2", Kind.METER);
    long before = fixture.refusals(Reason.CLIENT_ID_MISMATCH);

    // A1's certificate used to connect as A2 (both registered).
    MqttSecurityException e = assertThrows(MqttSecurityException.class, () -> fixture.connect("A2", a1));
    assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, e.getReasonCode());
    assertEquals(before + 1, fixture.refusals(Reason.CLIENT_ID_MISMATCH));
  }

  @Test
  void certificateFromAnotherCaIsRefusedAtTls(@TempDir Path otherCa) throws Exception {
    fixture.registered.put("A5", Kind.METER);
    IssuedCertificate foreign = CertificateAuthority.loadOrCreate(otherCa, "Stranger CA")
        .issueClient("A5", Duration.ofDays(1));
    Map<String, Long> before = fixture.broker.refusals();

    // It trusts our CA (accepts the broker) but presents the stranger's certificate.
    MqttException e = assertThrows(MqttException.class, () -> fixture.connect("A5",
        MqttTls.socketFactory(foreign.certificatePem(), foreign.privateKeyPem(), fixture.ca.caPem())));
    assertFalse(e instanceof MqttSecurityException, "refused by TLS, before MQTT: " + e);
    assertInstanceOf(SSLHandshakeException.class, e.getCause(), "bad_certificate alert");
    assertEquals(before, fixture.broker.refusals(), "never reached the authenticator");
  }

  @Test
  void expiredCertificateOfARegisteredMeterIsRefusedAtTls() throws Exception {
    fixture.registered.put("A6", Kind.METER);
    java.time.Instant now = java.time.Instant.now();
    IssuedCertificate expired = fixture.ca.issueClient("A6", now.minus(Duration.ofDays(30)), now.minus(Duration.ofMinutes(1)));
    Map<String, Long> before = fixture.broker.refusals();

    MqttException e = assertThrows(MqttException.class, () -> fixture.connect("A6", expired));
    assertFalse(e instanceof MqttSecurityException, "refused by TLS, before MQTT: " + e);
    assertInstanceOf(SSLHandshakeException.class, e.getCause(), "certificate_expired alert");
    assertEquals(before, fixture.broker.refusals(), "never reached the authenticator");
  }

  @Test
  void clientWithoutCertificateIsRefusedAtTls() throws Exception {
    fixture.registered.put("A8", Kind.METER);
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(TlsContexts.trustStore(fixture.ca.caPem()));
    SSLContext trustOnly = SSLContext.getInstance("TLS");
    trustOnly.init(null, trust.getTrustManagers(), null);

    MqttException e = assertThrows(MqttException.class,
        () -> fixture.connect("A8", trustOnly.getSocketFactory()));
    assertFalse(e instanceof MqttSecurityException, "refused by TLS, before MQTT: " + e);
    assertInstanceOf(SSLHandshakeException.class, e.getCause(), "bad_certificate alert");
  }

  @Test
  void clientIdThatWouldWidenTopicPermissionsIsRefused() throws Exception {
    fixture.registered.put("+", Kind.METER);
    long before = fixture.refusals(Reason.INVALID_CLIENT_ID);
    assertThrows(MqttSecurityException.class, () -> fixture.connect("+", fixture.certificate("+")));
    assertEquals(before + 1, fixture.refusals(Reason.INVALID_CLIENT_ID));
  }

  @Test
  void directoryFailureRefusesInsteadOfLettingIn() throws Exception {
    fixture.registered.put("A-db", Kind.METER);
    fixture.failing.add("A-db");
    long before = fixture.refusals(Reason.DIRECTORY_ERROR);

    MqttException e = assertThrows(MqttException.class, () -> fixture.connect("A-db", fixture.certificate("A-db")));
    assertEquals(3, e.getReasonCode(), "CONNACK 3: server unavailable");
    assertEquals(before + 1, fixture.refusals(Reason.DIRECTORY_ERROR));
  }

  @Test
  void everyReasonIsReportedEvenAtZero() {
    assertEquals(java.util.Set.of("unregistered", "client-id-mismatch", "no-certificate", "invalid-client-id",
        "directory-error"), fixture.broker.refusals().keySet());
  }
}
