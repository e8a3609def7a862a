package org.meterflow.http.api;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.meterflow.model.meter.MeterRegistration;
import org.meterflow.model.meter.MeterStatus;
import org.meterflow.model.meter.RegisteredMeter;

/**
 * The registration path the HTTP layer drives: registry row, certificate from the platform CA,
 * meter entity, broker admission. Implemented by the application wiring.
 */
public interface MeterOnboarding {

  /** Registers a meter and issues its credentials; fails with {@code AlreadyRegistered} for a known serial. */
  CompletionStage<MeterCredentials> register(MeterRegistration registration);

  CompletionStage<Optional<RegisteredMeter>> find(String serial);

  /**
   * Registers all meters or none (one registry transaction); fails with {@code AlreadyRegistered}
   * naming a serial that exists, and then nothing was registered. Credentials in input order.
   */
  CompletionStage<java.util.List<MeterCredentials>> registerAll(java.util.List<MeterRegistration> registrations);

  /**
   * Revokes a meter's certificate: the meter is suspended, its open MQTT session is dropped and
   * it cannot connect again. Empty when the serial is unknown.
   */
  default CompletionStage<Optional<RegisteredMeter>> revoke(String serial) {
    return change(serial, MeterStatus.Change.REVOKE).thenApply(StatusChange::current);
  }

  /**
   * Moves a meter through its lifecycle ({@link MeterStatus#after}): revoke, suspend,
   * reactivate, decommission. A meter that may no longer publish is shut out of the broker and its
   * open session dropped within a second; a reactivated one may connect again.
   */
  CompletionStage<StatusChange> change(String serial, MeterStatus.Change change);

  /** The outcome of {@link #change}. */
  sealed interface StatusChange {
    /** The meter after the attempt; empty when unknown. */
    default Optional<RegisteredMeter> current() {
      if (this instanceof Changed changed) {
        return Optional.of(changed.meter());
      }
      if (this instanceof NotAllowed refused) {
        return Optional.of(refused.meter());
      }
      return Optional.empty();
    }

    /** Done (or already so): the meter as it is now. */
    record Changed(RegisteredMeter meter) implements StatusChange {}

    /** Not allowed from the meter's current status (e.g. reactivating a revoked meter). */
    record NotAllowed(RegisteredMeter meter, String reason) implements StatusChange {}

    /** No such meter. */
    record Unknown() implements StatusChange {}
  }

  /**
   * The credentials of a newly registered meter, shown once.
   *
   * @param pkcs12Base64   the same key and certificate as a PKCS#12 bundle, base64
   * @param pkcs12Password the bundle's password
   */
  record MeterCredentials(String serial, String certificatePem, String privateKeyPem, String caPem,
      String pkcs12Base64, String pkcs12Password) {}
}
