package org.meterflow.model.port;

import java.util.Optional;

/**
 * What the MQTT broker asks when a client presents a certificate: who is this client id, and
 * what may it do. Answers must be fast (called on every connect) and reflect revocation at once.
 */
public interface BrokerClientDirectory {

  /** The access of a client id (= certificate CN), or empty when it may not connect at all. */
  Optional<BrokerClient> lookup(String clientId);

  /** A client the broker lets in, and what it may publish or subscribe to. */
  record BrokerClient(String clientId, Kind kind) {
    public enum Kind {
      /** A meter: publishes to {@code meters/{serial}/#} only. */
      METER,
      /** A gateway: publishes to {@code gateways/{id}/#} only. */
      GATEWAY,
      /** A platform service (ingest): subscribes to {@code meters/#} and {@code gateways/#}, shared or not. */
      SERVICE
    }
  }
}
