package org.meterflow.timeseries.questdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import org.meterflow.model.forecast.DayAheadForecast;
import org.meterflow.model.meter.MeterLocation;
import org.meterflow.model.port.NetworkLevel;
import org.meterflow.model.reading.AcceptedReading;
import org.meterflow.model.reading.Reading;

/**
 * A fleet of meters in an embedded QuestDB and every kind of query MeterFlow sends to it, through
 * the real store classes. Each call takes a number {@code n} that shifts its time bounds by
 * {@code n} seconds, so every call is a new SQL text, as the platform's are (their bounds follow the
 * clock). Shared by {@link QuestDbQueryMemoryTest} (default run) and {@code QuestDbPageQueryBenchmark}.
 */
final class PageQueries {

  /** One kind of query: {@code run.apply(n)} issues it with its bounds shifted by {@code n} seconds. */
  record Query(String name, IntFunction<CompletionStage<?>> run) {}

  /**
   * {@code meters} meters reporting every {@code interval} for {@code intervals} intervals from
   * {@code start}; meter {@code m} sits in region {@code m % regions}, feeder {@code m % feeders},
   * DT {@code m % dts}.
   */
  record Fleet(int meters, int regions, int feeders, int dts, Instant start, int intervals, Duration interval) {

    Instant end() {
      return start.plus(interval.multipliedBy(intervals));
    }

    long readings() {
      return (long) meters * intervals;
    }

    String serial(int m) {
      return String.format(Locale.ROOT, "M%07d", m);
    }

    List<String> serials() {
      List<String> out = new ArrayList<>(meters);
      for (int m = 0; m < meters; m++) {
        out.add(serial(m));
      }
      return out;
    }

    String region(int m) {
      return "R" + (m % regions);
    }

    String feeder(int m) {
      return "F-" + (m % feeders);
    }

    String dt(int m) {
      return "DT-" + (m % dts);
    }

    /** Every meter's reading of interval {@code r}: registers rise, V/I/f/pf wander a little. */
    List<AcceptedReading> slot(int r) {
      Instant ts = start.plus(interval.multipliedBy(r));
      List<AcceptedReading> out = new ArrayList<>(meters);
      for (int m = 0; m < meters; m++) {
        Double pf = m % 4 == 0 ? null : 0.9 + (m % 10) / 100.0;
        Reading reading = new Reading(serial(m), r, ts, 1000.125 + r * 0.25 + m, r * 0.01, 230.1 + (m % 7) * 0.3,
            4.2 + ((r + m) % 11) * 0.1, 49.98 + (r % 5) * 0.01, pf);
        out.add(new AcceptedReading(reading, ts.plusMillis(250 + m % 500),
            new MeterLocation(region(m), "S1", feeder(m), dt(m))));
      }
      return out;
    }

    /**
     * Writes every reading through {@code store} in batches of {@code batch} readings, at most 4
     * batches in flight (the platform's ingest: {@code meterflow.ingest.batch-size} 5,000,
     * {@code write-parallelism} 4), and returns once QuestDB has applied them.
     */
    void write(QuestDbReadingStore store, QuestDbExec sql, int batch) {
      write(store, sql, batch, 0, intervals);
    }

    /** As {@link #write(QuestDbReadingStore, QuestDbExec, int)}, intervals {@code from} (incl.) to {@code to} (excl.) only. */
    void write(QuestDbReadingStore store, QuestDbExec sql, int batch, int from, int to) {
      List<CompletableFuture<Void>> inFlight = new ArrayList<>();
      List<AcceptedReading> pending = new ArrayList<>(batch);
      for (int r = from; r < to; r++) {
        for (AcceptedReading reading : slot(r)) {
          pending.add(reading);
          if (pending.size() == batch) {
            inFlight.add(store.write(pending).toCompletableFuture());
            pending = new ArrayList<>(batch);
            if (inFlight.size() >= 4) {
              inFlight.remove(0).join();
            }
          }
        }
      }
      if (!pending.isEmpty()) {
        inFlight.add(store.write(pending).toCompletableFuture());
      }
      inFlight.forEach(CompletableFuture::join);
      awaitApplied(sql, "readings");
    }

    /** A day-ahead forecast of every region for each day of the fleet's span (one per day). */
    void writeForecasts(QuestDbForecastStore forecasts, QuestDbExec sql) {
      int perDay = 96;
      List<CompletableFuture<Void>> all = new ArrayList<>();
      for (Instant day = start; day.isBefore(end()); day = day.plus(Duration.ofDays(1))) {
        for (int g = 0; g < regions; g++) {
          double[] p = new double[perDay];
          double[] lo = new double[perDay];
          double[] hi = new double[perDay];
          for (int i = 0; i < perDay; i++) {
            p[i] = 100 + g + i;
            lo[i] = p[i] - 5;
            hi[i] = p[i] + 5;
          }
          all.add(forecasts.write("region", "R" + g, "kw", new DayAheadForecast(day, Duration.ofMinutes(15), p, lo, hi, lo, hi),
              day.minus(Duration.ofHours(6))).toCompletableFuture());
        }
      }
      all.forEach(CompletableFuture::join);
      awaitApplied(sql, QuestDbForecastStore.TABLE);
    }
  }

