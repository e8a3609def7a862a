package org.meterflow.mqtt.broker;

import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.client.parameter.ClientTlsInformation;
import com.hivemq.extension.sdk.api.packets.auth.DefaultAuthorizationBehaviour;
import com.hivemq.extension.sdk.api.packets.auth.ModifiableDefaultPermissions;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;
import org.meterflow.model.port.BrokerClientDirectory;
import org.meterflow.model.port.BrokerClientDirectory.BrokerClient;
import org.meterflow.mqtt.broker.Refusals.Reason;
import org.meterflow.pki.CertificateNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a client in when the TLS layer saw a client certificate (which then chains to our CA: the
 * listener requires and verifies it), its CN equals the MQTT client id, and the directory knows
 * that id; then sets the client's topic permissions by kind ({@link ClientPermissions}). Every
 * refusal is counted by reason; the client only learns "not authorized" (CONNACK return code 5 on
 * MQTT 3.1.1), not why. Stateless, so one instance serves all connections.
 */
final class CertificateAuthenticator implements SimpleAuthenticator {

  private static final Logger log = LoggerFactory.getLogger(CertificateAuthenticator.class);

  private final BrokerClientDirectory directory;
  private final Refusals refusals;
  /** Admitted, not yet initialised by the broker: client id → kind (entries live for a moment). */
  private final java.util.concurrent.ConcurrentHashMap<String, BrokerClient.Kind> admitted =
      new java.util.concurrent.ConcurrentHashMap<>();

  CertificateAuthenticator(BrokerClientDirectory directory, Refusals refusals) {
    this.directory = Objects.requireNonNull(directory, "directory");
    this.refusals = Objects.requireNonNull(refusals, "refusals");
  }

  @Override
  public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
    String clientId = input.getClientInformation().getClientId();
    Optional<X509Certificate> certificate = input.getConnectionInformation()
        .getClientTlsInformation()
        .flatMap(ClientTlsInformation::getClientCertificate);
    if (certificate.isEmpty()) {
      refuse(output, clientId, Reason.NO_CERTIFICATE);
      return;
    }
    Optional<String> commonName = CertificateNames.commonName(certificate.get());
    if (commonName.isEmpty() || !commonName.get().equals(clientId)) {
      refuse(output, clientId, Reason.CLIENT_ID_MISMATCH);
      return;
    }
    if (!ClientPermissions.isSafeTopicLevel(clientId)) {
      refuse(output, clientId, Reason.INVALID_CLIENT_ID);
      return;
    }
    Optional<BrokerClient> client;
    try {
      client = directory.lookup(clientId);
    } catch (RuntimeException e) {
      log.warn("Broker client directory failed for '{}'; refusing the connection", clientId, e);
      refusals.count(Reason.DIRECTORY_ERROR);
      output.failAuthentication(ConnackReasonCode.SERVER_UNAVAILABLE);
      return;
    }
    if (client.isEmpty()) {
      refuse(output, clientId, Reason.UNREGISTERED);
      return;
    }
    ModifiableDefaultPermissions permissions = output.getDefaultPermissions();
    permissions.clear();
    permissions.addAll(ClientPermissions.of(client.get()));
    permissions.setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
    admitted.put(clientId, client.get().kind());
    output.authenticateSuccessfully();
    log.debug("Client '{}' ({}) connected", clientId, client.get().kind());
  }

  /**
   * The kind of a client just admitted, once (the broker's client initializer takes it to decide
   * whether the client's readings are handed over); empty for a client not admitted here.
   */
  Optional<BrokerClient.Kind> takeAdmittedKind(String clientId) {
    return Optional.ofNullable(admitted.remove(clientId));
  }

  private void refuse(SimpleAuthOutput output, String clientId, Reason reason) {
    refusals.count(reason);
    log.debug("Refused MQTT client '{}': {}", clientId, reason.code());
    output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED);
  }
}
