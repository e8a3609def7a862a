package org.meterflow.mqtt.mosquitto;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the platform works with an external Mosquitto, the production broker (docs/security.md).
 *
 * @param brokerUrl     {@code ssl://host:port} the ingest dials; the host must be one of
 *                      {@code serverHosts} (hostname verification is on)
 * @param filesDir      where the platform writes {@code ca.pem}, {@code server.crt},
 *                      {@code server.key}, {@code crl.pem} and {@code acl}; Mosquitto's config
 *                      points there (deploy/mosquitto/mosquitto.conf)
 * @param pidFile       Mosquitto's {@code pid_file}; the platform sends SIGHUP to that process
 *                      after rewriting the CRL. Empty: no signal (the operator reloads)
 * @param serverHosts   DNS names and IP literals put in the broker's server certificate
 * @param crlValidity   the CRL's nextUpdate − thisUpdate; it is re-signed at half of it. OpenSSL
 *                      refuses every client once a CRL is past its nextUpdate
 */
public record MosquittoSettings(String brokerUrl, Path filesDir, Optional<Path> pidFile, List<String> serverHosts,
    Duration crlValidity) {

  public MosquittoSettings {
    Objects.requireNonNull(brokerUrl, "brokerUrl");
    if (!brokerUrl.startsWith("ssl://")) {
      throw new IllegalArgumentException("the external broker URL must be ssl://host:port, got '" + brokerUrl + "'");
    }
    Objects.requireNonNull(filesDir, "filesDir");
    Objects.requireNonNull(pidFile, "pidFile");
    serverHosts = List.copyOf(serverHosts);
    if (serverHosts.isEmpty()) {
      throw new IllegalArgumentException("serverHosts must name at least one host");
    }
    if (crlValidity.compareTo(Duration.ofHours(2)) < 0) {
      throw new IllegalArgumentException("crlValidity must be at least 2 h: " + crlValidity);
    }
  }

  /** The port of {@link #brokerUrl()}. */
  public int port() {
    int colon = brokerUrl.lastIndexOf(':');
    return Integer.parseInt(brokerUrl.substring(colon + 1).replaceAll("/.*$", ""));
  }
}
