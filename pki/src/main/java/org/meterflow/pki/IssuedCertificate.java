package org.meterflow.pki;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A key pair's certificate signed by the platform CA, with its private key: the bundle handed out
 * once at registration as PEM ({@code certificatePem, privateKeyPem, caPem}) or PKCS#12.
 *
 * @param certificate   the issued certificate
 * @param privateKey    its private key; never logged ({@link #toString()} leaves it out)
 * @param caCertificate the CA certificate that signed it
 */
public record IssuedCertificate(X509Certificate certificate, PrivateKey privateKey, X509Certificate caCertificate) {

  public IssuedCertificate {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(caCertificate, "caCertificate");
  }

  /** The subject CN: the meter serial, gateway id or service name. */
  public String commonName() {
    return CertificateNames.commonName(certificate).orElseThrow();
  }

  public String certificatePem() {
    return Pem.encode(certificate);
  }

  /** Unencrypted PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}), as mosquitto_pub --key reads. */
  public String privateKeyPem() {
    return Pem.encode(privateKey);
  }

  public String caPem() {
    return Pem.encode(caCertificate);
  }

  /**
   * A PKCS#12 file holding the key under the alias {@link #commonName()} with the chain
   * (certificate, CA); key and store share {@code password}. JDK 17 protects it with
   * PBES2/AES-256 and an HMAC-SHA256 MAC, which OpenSSL 3 reads without {@code -legacy}.
   */
  public byte[] toPkcs12(char[] password) {
    try {
      KeyStore store = TlsContexts.keyStore(this, password);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      store.store(out, password);
      return out.toByteArray();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build PKCS#12 for " + commonName(), e);
    }
  }

  @Override
  public String toString() {
    return "IssuedCertificate[subject=" + certificate.getSubjectX500Principal().getName()
        + ", serial=" + certificate.getSerialNumber().toString(16)
        + ", notAfter=" + certificate.getNotAfter().toInstant() + "]";
  }
}
