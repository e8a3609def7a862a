package org.meterflow.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsContextsTest {

  @TempDir
  static Path dir;

  private static CertificateAuthority ca;
  private static IssuedCertificate server;

  @BeforeAll
  static void setUp() {
    ca = CertificateAuthority.loadOrCreate(dir.resolve("ca"), "MeterFlow Test CA");
    server = ca.issueServer("broker", List.of("localhost", "127.0.0.1"), Duration.ofDays(1));
  }

  @Test
  void mutualTlsWithHostnameVerificationSucceedsForOurClient() throws Exception {
    IssuedCertificate meter = ca.issueClient("M1", Duration.ofDays(1));
    SSLContext client = TlsContexts.client(meter.certificatePem(), meter.privateKeyPem(), meter.caPem());
    assertThat(handshake(client, "127.0.0.1")).isEqualTo("M1");
    assertThat(handshake(client, "localhost")).isEqualTo("M1");
  }

  @Test
  void foreignClientCertificateIsRefused(@TempDir Path other) {
    IssuedCertificate foreign = CertificateAuthority.loadOrCreate(other, "Stranger CA")
        .issueClient("M1", Duration.ofDays(1));
    // The client trusts our CA (so it accepts the server) but presents a stranger's certificate.
    SSLContext client = TlsContexts.client(foreign.certificatePem(), foreign.privateKeyPem(), ca.caPem());
    assertThatThrownBy(() -> handshake(client, "127.0.0.1")).isInstanceOf(IOException.class);
  }

  @Test
  void serverNotInTheSansFailsHostnameVerification() throws Exception {
    IssuedCertificate meter = ca.issueClient("M1", Duration.ofDays(1));
    SSLContext client = TlsContexts.client(meter.certificatePem(), meter.privateKeyPem(), meter.caPem());
    IssuedCertificate elsewhere = ca.issueServer("other", List.of("mqtt.example.org"), Duration.ofDays(1));
    assertThatThrownBy(() -> handshake(client, "127.0.0.1", elsewhere)).isInstanceOf(SSLException.class);
  }

  @Test
  void keyAndTrustStoreFilesRoundTrip() throws Exception {
    char[] password = "pw".toCharArray();
    Path keyFile = dir.resolve("stores/server.p12");
    Path trustFile = dir.resolve("stores/trust.p12");
    TlsContexts.write(TlsContexts.keyStore(server.certificatePem(), server.privateKeyPem(), server.caPem(), password),
        password, keyFile);
    TlsContexts.write(TlsContexts.trustStore(ca.caPem()), password, trustFile);

    KeyStore keys = KeyStore.getInstance(keyFile.toFile(), password);
    assertThat(keys.getCertificate(TlsContexts.KEY_ALIAS)).isEqualTo(server.certificate());
    assertThat(keys.getKey(TlsContexts.KEY_ALIAS, password)).isEqualTo(server.privateKey());
    assertThat(keys.getCertificateChain(TlsContexts.KEY_ALIAS)).hasSize(2);
    KeyStore trust = KeyStore.getInstance(trustFile.toFile(), password);
    assertThat(trust.getCertificate("ca-0")).isEqualTo(ca.caCertificate());
  }

  /** What mosquitto_pub would do with the bundle: OpenSSL reads the PEMs and the PKCS#12. */
  @Test
  void openSslReadsTheBundle() throws Exception {
    assertThat(Path.of("/usr/bin/openssl")).as("/usr/bin/openssl is missing (Debian package openssl)").isExecutable();
    IssuedCertificate meter = ca.issueClient("M7", Duration.ofDays(1));
    Path bundle = Files.createDirectories(dir.resolve("bundle"));
    Files.writeString(bundle.resolve("ca.pem"), meter.caPem());
    Files.writeString(bundle.resolve("m7.pem"), meter.certificatePem());
    Files.writeString(bundle.resolve("m7.key"), meter.privateKeyPem());
    Files.write(bundle.resolve("m7.p12"), meter.toPkcs12("pw".toCharArray()));

    assertThat(openssl(bundle, "verify", "-purpose", "sslclient", "-CAfile", "ca.pem", "m7.pem"))
        .isEqualTo("m7.pem: OK");
    openssl(bundle, "pkey", "-in", "m7.key", "-noout");
    String p12 = openssl(bundle, "pkcs12", "-in", "m7.p12", "-passin", "pass:pw", "-nokeys", "-clcerts");
    assertThat(p12).contains("subject=CN = M7");
  }

  private static String handshake(SSLContext client, String host) throws Exception {
    return handshake(client, host, server);
  }

  /** Runs one mutual-TLS handshake on loopback; returns the client certificate's CN the server saw. */
  private static String handshake(SSLContext client, String host, IssuedCertificate serverCert) throws Exception {
    SSLContext serverContext = TlsContexts.server(serverCert.certificatePem(), serverCert.privateKeyPem(), ca.caPem());
    try (SSLServerSocket listener = (SSLServerSocket) serverContext.getServerSocketFactory()
        .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      listener.setNeedClientAuth(true);
      CompletableFuture<String> seen = CompletableFuture.supplyAsync(() -> {
        try (SSLSocket accepted = (SSLSocket) listener.accept()) {
          accepted.setSoTimeout(5_000);
          accepted.startHandshake();
          accepted.getOutputStream().write(1);
          accepted.getOutputStream().flush();
          var peer = (java.security.cert.X509Certificate) accepted.getSession().getPeerCertificates()[0];
          return CertificateNames.commonName(peer).orElse("?");
        } catch (IOException e) {
          return "refused: " + e;
        }
      });
      try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(host, listener.getLocalPort())) {
        SSLParameters params = socket.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(params);
        socket.setSoTimeout(5_000);
        socket.startHandshake();
        // TLS 1.3: a refused client certificate shows up on the first read, not in startHandshake.
        if (socket.getInputStream().read() != 1) {
          throw new IOException("server closed the connection");
        }
      }
      return seen.get(5, TimeUnit.SECONDS);
    }
  }

  private static String openssl(Path workDir, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isEqualTo(0);
    return output;
  }
}
