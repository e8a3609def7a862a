package org.meterflow.mqtt.broker;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How to run the embedded MQTT broker.
 *
 * @param bindHost             the address the TLS listener binds to, normally {@code 127.0.0.1}
 * @param tlsPort              the TLS port; 0 picks a free one, see {@link EmbeddedBroker#port()}
 * @param dataDirectory        the broker's own directory (config, key stores, HiveMQ data);
 *                             created if absent
 * @param serverHosts          DNS names and IP literals put in the server certificate, i.e. the
 *                             names clients may dial with hostname verification on
 * @param maxPayloadBytes      the largest PUBLISH payload accepted (a gateway batch of 50
 *                             readings is ~10 KiB); a bigger one disconnects the client
 * @param maxQueuedMessages    per-client queue of undelivered messages (offline persistent
 *                             sessions, slow consumers); beyond it new messages are dropped
 * @param persistence          where sessions and queued messages live
 */
public record BrokerSettings(
    String bindHost,
    int tlsPort,
    Path dataDirectory,
    List<String> serverHosts,
    int maxPayloadBytes,
    long maxQueuedMessages,
    Persistence persistence) {

  /** Loopback only: the embedded broker is not meant to be reached from other machines by default. */
  public static final String LOOPBACK = "127.0.0.1";
  public static final List<String> DEFAULT_SERVER_HOSTS = List.of("localhost", "127.0.0.1");
  public static final int DEFAULT_MAX_PAYLOAD_BYTES = 256 * 1024;
  /** The ingest service's shared subscription buffers this many while it catches up. */
  public static final long DEFAULT_MAX_QUEUED_MESSAGES = 100_000;

  /** Where HiveMQ keeps sessions, subscriptions and queued messages. */
  public enum Persistence {
    /** Fast, nothing on disk; sessions and queued messages die with the process. */
    IN_MEMORY,
    /** Under {@code dataDirectory/data}; persistent sessions survive a restart. */
    FILE
  }

  public BrokerSettings {
    Objects.requireNonNull(bindHost, "bindHost");
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    Objects.requireNonNull(persistence, "persistence");
    if (bindHost.isBlank()) {
      throw new IllegalArgumentException("bindHost must not be blank");
    }
    if (tlsPort < 0 || tlsPort > 65_535) {
      throw new IllegalArgumentException("tlsPort out of range: " + tlsPort);
    }
    serverHosts = List.copyOf(Objects.requireNonNull(serverHosts, "serverHosts"));
    if (serverHosts.isEmpty()) {
      throw new IllegalArgumentException("serverHosts must name at least one host");
    }
    if (maxPayloadBytes <= 0) {
      throw new IllegalArgumentException("maxPayloadBytes must be positive: " + maxPayloadBytes);
    }
    if (maxQueuedMessages <= 0) {
      throw new IllegalArgumentException("maxQueuedMessages must be positive: " + maxQueuedMessages);
    }
  }

  /** Loopback on {@code tlsPort}, certificate for localhost/127.0.0.1, in-memory persistence. */
  public static BrokerSettings loopback(Path dataDirectory, int tlsPort) {
    return new BrokerSettings(LOOPBACK, tlsPort, dataDirectory, DEFAULT_SERVER_HOSTS,
        DEFAULT_MAX_PAYLOAD_BYTES, DEFAULT_MAX_QUEUED_MESSAGES, Persistence.IN_MEMORY);
  }

  public BrokerSettings withTlsPort(int port) {
    return new BrokerSettings(bindHost, port, dataDirectory, serverHosts, maxPayloadBytes, maxQueuedMessages,
        persistence);
  }

  public BrokerSettings withPersistence(Persistence mode) {
    return new BrokerSettings(bindHost, tlsPort, dataDirectory, serverHosts, maxPayloadBytes, maxQueuedMessages,
        mode);
  }
}
