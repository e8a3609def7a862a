package org.meterflow.influx.questdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Page queries leave no native memory behind in the embedded QuestDB. Every page query carries its
 * own time bounds in its SQL text; with QuestDB's HTTP query cache on (its default) each one kept
 * its compiled plan and buffers, ~3 MB per SAMPLE BY query, until the RAM cap
 * ({@code meterflow.questdb.ram-limit}) made every query fail ("global RSS memory limit exceeded").
 * Against that configuration this test measured +174 MB over 300 queries (and fails); with the
 * cache off, +768 bytes.
 */
class QuestDbQueryMemoryTest {

  /** How far QuestDB's native memory may move over the run: noise of background jobs, no retained queries. */
  private static final long BOUND_BYTES = 16L << 20;
  private static final int ROUNDS = 25;
  private static final Logger log = LoggerFactory.getLogger(QuestDbQueryMemoryTest.class);

  @Test
  void hundredsOfPageQueriesWithDistinctTimeBoundsLeaveQuestDbsNativeMemoryFlat(@TempDir Path root) {
    // 2,000 meters every 15 minutes for 2 days: 384,000 readings, day partitions of 192,000 rows
    // (what a cached query keeps grows with the rows it scanned, so the partitions must be sizeable)
    PageQueries.Fleet fleet = new PageQueries.Fleet(2000, 3, 10, 40, Instant.parse("2026-09-01T00:00:00Z"), 2 * 96,
        Duration.ofMinutes(15));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (EmbeddedQuestDb db = EmbeddedQuestDb.start(QuestDbSettings.loopback(root, 0));
        QuestDbReadingStore store = new QuestDbReadingStore(db, QuestDbStoreSettings.defaults());
        QuestDbForecastStore forecasts = new QuestDbForecastStore(db.httpUrl(), QuestDbStoreSettings.defaults(), pool)) {
      QuestDbExec sql = PageQueries.sql(db);
      store.start().toCompletableFuture().join();
      forecasts.start().toCompletableFuture().join();
      fleet.write(store, sql, 10_000);
      fleet.writeForecasts(forecasts, sql);
      QuestDbRegisterBoundaries billing = new QuestDbRegisterBoundaries(db.httpUrl(), Duration.ofSeconds(30), pool);
      List<PageQueries.Query> queries = PageQueries.all(fleet, store, forecasts, billing, Duration.ofDays(2));
      for (PageQueries.Query q : queries) { // first runs: connections, JIT, table readers
        q.run().apply(0).toCompletableFuture().join();
      }

      long before = PageQueries.nativeBytes(sql);
      int calls = 0;
      for (int n = 1; n <= ROUNDS; n++) {
        for (PageQueries.Query q : queries) {
          q.run().apply(n).toCompletableFuture().join(); // a failure ("RSS memory limit exceeded") fails the test
          calls++;
        }
      }
      long after = PageQueries.nativeBytes(sql);
      log.info("QuestDB native memory over {} page queries with distinct time bounds: {} -> {} bytes", calls, before, after);

      assertThat(calls).isGreaterThanOrEqualTo(300);
      assertThat(after - before)
          .as("QuestDB native memory after %d page queries with distinct time bounds: %,d -> %,d bytes (NATIVE_* of "
              + "memory_metrics()); at most %,d more may stay", calls, before, after, BOUND_BYTES)
          .isLessThan(BOUND_BYTES);
    } finally {
      pool.shutdownNow();
    }
  }
}
