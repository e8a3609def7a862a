package org.meterflow.pki;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * PEM encoding and parsing (BouncyCastle's {@link PEMParser}). Keys and certificates are converted
 * with the JDK's own providers: nothing here registers BouncyCastle as a JCA provider.
 */
public final class Pem {

  private Pem() {
  }

  /** {@code -----BEGIN CERTIFICATE-----}, the form {@code mosquitto_pub --cafile/--cert} reads. */
  public static String encode(X509Certificate certificate) {
    try {
      return write("CERTIFICATE", certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("certificate cannot be encoded", e);
    }
  }

  /** {@code -----BEGIN X509 CRL-----}: what OpenSSL and Mosquitto's {@code crlfile} read. */
  public static String encode(java.security.cert.X509CRL crl) {
    try {
      return write("X509 CRL", crl.getEncoded());
    } catch (java.security.cert.CRLException e) {
      throw new IllegalStateException("cannot encode the CRL", e);
    }
  }

  /**
   * Unencrypted PKCS#8, {@code -----BEGIN PRIVATE KEY-----}, which OpenSSL and mosquitto read.
   *
   * @throws IllegalArgumentException when the key has no PKCS#8 encoding
   */
  public static String encode(PrivateKey key) {
    if (!"PKCS#8".equalsIgnoreCase(key.getFormat())) {
      throw new IllegalArgumentException("not a PKCS#8-encodable key: " + key.getFormat());
    }
    return write("PRIVATE KEY", key.getEncoded());
  }

  /** The first certificate in a PEM text. */
  public static X509Certificate certificate(String pem) {
    List<X509Certificate> all = certificates(pem);
    if (all.isEmpty()) {
      throw new IllegalArgumentException("no CERTIFICATE block in PEM text");
    }
    return all.get(0);
  }

  /** Every certificate in a PEM text (a chain or bundle), in order; other blocks are skipped. */
  public static List<X509Certificate> certificates(String pem) {
    List<X509Certificate> result = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (o instanceof X509CertificateHolder holder) {
          result.add(new JcaX509CertificateConverter().getCertificate(holder));
        }
      }
    } catch (CertificateException e) {
      throw new IllegalArgumentException("malformed certificate in PEM text", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed PEM text", e);
    }
    return result;
  }

  /**
   * The private key in a PEM text: PKCS#8 ({@code PRIVATE KEY}) or the OpenSSL traditional forms
   * ({@code EC PRIVATE KEY}, {@code RSA PRIVATE KEY}). Encrypted keys are not supported.
   */
  public static PrivateKey privateKey(String pem) {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (o instanceof PrivateKeyInfo info) {
          return new JcaPEMKeyConverter().getPrivateKey(info);
        }
        if (o instanceof PEMKeyPair pair) {
          return new JcaPEMKeyConverter().getKeyPair(pair).getPrivate();
        }
      }
    } catch (PEMException e) {
      throw new IllegalArgumentException("unsupported or malformed private key in PEM text", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed PEM text", e);
    }
    throw new IllegalArgumentException("no unencrypted PRIVATE KEY block in PEM text");
  }

  private static String write(String type, byte[] der) {
    StringWriter out = new StringWriter();
    try (PemWriter writer = new PemWriter(out)) {
      writer.writeObject(new PemObject(type, der));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.toString();
  }
}
