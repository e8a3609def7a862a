package org.meterflow.pki;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;
import org.bouncycastle.asn1.x509.CRLReason;

/**
 * One entry of a CRL: which certificate, since when, and why.
 *
 * @param serial    the certificate's serial number
 * @param revokedAt when it stopped being trusted
 * @param reason    RFC 5280 reason; {@link Reason#CERTIFICATE_HOLD} is the reversible one
 */
public record RevokedCertificate(BigInteger serial, Instant revokedAt, Reason reason) {

  public RevokedCertificate {
    Objects.requireNonNull(serial, "serial");
    Objects.requireNonNull(revokedAt, "revokedAt");
    Objects.requireNonNull(reason, "reason");
  }

  /** The RFC 5280 reasons MeterFlow uses. */
  public enum Reason {
    /** Revoked for good (lost, stolen or tampered meter). */
    KEY_COMPROMISE(CRLReason.keyCompromise),
    /** Taken out of service; history kept. */
    CESSATION_OF_OPERATION(CRLReason.cessationOfOperation),
    /** Suspended; reactivation removes the entry. */
    CERTIFICATE_HOLD(CRLReason.certificateHold);

    private final int code;

    Reason(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }
  }
}