  private PageQueries() {}

  /**
   * Every query kind, for ranges of {@code window} ending at the fleet's end (minus the shift):
   * latest; a meter's range at 1m, 15m, 1h and 1d steps; count; load of a region, feeder and DT at
   * 15m; the register boundaries of all meters (lookback 62 d, lookahead 7 d, as billing asks);
   * the interval energy by hour of day of up to 1,000 meters over 30 days; a region's forecast of a day.
   */
  static List<Query> all(Fleet fleet, QuestDbReadingStore store, QuestDbForecastStore forecasts,
      QuestDbRegisterBoundaries billing, Duration window) {
    Duration fifteen = Duration.ofMinutes(15);
    ZoneId zone = ZoneId.of("Asia/Kolkata");
    List<String> energySerials = fleet.serials().subList(0, Math.min(fleet.meters(), QuestDbRegisterBoundaries.SERIALS_PER_QUERY));
    List<Query> q = new ArrayList<>();
    q.add(new Query("latest", n -> store.latest(fleet.serial(n % fleet.meters()))));
    for (Duration step : List.of(Duration.ofMinutes(1), fifteen, Duration.ofHours(1), Duration.ofDays(1))) {
      q.add(new Query("range " + org.meterflow.timeseries.StepLiteral.of(step, "T"),
          n -> store.range(fleet.serial(n % fleet.meters()), to(fleet, n).minus(window), to(fleet, n), step)));
    }
    q.add(new Query("count", n -> store.count(fleet.serial(n % fleet.meters()), to(fleet, n).minus(window), to(fleet, n))));
    q.add(new Query("load region 15m",
        n -> store.load(NetworkLevel.REGION, fleet.region(n), to(fleet, n).minus(window), to(fleet, n), fifteen)));
    q.add(new Query("load feeder 15m",
        n -> store.load(NetworkLevel.FEEDER, fleet.feeder(n), to(fleet, n).minus(window), to(fleet, n), fifteen)));
    q.add(new Query("load dt 15m",
        n -> store.load(NetworkLevel.DT, fleet.dt(n), to(fleet, n).minus(window), to(fleet, n), fifteen)));
    q.add(new Query("register boundaries",
        n -> billing.around(to(fleet, n).minus(Duration.ofDays(3)), Duration.ofDays(62), Duration.ofDays(7))));
    q.add(new Query("interval energy",
        n -> billing.importByHourOfDay(energySerials, to(fleet, n).minus(Duration.ofDays(30)), to(fleet, n), zone,
            Duration.ofHours(1))));
    q.add(new Query("forecast read", n -> forecasts.read("region", fleet.region(n), "kw",
        to(fleet, n).minus(Duration.ofDays(1)), to(fleet, n))));
    return q;
  }

  private static Instant to(Fleet fleet, int n) {
    return fleet.end().minusSeconds(n);
  }

  /** QuestDB's native memory in bytes (what {@code ram.usage.limit.bytes} caps): the NATIVE_* rows of memory_metrics(). */
  static long nativeBytes(QuestDbExec sql) {
    return memoryMetric(sql, "NATIVE_");
  }

  /** The sum of the memory_metrics() rows whose name starts with {@code prefix}. */
  static long memoryMetric(QuestDbExec sql, String prefix) {
    QuestDbExec.Result result = sql.query("SELECT * FROM memory_metrics()").join();
    long sum = 0;
    for (JsonNode row : result.rows()) {
      if (row.get(0).asText().startsWith(prefix)) {
        sum += row.get(1).asLong();
      }
    }
    return sum;
  }

  static QuestDbExec sql(EmbeddedQuestDb db) {
    return new QuestDbExec(db.httpUrl(), Duration.ofSeconds(30), new ObjectMapper());
  }

  /** Waits (at most 5 minutes) until QuestDB applied every committed WAL transaction of {@code table}. */
  static void awaitApplied(QuestDbExec sql, String table) {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    String probe = "SELECT writerTxn, sequencerTxn FROM wal_tables() WHERE name = '" + table + "'";
    while (System.nanoTime() < deadline) {
      QuestDbExec.Result result = sql.query(probe).join();
      if (!result.rows().isEmpty()) {
        JsonNode row = result.rows().get(0);
        if (result.cell(row, "writerTxn").asLong() == result.cell(row, "sequencerTxn").asLong()) {
          return;
        }
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
    throw new AssertionError("WAL of " + table + " not applied within 5 minutes");
  }
}
