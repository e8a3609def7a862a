package org.meterflow.model.port;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.meterflow.model.reading.AcceptedReading;

/**
 * The long-term archive of every accepted reading (the data lake: Parquet by date on a local
 * folder or S3). Keyed by (serial, ts) like the time-series store: appending the same reading
 * twice (MQTT redelivery) still counts it once when the archive is queried.
 */
public interface ReadingArchive extends AutoCloseable {

  /**
   * Appends a batch; the stage completes only once the batch is durable (fsync'd to the local
   * spool), so an MQTT ack that follows it never precedes durability.
   */
  CompletionStage<Void> append(List<AcceptedReading> batch);

  /** Turns everything appended so far into archive files; completes when they are published. */
  CompletionStage<Void> flush();

  /** Flushes what it can, then releases files and threads; what could not be flushed stays spooled. */
  @Override
  void close();

  /** The archive of a platform that keeps no lake ({@code meterflow.lake.enabled = false}). */
  static ReadingArchive none() {
    return new ReadingArchive() {
      @Override
      public CompletionStage<Void> append(List<AcceptedReading> batch) {
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public CompletionStage<Void> flush() {
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public void close() {}
    };
  }
}
