package org.meterflow.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    assertThat(issued.commonName()).isEqualTo("M0000001");
    assertThat(cert.getExtendedKeyUsage()).isEqualTo(List.of(CLIENT_AUTH));
    assertThat(cert.getBasicConstraints()).as("not a CA").isEqualTo(-1);
    assertThat(cert.getKeyUsage()[0]).as("digitalSignature").isTrue();
    assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(cert.getSerialNumber().signum() > 0 && cert.getSerialNumber().bitLength() <= 128).isTrue();
    assertThat(cert.getNotAfter().toInstant().isAfter(Instant.now().plus(Duration.ofDays(364)))).isTrue();
    assertThat(issued.caPem()).isEqualTo(ca.caPem());
  }

  @Test
  void caCertificateIsASelfSignedCa() throws Exception {
    X509Certificate caCert = ca.caCertificate();
    caCert.verify(caCert.getPublicKey());
    assertThat(caCert.getBasicConstraints()).isEqualTo(0);
    assertThat(caCert.getKeyUsage()[5]).as("keyCertSign").isTrue();
    assertThat(CertificateNames.commonName(caCert).orElseThrow()).isEqualTo("MeterFlow Test CA");
  }

  @Test
  void reloadingFromDiskGivesTheSameCa() throws Exception {
    CertificateAuthority reloaded = CertificateAuthority.loadOrCreate(dir, "ignored for an existing CA");
    assertThat(reloaded.caCertificate()).isEqualTo(ca.caCertificate());
    assertThat(reloaded.caPem()).isEqualTo(ca.caPem());
    // The reloaded key signs certificates the original CA certificate verifies.
    validate(reloaded.issueClient("M2", Duration.ofDays(1)).certificate(), ca.caCertificate());

    Path key = dir.resolve(CertificateAuthority.CA_KEY_FILE);
    if (Files.getFileStore(key).supportsFileAttributeView("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    }
    assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(leftoverTempFiles()).isEmpty();
  }

  @Test
  void refusesAnIncompleteOrMismatchedCa(@TempDir Path other) throws Exception {
    Files.delete(dir.resolve(CertificateAuthority.CA_KEY_FILE));
    assertThatThrownBy(() -> CertificateAuthority.loadOrCreate(dir, "x")).isInstanceOf(IllegalStateException.class);

    CertificateAuthority.loadOrCreate(other, "Other CA");
    Files.copy(other.resolve(CertificateAuthority.CA_KEY_FILE), dir.resolve(CertificateAuthority.CA_KEY_FILE));
    assertThatThrownBy(() -> CertificateAuthority.loadOrCreate(dir, "x")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void serverCertificateCarriesDnsAndIpSans() throws Exception {
    IssuedCertificate server = ca.issueServer("broker",
        List.of("localhost", "127.0.0.1", "::1", "mqtt.example.org"), Duration.ofDays(30));
    X509Certificate cert = server.certificate();

    validate(cert, ca.caCertificate());
    assertThat(cert.getExtendedKeyUsage()).isEqualTo(List.of(SERVER_AUTH));
    Set<String> sans = cert.getSubjectAlternativeNames().stream()
        .map(san -> san.get(0) + ":" + san.get(1))
        .collect(Collectors.toSet());
    assertThat(sans).isEqualTo(Set.of("2:localhost", "7:127.0.0.1", "7:0:0:0:0:0:0:0:1", "2:mqtt.example.org"));
  }

  @Test
  void certificateFromAnotherCaDoesNotValidate(@TempDir Path other) {
    CertificateAuthority stranger = CertificateAuthority.loadOrCreate(other, "Stranger CA");
    X509Certificate foreign = stranger.issueClient("M0000001", Duration.ofDays(1)).certificate();
    assertThatThrownBy(() -> validate(foreign, ca.caCertificate())).isInstanceOf(CertPathValidatorException.class);
  }

  @Test
  void pkcs12RoundTrip() throws Exception {
    IssuedCertificate issued = ca.issueClient("G01", Duration.ofDays(10));
    char[] password = "s3cret".toCharArray();

    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(new ByteArrayInputStream(issued.toPkcs12(password)), password);

    assertThat(List.copyOf(java.util.Collections.list(store.aliases())))
        .as("PKCS#12 aliases are lower-cased by the JDK").isEqualTo(List.of("g01"));
    assertThat(store.getKey("g01", password)).isEqualTo(issued.privateKey());
    assertThat(store.getCertificateChain("g01")).containsExactly(issued.certificate(), ca.caCertificate());
  }

  @Test
  void pemRoundTrip() {
    IssuedCertificate issued = ca.issueClient("svc-ingest", Duration.ofDays(10));
    assertThat(issued.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(Pem.certificate(issued.certificatePem())).isEqualTo(issued.certificate());
    assertThat(Pem.privateKey(issued.privateKeyPem())).isEqualTo(issued.privateKey());
    assertThat(Pem.certificates(issued.certificatePem() + issued.caPem()))
        .isEqualTo(List.of(issued.certificate(), ca.caCertificate()));
    assertThat(issued.toString()).as("toString leaves the key out").doesNotContain("PRIVATE");
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
    assertThat(serials).hasSize(200);
  }

  @Test
  void validityIsCappedAtTheCas() {
    X509Certificate cert = ca.issueClient("M1", Duration.ofDays(100 * 365)).certificate();
    assertThat(cert.getNotAfter()).isEqualTo(ca.caCertificate().getNotAfter());
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> ca.issueClient(" ", Duration.ofDays(1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ca.issueClient("M1", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ca.issueServer("b", List.of(), Duration.ofDays(1)))
        .isInstanceOf(IllegalArgumentException.class);
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
