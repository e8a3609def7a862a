package org.meterflow.mqtt.mosquitto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.meterflow.mqtt.client.MqttTls;
import org.meterflow.pki.AtomicFiles;
import org.meterflow.pki.CertificateAuthority;
import org.meterflow.pki.IssuedCertificate;
import org.meterflow.pki.Pem;
import org.meterflow.pki.RevokedCertificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's hold on an external Mosquitto, which has no plugin of ours: the files its
 * listener reads (CA, server certificate and key, CRL, ACL) and the revocation path, which needs
 * three steps because Mosquitto only checks certificates during the TLS handshake:
 * <ol>
 *   <li>rewrite {@code crl.pem} atomically (new connections with a listed certificate fail the
 *       handshake once Mosquitto has re-read it);
 *   <li>SIGHUP the broker (its pid file), which makes it re-read certificates and CRL;
 *   <li>drop the live session by <em>session takeover</em>: connect with the meter's client id
 *       using a short-lived platform certificate for the same CN (Mosquitto closes the older
 *       connection with that id), then disconnect with a clean session.
 * </ol>
 * Thread-safe; file writes are serialised.
 */
public final class MosquittoControl {

  public static final String CA_FILE = "ca.pem";
  public static final String SERVER_CERT_FILE = "server.crt";
  public static final String SERVER_KEY_FILE = "server.key";
  public static final String CRL_FILE = "crl.pem";
  public static final String ACL_FILE = "acl";
  public static final String SERVER_COMMON_NAME = "meterflow-mosquitto";
  /** A server certificate is re-issued at start when it expires sooner than this. */
  static final Duration RENEW_BEFORE = Duration.ofDays(30);
  static final Duration SERVER_VALIDITY = Duration.ofDays(397);
  /** The certificate used for a session takeover lives only this long. */
  static final Duration TAKEOVER_VALIDITY = Duration.ofMinutes(5);
  private static final Duration SIGNAL_TIMEOUT = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(MosquittoControl.class);

  private final CertificateAuthority ca;
  private final MosquittoSettings settings;
  private final Clock clock;

