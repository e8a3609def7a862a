package org.meterflow.pki;

import java.security.cert.X509Certificate;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/** Reads names out of certificates. */
public final class CertificateNames {

  private CertificateNames() {
  }

  /**
   * The subject's common name (CN), or empty when the subject has none, or more than one (an
   * ambiguous identity is no identity).
   */
  public static Optional<String> commonName(X509Certificate certificate) {
    X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    RDN[] rdns = subject.getRDNs(BCStyle.CN);
    if (rdns.length != 1 || rdns[0].isMultiValued()) {
      return Optional.empty();
    }
    // The raw string, not RFC 4514 text: "A+B" stays "A+B", not "A\+B".
    return rdns[0].getFirst().getValue() instanceof ASN1String value
        ? Optional.of(value.getString())
        : Optional.empty();
  }
}
