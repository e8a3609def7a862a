package org.meterflow.http.api;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.meterflow.model.meter.RegisteredGateway;

/** Registers gateways (data concentrators) and the meters they report for. */
public interface GatewayOnboarding {

  /**
   * Registers a gateway for already registered meters and issues its certificate (CN = id).
   * Fails with {@code AlreadyRegistered} for a known id, {@link UnknownMeters} for unregistered serials.
   */
  CompletionStage<GatewayCredentials> register(String id, List<String> meters);

  CompletionStage<Optional<RegisteredGateway>> find(String id);

  /**
   * Moves a gateway through the meters' lifecycle ({@code MeterStatus#after}): a gateway that may no
   * longer publish is shut out of the broker (directory, and CRL on Mosquitto) and its open session
   * dropped within a second; a reactivated one may connect again.
   */
  CompletionStage<StatusChange> change(String id, org.meterflow.model.meter.MeterStatus.Change change);

  /** The outcome of {@link #change}. */
  sealed interface StatusChange {
    /** Done (or already so): the gateway as it is now. */
    record Changed(RegisteredGateway gateway) implements StatusChange {}

    /** Not allowed from the gateway's current status (e.g. reactivating a revoked one). */
    record NotAllowed(RegisteredGateway gateway, String reason) implements StatusChange {}

    /** No such gateway. */
    record Unknown() implements StatusChange {}
  }

  /** The credentials of a newly registered gateway, shown once. */
  record GatewayCredentials(String id, List<String> meters, String certificatePem, String privateKeyPem, String caPem,
      String pkcs12Base64, String pkcs12Password) {}

  /** Some assigned serials are not registered meters (or are gateway ids). */
  final class UnknownMeters extends RuntimeException {
    public UnknownMeters(List<String> serials) {
      super("not registered meters: " + String.join(", ", serials));
    }
  }
}
