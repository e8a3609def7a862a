package org.meterflow.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {

  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

  @TempDir
  Path dir;

  private CertificateAuthority ca;

  @BeforeEach
  void createCa() {
    ca = CertificateAuthority.loadOrCreate(dir, "MeterFlow Test CA");
  }

  @Test
  void clientCertificateChainsToTheCaWithCnAndClientAuth() throws Exception {
    IssuedCertificate issued = ca.issueClient("M0000001", Duration.ofDays(365));
    X509Certificate cert = issued.certificate();

    validate(cert, ca.caCertificate());
    assertEquals("M0000001", issued.commonName());
    assertEquals(List.of(CLIENT_AUTH), cert.getExtendedKeyUsage());
    assertEquals(-1, cert.getBasicConstraints(), "not a CA");
    assertTrue(cert.getKeyUsage()[0], "digitalSignature");
    assertEquals("EC", cert.getPublicKey().getAlgorithm());
    assertTrue(cert.getSerialNumber().signum() > 0 && cert.getSerialNumber().bitLength() <= 128);
    assertTrue(cert.getNotAfter().toInstant().isAfter(Instant.now().plus(Duration.ofDays(364))));
    assertEquals(ca.caPem(), issued.caPem());
  }

  @Test
  void caCertificateIsASelfSignedCa() throws Exception {
    X509Certificate caCert = ca.caCertificate();
    caCert.verify(caCert.getPublicKey());
    assertEquals(0, caCert.getBasicConstraints());
    assertTrue(caCert.getKeyUsage()[5], "keyCertSign");
    assertEquals("MeterFlow Test CA", CertificateNames.commonName(caCert).orElseThrow());
  }

  @Test
  void reloadingFromDiskGivesTheSameCa() throws Exception {
    CertificateAuthority reloaded = CertificateAuthority.loadOrCreate(dir, "ignored for an existing CA");
    assertEquals(ca.caCertificate(), reloaded.caCertificate());
    assertEquals(ca.caPem(), reloaded.caPem());
    // The reloaded key signs certificates the original CA certificate verifies.
    validate(reloaded.issueClient("M2", Duration.ofDays(1)).certificate(), ca.caCertificate());

    Path key = dir.resolve(CertificateAuthority.CA_KEY_FILE);
    if (Files.getFileStore(key).supportsFileAttributeView("posix")) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    }
    assertTrue(Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----"));
    assertEquals(List.of(), leftoverTempFiles());
  }

  @Test
  void refusesAnIncompleteOrMismatchedCa(@TempDir Path other) throws Exception {
    Files.delete(dir.resolve(CertificateAuthority.CA_KEY_FILE));
    assertThrows(IllegalStateException.class, () -> CertificateAuthority.loadOrCreate(dir, "x"));

    CertificateAuthority.loadOrCreate(other, "Other CA");
    Files.copy(other.resolve(CertificateAuthority.CA_KEY_FILE), dir.resolve(CertificateAuthority.CA_KEY_FILE));
    assertThrows(IllegalStateException.class, () -> CertificateAuthority.loadOrCreate(dir, "x"));
  }

  @Test
  void serverCertificateCarriesDnsAndIpSans() throws Exception {
    IssuedCertificate server = ca.issueServer("broker",
        List.of("localhost", "127.0.0.1", "::1", "mqtt.example.org"), Duration.ofDays(30));
    X509Certificate cert = server.certificate();

    validate(cert, ca.caCertificate());
    assertEquals(List.of(SERVER_AUTH), cert.getExtendedKeyUsage());
    Set<String> sans = cert.getSubjectAlternativeNames().stream()
        .map(san -> san.get(0) + ":" + san.get(1))
        .collect(Collectors.toSet());
    assertEquals(Set.of("2:localhost", "7:127.0.0.1", "7:0:0:0:0:0:0:0:1", "2:mqtt.example.org"), sans);
  }

  @Test
  void certificateFromAnotherCaDoesNotValidate(@TempDir Path other) {
    CertificateAuthority stranger = CertificateAuthority.loadOrCreate(other, "Stranger CA");
    X509Certificate foreign = stranger.issueClient("M0000001", Duration.ofDays(1)).certificate();
    assertThrows(CertPathValidatorException.class, () -> validate(foreign, ca.caCertificate()));
  }

  @Test
  void pkcs12RoundTrip() throws Exception {
    IssuedCertificate issued = ca.issueClient("G01", Duration.ofDays(10));
    char[] password = "s3cret".toCharArray();

    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(new ByteArrayInputStream(issued.toPkcs12(password)), password);

    assertEquals(List.of("g01"), List.copyOf(java.util.Collections.list(store.aliases())),
        "PKCS#12 aliases are lower-cased by the JDK");
    assertEquals(issued.privateKey(), store.getKey("g01", password));
    assertArrayEquals(new Object[] {issued.certificate(), ca.caCertificate()}, store.getCertificateChain("g01"));
  }

  @Test
  void pemRoundTrip() {
    IssuedCertificate issued = ca.issueClient("svc-ingest", Duration.ofDays(10));
    assertTrue(issued.privateKeyPem().startsWith("-----BEGIN PRIVATE KEY-----"));
    assertEquals(issued.certificate(), Pem.certificate(issued.certificatePem()));
    assertEquals(issued.privateKey(), Pem.privateKey(issued.privateKeyPem()));
    assertEquals(List.of(issued.certificate(), ca.caCertificate()),
        Pem.certificates(issued.certificatePem() + issued.caPem()));
    assertFalse(issued.toString().contains("PRIVATE"), "toString leaves the key out");
  }

  @Test
  void concurrentIssuingGivesDistinctValidCertificates() throws Exception {
    List<IssuedCertificate> issued = IntStream.range(0, 200).parallel()
        .mapToObj(i -> ca.issueClient("M" + i, Duration.ofDays(1)))
        .toList();
    Set<Object> serials = new HashSet<>();
    for (IssuedCertificate c : issued) {
      validate(c.certificate(), ca.caCertificate());
      serials.add(c.certificate().getSerialNumber());
    }
    assertEquals(200, serials.size());
  }

  @Test
  void validityIsCappedAtTheCas() {
    X509Certificate cert = ca.issueClient("M1", Duration.ofDays(100 * 365)).certificate();
    assertEquals(ca.caCertificate().getNotAfter(), cert.getNotAfter());
  }

  @Test
  void rejectsBadArguments() {
    assertThrows(IllegalArgumentException.class, () -> ca.issueClient(" ", Duration.ofDays(1)));
    assertThrows(IllegalArgumentException.class, () -> ca.issueClient("M1", Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> ca.issueServer("b", List.of(), Duration.ofDays(1)));
  }

  static void validate(X509Certificate cert, X509Certificate caCert) throws Exception {
    PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(caCert, null)));
    params.setRevocationEnabled(false);
    CertPathValidator.getInstance("PKIX")
        .validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(cert)), params);
  }

  private List<Path> leftoverTempFiles() throws Exception {
    try (var files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
    }
  }
}
