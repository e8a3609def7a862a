package org.meterflow.timeseries.questdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterflow.model.reading.AcceptedReading;
import org.meterflow.model.reading.Reading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A rough write-throughput figure for the embedded store (it fails only when the readings do not
 * all become queryable within a minute). A benchmark, in neither the default run nor the
 * integration profile: {@code mvn -B -pl influx -am -Dbenchmark=QuestDbWriteThroughputBenchmark verify}.
 */
@Tag("benchmark")
class QuestDbWriteThroughputBenchmark {

  private static final Logger log = LoggerFactory.getLogger(QuestDbWriteThroughputBenchmark.class);
  private static final int METERS = 2_000;
  private static final int READINGS_PER_METER = 100; // 200,000 readings

  @TempDir Path root;

  @Test
  void writesAFewHundredThousandReadings() {
    try (EmbeddedQuestDb db = EmbeddedQuestDb.start(QuestDbSettings.loopback(root, 0));
        QuestDbReadingStore store = new QuestDbReadingStore(db.httpUrl(), QuestDbStoreSettings.defaults())) {
      store.start().toCompletableFuture().join();
      Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
      for (int batchSize : new int[] {50, 5_000}) {
        Instant base = t0.plus(Duration.ofDays(batchSize == 50 ? 0 : 10));
        List<AcceptedReading> all = readings(base);
        long start = System.nanoTime();
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int i = 0; i < all.size(); i += batchSize) {
          List<AcceptedReading> batch = all.subList(i, Math.min(all.size(), i + batchSize));
          writes.add(store.write(batch).toCompletableFuture());
          if (writes.size() >= 32) { // keep the bounded queue from overflowing
            writes.remove(0).join();
          }
        }
        writes.forEach(CompletableFuture::join);
        long writtenNanos = System.nanoTime() - start;
        long visible;
        do { // WAL apply is asynchronous; bounded, and a probe costs ~1 ms, so no pause needed
          visible = store.count("M000042", base, base.plus(Duration.ofDays(2))).toCompletableFuture().join();
        } while (visible < READINGS_PER_METER && System.nanoTime() - start < Duration.ofSeconds(60).toNanos());
        long visibleNanos = System.nanoTime() - start;
        assertThat(visible).isEqualTo(READINGS_PER_METER);
        log.info(
            "batch {}: {} readings acked in {} ms ({} readings/s), queryable after {} ms",
            batchSize,
            all.size(),
            writtenNanos / 1_000_000,
            all.size() * 1_000_000_000L / writtenNanos,
            visibleNanos / 1_000_000);
      }
    }
  }

  private static List<AcceptedReading> readings(Instant base) {
    List<AcceptedReading> all = new ArrayList<>(METERS * READINGS_PER_METER);
    for (int r = 0; r < READINGS_PER_METER; r++) {
      Instant ts = base.plus(Duration.ofMinutes(15L * r));
      for (int m = 0; m < METERS; m++) {
        String serial = String.format("M%06d", m);
        all.add(
            new AcceptedReading(
                new Reading(serial, r, ts, 1000 + r * 0.25, 0, 230 + (m % 7), 4.2, 50.0, 0.95), ts.plusMillis(300)));
      }
    }
    return all;
  }
}
