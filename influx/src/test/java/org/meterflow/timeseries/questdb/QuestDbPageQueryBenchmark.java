package org.meterflow.timeseries.questdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded QuestDB under MeterFlow's queries, at scale and over time (docs/benchmarks.md,
 * "Time-series page queries"; docs/timeseries.md, "Memory of the embedded store"). Off by default:
 *
 * <pre>{@code
 * mvn -B -pl influx -am -Dbenchmark='QuestDbPageQueryBenchmark#scale' verify
 * mvn -B -pl influx -am -Dbenchmark='QuestDbPageQueryBenchmark#soak' verify
 * }</pre>
 *
 * <p>Both run QuestDB as the platform does ({@link EmbeddedQuestDb} with the default
 * {@code ram-limit}) and every query through the real store classes ({@link PageQueries}).
 * <ul>
 *   <li>{@code scale}: a fleet of {@code bench.meters} (2,000) meters every 15 minutes for
 *       {@code bench.days} (52) days, about 10M readings, written through the WAL write path; then
 *       each query kind {@code bench.calls} (40) times over a window of {@code bench.window-days}
 *       (182) days, with p50/p99 and QuestDB's peak native memory; none may fail. Then bursts of
 *       concurrent queries.
 *   <li>{@code soak}: a small fleet ({@code bench.soak-meters} 50 meters, 7 days); every query kind
 *       {@code bench.soak-calls} (10,000) times with distinct bounds, from {@code bench.soak-parallel}
 *       (4) clients at once; none may fail, and QuestDB's native memory must end within 16 MiB of
 *       where it was after the first round.
 * </ul>
 */
@Tag("benchmark")
class QuestDbPageQueryBenchmark {

  private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");

