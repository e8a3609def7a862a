package org.meterflow.model.port;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.meterflow.model.reading.AcceptedReading;
import org.meterflow.model.reading.ReadingPoint;

/**
 * The time-series store of accepted readings (QuestDB embedded, InfluxDB in production).
 * Keyed by (serial, ts): writing the same reading twice keeps one row, so MQTT redelivery is
 * idempotent. A write's stage completes only once the batch is durable in the store.
 */
public interface ReadingStore extends AutoCloseable {

  /** Writes a batch; completes when the store has durably accepted all of it. */
  CompletionStage<Void> write(List<AcceptedReading> batch);

  /** The newest reading of a meter, if any. */
  CompletionStage<Optional<AcceptedReading>> latest(String serial);

  /**
   * A meter's readings in [from, to), aggregated per {@code step} interval, oldest first;
   * intervals without readings are absent.
   */
  CompletionStage<List<ReadingPoint>> range(String serial, Instant from, Instant to, Duration step);

  /** How many distinct readings of a meter lie in [from, to) (duplicates counted once). */
  CompletionStage<Long> count(String serial, Instant from, Instant to);

  /**
   * The load of one region, feeder or DT per {@code step} in [from, to), oldest first (see
   * {@link LoadPoint}); steps in which none of its meters reported are absent.
   */
  CompletionStage<List<LoadPoint>> load(NetworkLevel level, String id, Instant from, Instant to, Duration step);

  /**
   * Writes events' state changes (measurement {@code events}: tags type, state, region, feeder, dt,
   * meter; stamped raised or cleared at) for dashboards beside the readings. A store without them
   * keeps nothing (the default).
   */
  default CompletionStage<Void> writeEvents(List<EventPoint> events) {
    return java.util.concurrent.CompletableFuture.completedFuture(null);
  }

  @Override
  void close();
}
