package org.meterflow.http.api;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.meterflow.model.meter.MeterRegistration;
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
   * Revokes a meter's certificate: the meter is suspended, its open MQTT session is dropped and
   * it cannot connect again. Empty when the serial is unknown.
   */
  CompletionStage<Optional<RegisteredMeter>> revoke(String serial);

  /**
   * The credentials of a newly registered meter, shown once.
   *
   * @param pkcs12Base64   the same key and certificate as a PKCS#12 bundle, base64
   * @param pkcs12Password the bundle's password
   */
  record MeterCredentials(String serial, String certificatePem, String privateKeyPem, String caPem,
      String pkcs12Base64, String pkcs12Password) {}
}
