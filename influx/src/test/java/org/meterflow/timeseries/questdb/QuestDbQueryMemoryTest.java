package org.meterflow.timeseries.questdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.meterflow.model.reading.ReadingPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Page queries leave no native memory behind in the embedded QuestDB (docs/timeseries.md, "Memory
 * of the embedded store"); measured with QuestDB's own memory_metrics(), the NATIVE_* rows that
 * {@code meterflow.questdb.ram-limit} caps. Both tests fail against QuestDB's defaults.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuestDbQueryMemoryTest {

  /** How far QuestDB's native memory may move over 300 queries: noise of background jobs (measured: < 1 KB). */
  private static final long QUERIES_BOUND_BYTES = 8L << 20;
  /** ... and over bursts of 100 concurrent ones, whose connections stay open (measured: 15-18 MB). */
  private static final long BURSTS_BOUND_BYTES = 32L << 20;
  private static final Logger log = LoggerFactory.getLogger(QuestDbQueryMemoryTest.class);

  // 1,000 meters every 15 minutes for 2 days: 192,000 readings, day partitions of 96,000 rows (what a
  // cached query kept grew with the rows it scanned, so the partitions must be sizeable)
  private final PageQueries.Fleet fleet = new PageQueries.Fleet(1000, 3, 10, 40, Instant.parse("2026-09-01T00:00:00Z"),
      2 * 96, Duration.ofMinutes(15));
  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private EmbeddedQuestDb db;
  private QuestDbReadingStore store;
  private QuestDbForecastStore forecasts;
  private QuestDbExec sql;

  @BeforeAll
  void startAndLoad(@TempDir Path root) {
    db = EmbeddedQuestDb.start(QuestDbSettings.loopback(root, 0));
    store = new QuestDbReadingStore(db, QuestDbStoreSettings.defaults());
    forecasts = new QuestDbForecastStore(db.httpUrl(), QuestDbStoreSettings.defaults(), pool);
    sql = PageQueries.sql(db);
    store.start().toCompletableFuture().join();
    forecasts.start().toCompletableFuture().join();
    fleet.write(store, sql, 5_000);
    fleet.writeForecasts(forecasts, sql);
  }

  @AfterAll
  void stop() {
    if (forecasts != null) {
      forecasts.close();
    }
    if (store != null) {
      store.close();
    }
    if (db != null) {
      db.close();
    }
    pool.shutdownNow();
  }

  /**
   * Every page query carries its own time bounds in its SQL text. With QuestDB's HTTP query cache on
   * (its default) each one kept its compiled plan and buffers, ~3 MB per SAMPLE BY query on a
   * million readings, until the RAM cap made every query fail ("global RSS memory limit exceeded").
   * Against that configuration this test measured +41 MB over 300 queries; with the cache off, +512 bytes.
   */
  @Test
  void hundredsOfPageQueriesWithDistinctTimeBoundsLeaveQuestDbsNativeMemoryFlat() {
    QuestDbRegisterBoundaries billing = new QuestDbRegisterBoundaries(db.httpUrl(), Duration.ofSeconds(30), pool);
    List<PageQueries.Query> queries = PageQueries.all(fleet, store, forecasts, billing, Duration.ofDays(2));
    for (PageQueries.Query q : queries) { // first runs: connections, JIT, table readers
      q.run().apply(0).toCompletableFuture().join();
    }

    long before = PageQueries.nativeBytes(sql);
    int calls = 0;
    for (int n = 1; calls < 300; n++) {
      for (PageQueries.Query q : queries) {
        q.run().apply(n).toCompletableFuture().join(); // a failure ("RSS memory limit exceeded") fails the test
        calls++;
      }
    }
    long after = PageQueries.nativeBytes(sql);
    log.info("QuestDB native memory over {} page queries with distinct time bounds: {} -> {} bytes", calls, before, after);
    assertThat(after - before)
        .as("QuestDB native memory after %d page queries with distinct time bounds: %,d -> %,d bytes (NATIVE_* of "
            + "memory_metrics()); at most %,d more may stay", calls, before, after, QUERIES_BOUND_BYTES)
        .isLessThan(QUERIES_BOUND_BYTES);
  }

  /**
   * Each HTTP connection the client keeps open holds QuestDB's send and receive buffers. At QuestDB's
   * default (2 MB each) two bursts of 100 concurrent page views left +396 MB behind, within reach of
   * the RAM cap; at the embedded store's 64 KB each, +15-18 MB.
   */
  @Test
  void burstsOfConcurrentPageQueriesAllAnswerAndLeaveLittleNativeMemoryBehind() {
    int burst = 100;
    store.range(fleet.serial(0), fleet.start(), fleet.end(), Duration.ofHours(1)).toCompletableFuture().join();
    long before = PageQueries.nativeBytes(sql);
    for (int round = 0; round < 2; round++) {
      List<CompletableFuture<List<ReadingPoint>>> views = new ArrayList<>();
      for (int m = 0; m < burst; m++) {
        views.add(store.range(fleet.serial(m), fleet.start().plusSeconds(round), fleet.end(), Duration.ofHours(1))
            .toCompletableFuture());
      }
      for (CompletableFuture<List<ReadingPoint>> view : views) {
        assertThat(view.join()).hasSize(48);
      }
    }
    long after = PageQueries.nativeBytes(sql);
    log.info("QuestDB native memory over 2 bursts of {} concurrent page queries: {} -> {} bytes", burst, before, after);
    assertThat(after - before)
        .as("QuestDB native memory after 2 bursts of %d concurrent page queries: %,d -> %,d bytes; at most %,d more "
            + "may stay", burst, before, after, BURSTS_BOUND_BYTES)
        .isLessThan(BURSTS_BOUND_BYTES);
  }
}