  @Test
  void scale(@TempDir Path root) {
    int meters = Integer.getInteger("bench.meters", 2_000);
    int days = Integer.getInteger("bench.days", 52);
    int calls = Integer.getInteger("bench.calls", 40);
    Duration window = Duration.ofDays(Integer.getInteger("bench.window-days", 182));
    // a DT serves ~20 meters, a feeder ~10 DTs, a region ~5 feeders
    PageQueries.Fleet fleet = new PageQueries.Fleet(meters, Math.max(1, meters / 1_000), Math.max(1, meters / 200),
        Math.max(1, meters / 20), START, days * 96, Duration.ofMinutes(15));
    System.out.printf(Locale.ROOT, "%d cores, max heap %,d MiB; fleet: %,d meters (%d regions, %d feeders, %d DTs) x %d days"
            + " x 96 = %,d readings; queries over %d days, %d calls each%n",
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, meters, fleet.regions(),
        fleet.feeders(), fleet.dts(), days, fleet.readings(), window.toDays(), calls);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (MemorySampler memory = new MemorySampler();
        EmbeddedQuestDb db = EmbeddedQuestDb.start(QuestDbSettings.loopback(root, 0));
        QuestDbReadingStore store = new QuestDbReadingStore(db, QuestDbStoreSettings.of(Duration.ofSeconds(30), Duration.ofSeconds(60)));
        QuestDbForecastStore forecasts = new QuestDbForecastStore(db.httpUrl(), QuestDbStoreSettings.defaults(), pool)) {
      QuestDbExec sql = PageQueries.sql(db);
      store.start().toCompletableFuture().join();
      forecasts.start().toCompletableFuture().join();
      System.out.println("started:          " + memory.sample());

      memory.resetPeaks();
      long t0 = System.nanoTime();
      fleet.write(store, sql, 5_000);
      long loadNanos = System.nanoTime() - t0;
      fleet.writeForecasts(forecasts, sql);
      System.out.printf(Locale.ROOT, "loaded %,d readings in %,d ms (%,d readings/s, until applied); peak QuestDB native %,.1f MiB"
              + " (%s), peak RSS %,.1f MiB (anon %,.1f)%n", fleet.readings(), loadNanos / 1_000_000,
          fleet.readings() * 1_000_000_000L / loadNanos, MemorySampler.mib(memory.peakNative()), memory.peakTags(),
          MemorySampler.mib(memory.peakRss()), MemorySampler.mib(memory.peakRssAnon()));
      System.out.println("after load:       " + memory.sample());
      memory.resetPeaks();
      t0 = System.nanoTime();
      int day = days / 2; // a day redelivered (or imported again) into the middle of the table: out-of-order merge
      fleet.write(store, sql, 5_000, day * 96, (day + 1) * 96);
      System.out.printf(Locale.ROOT, "rewrote day %d (%,d readings, out of order, dedup) in %,d ms; peak QuestDB native %,.1f MiB (%s)%n",
          day, meters * 96L, (System.nanoTime() - t0) / 1_000_000, MemorySampler.mib(memory.peakNative()), memory.peakTags());
      assertThat(store.count(fleet.serial(0), START, fleet.end()).toCompletableFuture().join()).isEqualTo(days * 96L);

      QuestDbRegisterBoundaries billing = new QuestDbRegisterBoundaries(db.httpUrl(), Duration.ofSeconds(120), pool);
      List<PageQueries.Query> queries = PageQueries.all(fleet, store, forecasts, billing, window);
      Map<String, String> failures = new LinkedHashMap<>();
      System.out.printf(Locale.ROOT, "%-20s %6s %6s %9s %9s %9s %15s  %s%n", "query", "calls", "failed", "p50 ms", "p99 ms",
          "max ms", "peak native MiB", "largest native tags at the peak, MiB");
      for (PageQueries.Query q : queries) {
        memory.resetPeaks();
        long[] micros = new long[calls];
        int failed = 0;
        for (int n = 0; n < calls; n++) {
          long s = System.nanoTime();
          try {
            q.run().apply(n * 61).toCompletableFuture().join(); // bounds shifted by n minutes and n seconds
          } catch (RuntimeException e) {
            failed++;
            failures.putIfAbsent(q.name(), String.valueOf(e.getCause() != null ? e.getCause() : e));
          }
          micros[n] = (System.nanoTime() - s) / 1_000;
        }
        Arrays.sort(micros);
        System.out.printf(Locale.ROOT, "%-20s %6d %6d %9.1f %9.1f %9.1f %15.1f  %s%n", q.name(), calls, failed,
            micros[calls / 2] / 1000.0, micros[Math.min(calls - 1, (int) Math.ceil(calls * 0.99) - 1)] / 1000.0,
            micros[calls - 1] / 1000.0, MemorySampler.mib(memory.peakNative()), memory.peakTags());
      }
      System.out.println("after queries:    " + memory.sample());

      for (int burst : List.of(8, 32)) {
        memory.resetPeaks();
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        long s = System.nanoTime();
        for (int n = 0; n < burst; n++) {
          inFlight.add(store.range(fleet.serial(n), fleet.end().minus(Duration.ofDays(1)).minusSeconds(n), fleet.end(),
              Duration.ofMinutes(15)).toCompletableFuture());
        }
        int failed = 0;
        for (CompletableFuture<?> f : inFlight) {
          try {
            f.join();
          } catch (RuntimeException e) {
            failed++;
            failures.putIfAbsent("burst " + burst, String.valueOf(e.getCause()));
          }
        }
        System.out.printf(Locale.ROOT, "burst of %2d concurrent day ranges: %,d ms, %d failed, peak QuestDB native %,.1f MiB; after: %s%n",
            burst, (System.nanoTime() - s) / 1_000_000, failed, MemorySampler.mib(memory.peakNative()), memory.sample());
      }
      failures.forEach((name, error) -> System.out.println("FAILED " + name + ": " + error));
      assertThat(failures).as("queries that failed").isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void soak(@TempDir Path root) throws InterruptedException {
    int meters = Integer.getInteger("bench.soak-meters", 50);
    int days = Integer.getInteger("bench.soak-days", 7);
    int calls = Integer.getInteger("bench.soak-calls", 10_000);
    int parallel = Integer.getInteger("bench.soak-parallel", 4);
    PageQueries.Fleet fleet = new PageQueries.Fleet(meters, 3, 10, 40, START, days * 96, Duration.ofMinutes(15));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    ExecutorService clients = Executors.newFixedThreadPool(parallel);
    try (MemorySampler memory = new MemorySampler();
        EmbeddedQuestDb db = EmbeddedQuestDb.start(QuestDbSettings.loopback(root, 0));
        QuestDbReadingStore store = new QuestDbReadingStore(db, QuestDbStoreSettings.defaults());
        QuestDbForecastStore forecasts = new QuestDbForecastStore(db.httpUrl(), QuestDbStoreSettings.defaults(), pool)) {
      QuestDbExec sql = PageQueries.sql(db);
      store.start().toCompletableFuture().join();
      forecasts.start().toCompletableFuture().join();
      fleet.write(store, sql, 5_000);
      fleet.writeForecasts(forecasts, sql);
      QuestDbRegisterBoundaries billing = new QuestDbRegisterBoundaries(db.httpUrl(), Duration.ofSeconds(30), pool);
      List<PageQueries.Query> queries = PageQueries.all(fleet, store, forecasts, billing, Duration.ofDays(1));
      System.out.printf(Locale.ROOT, "%d cores; %,d readings (%d meters x %d days); %d query kinds x %,d calls with distinct"
              + " bounds, %d clients in parallel%n", Runtime.getRuntime().availableProcessors(), fleet.readings(), meters, days,
          queries.size(), calls, parallel);
      for (PageQueries.Query q : queries) {
        q.run().apply(0).toCompletableFuture().join();
      }
      long first = PageQueries.nativeBytes(sql);
      memory.resetPeaks();
      System.out.printf(Locale.ROOT, "round      1: %s%n", memory.sample());
      AtomicInteger next = new AtomicInteger(1);
      AtomicInteger failed = new AtomicInteger();
      Map<String, String> failures = new java.util.concurrent.ConcurrentHashMap<>();
      long t0 = System.nanoTime();
      for (int part = 1; part <= 10; part++) {
        int until = (int) ((long) calls * part / 10);
        List<java.util.concurrent.Future<?>> lanes = new ArrayList<>();
        for (int c = 0; c < parallel; c++) {
          lanes.add(clients.submit(() -> {
            for (int n = next.getAndIncrement(); n < until; n = next.getAndIncrement()) {
              for (PageQueries.Query q : queries) {
                try {
                  q.run().apply(n).toCompletableFuture().join(); // shifted by n s: every call a new SQL text
                } catch (RuntimeException e) {
                  failed.incrementAndGet();
                  failures.putIfAbsent(q.name(), String.valueOf(e.getCause() != null ? e.getCause() : e));
                }
              }
            }
          }));
        }
        for (java.util.concurrent.Future<?> lane : lanes) {
          try {
            lane.get();
          } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError(e.getCause());
          }
        }
        next.set(until); // each lane drew one number past the part: the next part starts there
        System.out.printf(Locale.ROOT, "round %,6d: %s; %,d s%n", until, memory.sample(), (System.nanoTime() - t0) / 1_000_000_000L);
      }
      long last = PageQueries.nativeBytes(sql);
      System.out.printf(Locale.ROOT, "%,d queries in %,d s, %d failed; QuestDB native (memory_metrics) after round 1: %,d B,"
              + " at the end: %,d B (%+,d B); peak %,.1f MiB%n", (long) calls * queries.size(),
          (System.nanoTime() - t0) / 1_000_000_000L, failed.get(), first, last, last - first,
          MemorySampler.mib(memory.peakNative()));
      failures.forEach((name, error) -> System.out.println("FAILED " + name + ": " + error));
      assertThat(failures).as("queries that failed").isEmpty();
      assertThat(last - first).as("QuestDB native memory growth over the soak").isLessThan(16L << 20);
    } finally {
      clients.shutdownNow();
      pool.shutdownNow();
    }
  }
}
