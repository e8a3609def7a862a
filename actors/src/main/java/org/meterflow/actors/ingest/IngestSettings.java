package org.meterflow.actors.ingest;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The {@code meterflow.ingest} block: how the platform takes readings from the broker.
 *
 * @param brokerUrl        e.g. {@code ssl://127.0.0.1:8883}
 * @param clientIdPrefix   ingest client ids are prefix-N; stable so persistent sessions survive restarts
 * @param shareGroup       the {@code $share} group all ingest clients (of all nodes) join
 * @param cleanSession     false keeps the ingest's broker session (and unacked messages) across reconnects
 * @param maxInflight      Paho's window of unacknowledged messages per connection
 * @param connections      parallel MQTT connections (each has its own in-flight window)
 * @param bufferSize       messages buffered per connection before backpressure
 * @param askParallelism   messages being judged by meter entities at once, per connection
 * @param askTimeout       how long to wait for a meter entity
 * @param batchSize        readings per time-series write at most
 * @param batchLatency     longest wait to fill a batch
 * @param writeParallelism batches being written (and acked) at once
 * @param maxPayloadBytes  larger MQTT payloads are rejected as oversize
 * @param writeAttempts    time-series write attempts before the stream restarts (and MQTT redelivers)
 * @param minBackoff       first restart / retry backoff
 * @param maxBackoff       longest restart / retry backoff
 */
public record IngestSettings(
    String brokerUrl,
    String clientIdPrefix,
    String shareGroup,
    boolean cleanSession,
    int maxInflight,
    int connections,
    int bufferSize,
    int askParallelism,
    Duration askTimeout,
    int batchSize,
    Duration batchLatency,
    int writeParallelism,
    int maxPayloadBytes,
    int writeAttempts,
    Duration minBackoff,
    Duration maxBackoff) {

  public IngestSettings {
    if (shareGroup.isBlank() && connections != 1) {
      throw new IllegalArgumentException("meterflow.ingest.connections = " + connections
          + " needs a share-group: without one every connection would receive every message");
    }
    if (connections < 1 || batchSize < 1 || writeParallelism < 1 || askParallelism < 1) {
      throw new IllegalArgumentException("meterflow.ingest: connections, batch-size, write-parallelism and ask-parallelism must be positive");
    }
  }

  public static IngestSettings fromConfig(Config c) {
    return new IngestSettings(
        c.getString("broker-url"),
        c.getString("client-id-prefix"),
        c.getString("share-group"),
        c.getBoolean("clean-session"),
        c.getInt("max-inflight"),
        c.getInt("connections"),
        c.getInt("buffer-size"),
        c.getInt("ask-parallelism"),
        c.getDuration("ask-timeout"),
        c.getInt("batch-size"),
        c.getDuration("batch-latency"),
        c.getInt("write-parallelism"),
        (int) c.getBytes("max-payload").longValue(),
        c.getInt("write-attempts"),
        c.getDuration("min-backoff"),
        c.getDuration("max-backoff"));
  }
}
