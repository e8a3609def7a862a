package org.meterflow.timeseries.influxdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.meterflow.timeseries.questdb.EmbeddedQuestDb;
import org.meterflow.timeseries.questdb.QuestDbReadingStore;
import org.meterflow.model.reading.AcceptedReading;

/**
 * The same readings written to an InfluxDB and an embedded QuestDB; {@link #write} returns once
 * both hold them (QuestDB applies its WAL asynchronously, so it waits for the counts).
 */
final class TwoStores implements AutoCloseable {

  private static final int BATCH = 5_000;

  private final InfluxDbReadingStore influx;
  private final EmbeddedQuestDb embedded;
  private final QuestDbReadingStore questDb;

  TwoStores(InfluxDbReadingStore influx, EmbeddedQuestDb embedded, QuestDbReadingStore questDb) {
    this.influx = influx;
    this.embedded = embedded;
    this.questDb = questDb;
    influx.start().toCompletableFuture().join();
    questDb.start().toCompletableFuture().join();
  }

  /** Writes {@code readings} (distinct serial and timestamp each) to both stores and waits for QuestDB. */
  void write(List<AcceptedReading> readings) {
    for (int from = 0; from < readings.size(); from += BATCH) {
      List<AcceptedReading> batch = readings.subList(from, Math.min(readings.size(), from + BATCH));
      influx.write(batch).toCompletableFuture().join();
      questDb.write(batch).toCompletableFuture().join();
    }
    Map<String, long[]> perSerial = new HashMap<>(); // count, first ms, last ms
    for (AcceptedReading a : readings) {
      long ms = a.reading().ts().toEpochMilli();
      perSerial.merge(a.serial(), new long[] {1, ms, ms},
          (x, y) -> new long[] {x[0] + 1, Math.min(x[1], y[1]), Math.max(x[2], y[2])});
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    perSerial.forEach((serial, c) -> {
      Instant from = Instant.ofEpochMilli(c[1]);
      Instant to = Instant.ofEpochMilli(c[2] + 1);
      while (questDb.count(serial, from, to).toCompletableFuture().join() < c[0]) {
        assertThat(System.nanoTime()).as("QuestDB applied its WAL in time").isLessThan(deadline);
        LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
      }
      assertThat(influx.count(serial, from, to).toCompletableFuture().join()).as(serial).isEqualTo(c[0]);
    });
  }

  @Override
  public void close() {
    influx.close();
    questDb.close();
    embedded.close();
  }
}