  public MosquittoControl(CertificateAuthority ca, MosquittoSettings settings, Clock clock) {
    this.ca = Objects.requireNonNull(ca, "ca");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public MosquittoSettings settings() {
    return settings;
  }

  /**
   * Writes the CA, the server certificate and key (issued when missing or close to expiry), the
   * ACL for the given service users (the ingest connections) and the CRL. Mosquitto reads the ACL
   * only at start; the rest on SIGHUP.
   */
  public synchronized void writeFiles(List<String> serviceUsers, Collection<RevokedCertificate> revoked) {
    Path dir = settings.filesDir();
    try {
      Files.createDirectories(dir);
      AtomicFiles.write(dir.resolve(CA_FILE), ca.caPem(), false);
      if (serverCertificateNeedsRenewal(dir.resolve(SERVER_CERT_FILE))) {
        IssuedCertificate server = ca.issueServer(SERVER_COMMON_NAME, settings.serverHosts(), SERVER_VALIDITY);
        // Key first, so a certificate never sits beside a key it does not match for long.
        AtomicFiles.write(dir.resolve(SERVER_KEY_FILE), server.privateKeyPem(), true);
        AtomicFiles.write(dir.resolve(SERVER_CERT_FILE), server.certificatePem(), false);
        log.info("Issued Mosquitto's server certificate for {} in {}", settings.serverHosts(), dir);
      }
      writeAcl(dir, serviceUsers);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the Mosquitto files in " + dir, e);
    }
    writeCrl(revoked);
  }

  /**
   * The ACL grants reading to these service users and to those it granted already: the nodes of a
   * cluster share one broker and one files folder, and each adds its own ingest clients (under a
   * file lock, so two nodes starting together keep both).
   */
  private void writeAcl(Path dir, List<String> serviceUsers) throws IOException {
    try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(dir.resolve(".acl.lock"),
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
        java.nio.channels.FileLock lock = channel.lock()) {
      Path acl = dir.resolve(ACL_FILE);
      java.util.Set<String> users = Files.exists(acl)
          ? MosquittoAcl.serviceUsers(Files.readString(acl)) : new java.util.LinkedHashSet<>();
      users.addAll(serviceUsers);
      AtomicFiles.write(acl, MosquittoAcl.render(List.copyOf(users)), false);
    }
  }

  /** Rewrites {@code crl.pem} atomically with exactly these entries, valid for the configured time. */
  public synchronized void writeCrl(Collection<RevokedCertificate> revoked) {
    Instant now = clock.instant();
    String pem = Pem.encode(ca.crl(revoked, now, now.plus(settings.crlValidity())));
    try {
      AtomicFiles.write(settings.filesDir().resolve(CRL_FILE), pem, false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + settings.filesDir().resolve(CRL_FILE), e);
    }
  }

  /**
   * Sends SIGHUP to the broker named by the pid file, so it re-reads certificates and CRL.
   * Returns false (and logs) when there is no pid file configured or readable.
   */
  public boolean reload() {
    Optional<Path> pidFile = settings.pidFile();
    if (pidFile.isEmpty()) {
      log.warn("No Mosquitto pid file configured; reload the broker yourself (SIGHUP) to apply the new CRL");
      return false;
    }
    String pid;
    try {
      pid = Files.readString(pidFile.get(), StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      log.warn("Cannot read Mosquitto's pid file {}; the new CRL applies at its next reload", pidFile.get(), e);
      return false;
    }
    if (!pid.matches("[0-9]{1,10}")) {
      log.warn("Mosquitto's pid file {} holds '{}', not a pid", pidFile.get(), pid);
      return false;
    }
    try {
      Process kill = new ProcessBuilder("kill", "-HUP", pid).redirectErrorStream(true).start();
      if (!kill.waitFor(SIGNAL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        kill.destroyForcibly();
        log.warn("kill -HUP {} did not finish", pid);
        return false;
      }
      if (kill.exitValue() != 0) {
        log.warn("kill -HUP {} failed: {}", pid, new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
        return false;
      }
      return true;
    } catch (IOException e) {
      log.warn("Cannot signal Mosquitto (pid {})", pid, e);
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Drops {@code clientId}'s live connection and session by taking it over: connects with that
   * client id and a clean session (Mosquitto closes the existing connection with the same id),
   * then disconnects. Blocking (one TLS connect, ~0.1–0.4 s). Returns false when the takeover
   * could not connect.
   */
  public boolean dropSession(String clientId) {
    IssuedCertificate takeover = ca.issueClient(clientId, TAKEOVER_VALIDITY);
    MqttClient client = null;
    try {
      client = new MqttClient(settings.brokerUrl(), clientId, new MemoryPersistence());
      client.connect(MqttTls.connectOptions(takeover, true));
      client.disconnect(1_000);
      log.info("Dropped the Mosquitto session of '{}' by session takeover", clientId);
      return true;
    } catch (MqttException e) {
      log.warn("Session takeover of '{}' at {} failed: {}", clientId, settings.brokerUrl(), e.toString());
      return false;
    } finally {
      if (client != null) {
        try {
          client.close(true);
        } catch (MqttException ignored) {
          // already closed
        }
      }
    }
  }

  private boolean serverCertificateNeedsRenewal(Path certFile) throws IOException {
    if (!Files.exists(certFile) || !Files.exists(settings.filesDir().resolve(SERVER_KEY_FILE))) {
      return true;
    }
    try {
      X509Certificate certificate = Pem.certificate(Files.readString(certFile, StandardCharsets.US_ASCII));
      certificate.verify(ca.caCertificate().getPublicKey());
      return certificate.getNotAfter().toInstant().isBefore(clock.instant().plus(RENEW_BEFORE));
    } catch (IllegalArgumentException | java.security.GeneralSecurityException e) {
      return true; // unreadable, or from another CA
    }
  }
}
