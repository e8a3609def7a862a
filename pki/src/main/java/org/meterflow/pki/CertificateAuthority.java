package org.meterflow.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.security.cert.X509CRL;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform CA: a self-signed EC P-256 CA kept as {@code ca.pem} and
 * {@code ca-key.pem} in one directory, created on first start and loaded afterwards. It signs
 * client certificates (meters, gateways, services; CN = their id) and the broker's server
 * certificate.
 *
 * <p>EC P-256 rather than RSA: Mosquitto/OpenSSL, the JDK (HiveMQ's Netty, Paho) and the common
 * embedded TLS stacks (mbedTLS, wolfSSL) all do ECDSA P-256, and a key pair costs about a
 * millisecond instead of ~50–100 ms for RSA-2048, which matters for bulk registration.
 *
 * <p>Thread-safe: issuing shares no mutable state (each call has its own key generator and signer).
 * One process owns the directory; two processes creating it at the same moment is not handled.
 */
public final class CertificateAuthority {

  public static final String CA_CERT_FILE = "ca.pem";
  public static final String CA_KEY_FILE = "ca-key.pem";

  /** How long a newly created CA is valid. */
  public static final Duration CA_VALIDITY = Duration.ofDays(20 * 365);

  /** Certificates start this far in the past, so a meter whose clock lags still accepts them. */
  static final Duration BACKDATE = Duration.ofMinutes(5);

  private static final Logger log = LoggerFactory.getLogger(CertificateAuthority.class);
  private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final X509Certificate caCertificate;
  private final PrivateKey caKey;
  private final String caPem;

  private CertificateAuthority(X509Certificate caCertificate, PrivateKey caKey) {
    this.caCertificate = caCertificate;
    this.caKey = caKey;
    this.caPem = Pem.encode(caCertificate);
  }

  /**
   * Loads the CA from {@code dir}, or creates it there (CN = {@code caName}) when neither file
   * exists. {@code caName} is ignored for an existing CA. Fails when only one of the two files is
   * present or they do not belong together, rather than overwrite anything.
   */
  public static CertificateAuthority loadOrCreate(Path dir, String caName) {
    Objects.requireNonNull(dir, "dir");
    requireName(caName, "caName");
    Path certFile = dir.resolve(CA_CERT_FILE);
    Path keyFile = dir.resolve(CA_KEY_FILE);
    try {
      boolean certExists = Files.exists(certFile);
      boolean keyExists = Files.exists(keyFile);
      if (certExists && keyExists) {
        return load(certFile, keyFile);
      }
      if (certExists || keyExists) {
        throw new IllegalStateException("incomplete CA in " + dir + ": need both " + CA_CERT_FILE
            + " and " + CA_KEY_FILE + "; refusing to overwrite the one that exists");
      }
      return create(dir, caName, certFile, keyFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load or create the CA in " + dir, e);
    }
  }

  /** The CA certificate as PEM: what clients pass as {@code --cafile}. */
  public String caPem() {
    return caPem;
  }

  public X509Certificate caCertificate() {
    return caCertificate;
  }

  /**
   * A client certificate (extended key usage clientAuth) for a meter serial, gateway id or
   * service name, with a fresh EC P-256 key. The validity is capped at the CA's own.
   */
  public IssuedCertificate issueClient(String commonName, Duration validity) {
    requireName(commonName, "commonName");
    return issue(commonName, validity, KeyPurposeId.id_kp_clientAuth, List.of());
  }

  /**
   * A server certificate (extended key usage serverAuth) whose subject alternative names are the
   * given DNS names and IP addresses (IPv4/IPv6 literals become IP entries), so clients verify
   * {@code localhost} and {@code 127.0.0.1} without {@code --insecure}.
   */
  public IssuedCertificate issueServer(String commonName, List<String> hostsAndIps, Duration validity) {
    requireName(commonName, "commonName");
    if (hostsAndIps == null || hostsAndIps.isEmpty()) {
      throw new IllegalArgumentException("a server certificate needs at least one host name or IP");
    }
    return issue(commonName, validity, KeyPurposeId.id_kp_serverAuth, hostsAndIps);
  }

  private IssuedCertificate issue(String commonName, Duration validity, KeyPurposeId purpose,
      List<String> hostsAndIps) {
    if (validity == null || validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("validity must be positive: " + validity);
    }
    try {
      KeyPair keyPair = newKeyPair();
      Instant now = Instant.now();
      Instant notAfter = now.plus(validity);
      Instant caNotAfter = caCertificate.getNotAfter().toInstant();
      if (notAfter.isAfter(caNotAfter)) {
        notAfter = caNotAfter;
      }
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCertificate, newSerial(),
          Date.from(now.minus(BACKDATE)), Date.from(notAfter), subject(commonName), keyPair.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
          .addExtension(Extension.subjectKeyIdentifier, false,
              extensions.createSubjectKeyIdentifier(keyPair.getPublic()))
          .addExtension(Extension.authorityKeyIdentifier, false,
              extensions.createAuthorityKeyIdentifier(caCertificate));
      if (!hostsAndIps.isEmpty()) {
        builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames(hostsAndIps));
      }
      X509Certificate certificate = sign(builder, caKey);
      return new IssuedCertificate(certificate, keyPair.getPrivate(), caCertificate);
    } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot issue a certificate for " + commonName, e);
    }
  }

  /**
   * A certificate revocation list (X.509 v2, RFC 5280) signed by this CA, listing {@code revoked}
   * (a serial may appear once). Brokers that check CRLs (Mosquitto's {@code crlfile}) refuse those
   * certificates during the handshake. OpenSSL refuses every client once {@code nextUpdate} has
   * passed, so whoever writes the CRL must rewrite it before then. The CRL number is
   * {@code thisUpdate} in milliseconds, so later lists have larger numbers.
   */
  public X509CRL crl(Collection<RevokedCertificate> revoked, Instant thisUpdate, Instant nextUpdate) {
    Objects.requireNonNull(revoked, "revoked");
    if (!nextUpdate.isAfter(thisUpdate)) {
      throw new IllegalArgumentException("nextUpdate must be after thisUpdate");
    }
    try {
      X509v2CRLBuilder builder = new JcaX509v2CRLBuilder(caCertificate.getSubjectX500Principal(),
          Date.from(thisUpdate));
      builder.setNextUpdate(Date.from(nextUpdate));
      for (RevokedCertificate entry : revoked) {
        builder.addCRLEntry(entry.serial(), Date.from(entry.revokedAt()), entry.reason().code());
      }
      builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(thisUpdate.toEpochMilli())));
      builder.addExtension(Extension.authorityKeyIdentifier, false,
          new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(caCertificate));
      return new JcaX509CRLConverter().getCRL(builder.build(
          new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(caKey)));
    } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot sign the CRL", e);
    }
  }

  /** A client certificate for {@code commonName} valid only between the two instants (tests, tools). */
  public IssuedCertificate issueClient(String commonName, Instant notBefore, Instant notAfter) {
    requireName(commonName, "commonName");
    if (!notAfter.isAfter(notBefore)) {
      throw new IllegalArgumentException("notAfter must be after notBefore");
    }
    try {
      KeyPair keyPair = newKeyPair();
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCertificate, newSerial(),
          Date.from(notBefore), Date.from(notAfter), subject(commonName), keyPair.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth))
          .addExtension(Extension.authorityKeyIdentifier, false,
              extensions.createAuthorityKeyIdentifier(caCertificate));
      return new IssuedCertificate(sign(builder, caKey), keyPair.getPrivate(), caCertificate);
    } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot issue a certificate for " + commonName, e);
    }
  }

  private static CertificateAuthority create(Path dir, String caName, Path certFile, Path keyFile)
      throws IOException {
    X509Certificate certificate;
    KeyPair keyPair;
    try {
      keyPair = newKeyPair();
      Instant now = Instant.now();
      X500Name name = subject(caName);
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, newSerial(),
          Date.from(now.minus(BACKDATE)), Date.from(now.plus(CA_VALIDITY)), name, keyPair.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false,
              extensions.createSubjectKeyIdentifier(keyPair.getPublic()));
      certificate = sign(builder, keyPair.getPrivate());
    } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
      throw new IllegalStateException("cannot create the CA " + caName, e);
    }
    Files.createDirectories(dir);
    // Key first and owner-only from the start; each file appears whole (written aside, then moved).
    AtomicFiles.write(keyFile, Pem.encode(keyPair.getPrivate()), true);
    AtomicFiles.write(certFile, Pem.encode(certificate), false);
    log.info("Created platform CA '{}' in {} (serial {}, valid until {})", caName, dir,
        certificate.getSerialNumber().toString(16), certificate.getNotAfter().toInstant());
    return new CertificateAuthority(certificate, keyPair.getPrivate());
  }

  private static CertificateAuthority load(Path certFile, Path keyFile) throws IOException {
    X509Certificate certificate = Pem.certificate(Files.readString(certFile, StandardCharsets.US_ASCII));
    PrivateKey key = Pem.privateKey(Files.readString(keyFile, StandardCharsets.US_ASCII));
    if (certificate.getBasicConstraints() < 0) {
      throw new IllegalStateException(certFile + " is not a CA certificate");
    }
    if (!belongTogether(certificate.getPublicKey(), key)) {
      throw new IllegalStateException(keyFile + " is not the key of " + certFile);
    }
    log.info("Loaded platform CA '{}' from {} (valid until {})",
        CertificateNames.commonName(certificate).orElse("?"), certFile.getParent(),
        certificate.getNotAfter().toInstant());
    return new CertificateAuthority(certificate, key);
  }

  private static boolean belongTogether(PublicKey publicKey, PrivateKey privateKey) {
    try {
      byte[] probe = new byte[32];
      RANDOM.nextBytes(probe);
      Signature signer = Signature.getInstance(SIGNATURE_ALGORITHM);
      signer.initSign(privateKey);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(SIGNATURE_ALGORITHM);
      verifier.initVerify(publicKey);
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey)
      throws OperatorCreationException, CertificateException {
    return new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(signingKey)));
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    return generator.generateKeyPair();
  }

  /** A random positive 128-bit serial number (RFC 5280 allows up to 20 octets). */
  private static BigInteger newSerial() {
    BigInteger serial;
    do {
      serial = new BigInteger(128, RANDOM);
    } while (serial.signum() == 0);
    return serial;
  }

  private static X500Name subject(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
  }

  private static GeneralNames alternativeNames(List<String> hostsAndIps) {
    GeneralName[] names = hostsAndIps.stream()
        .map(String::trim)
        .filter(h -> !h.isEmpty())
        .map(h -> IPAddress.isValid(h)
            ? new GeneralName(GeneralName.iPAddress, h)
            : new GeneralName(GeneralName.dNSName, h))
        .toArray(GeneralName[]::new);
    if (names.length == 0) {
      throw new IllegalArgumentException("no usable host name or IP in " + hostsAndIps);
    }
    return new GeneralNames(names);
  }

  private static void requireName(String name, String what) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
  }
}
