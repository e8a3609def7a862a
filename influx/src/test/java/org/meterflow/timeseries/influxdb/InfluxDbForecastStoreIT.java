package org.meterflow.timeseries.influxdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterflow.timeseries.questdb.EmbeddedQuestDb;
import org.meterflow.timeseries.questdb.QuestDbForecastStore;
import org.meterflow.timeseries.questdb.QuestDbSettings;
import org.meterflow.timeseries.questdb.QuestDbStoreSettings;
import org.meterflow.model.forecast.DayAheadForecast;
import org.meterflow.model.port.ForecastStore;
import org.meterflow.model.port.ForecastStore.StoredPoint;

/**
 * Forecasts in Debian's InfluxDB 1.6 (started here, auth on): a later run replaces the earlier one
 * interval by interval, and every read answers as {@link QuestDbForecastStore} does for the same
 * writes. Integration profile; fails when {@code /usr/bin/influxd} is missing.
 */
class InfluxDbForecastStoreIT {

  private static final Instant T0 = Instant.parse("2026-11-26T18:30:00Z");
  private static final Instant DAY_AFTER = T0.plus(Duration.ofDays(1));

  @TempDir static Path dir;
  private static InfluxDbServer influxd;
  private static ExecutorService executor;
  private static InfluxDbForecastStore influx;
  private static EmbeddedQuestDb questDb;
  private static QuestDbForecastStore questDbStore;

  @BeforeAll
  static void start() throws Exception {
    influxd = InfluxDbServer.start(Files.createDirectories(dir.resolve("influxdb")), true);
    influxd.createAdmin("meterflow", "s3cret-Pa55");
    executor = Executors.newFixedThreadPool(2);
    influx = new InfluxDbForecastStore(new InfluxDbSettings(influxd.url(), 1, "", "", "", "forecasting", "",
        "meterflow", "s3cret-Pa55", true, Duration.ofSeconds(10), Duration.ofSeconds(10), 1, 4), executor);
    join(influx.start());
    join(influx.start()); // idempotent
    questDb = EmbeddedQuestDb.start(QuestDbSettings.loopback(Files.createDirectories(dir.resolve("questdb")),
        EmbeddedQuestDb.freePort()));
    questDbStore = new QuestDbForecastStore(questDb.httpUrl(), QuestDbStoreSettings.defaults(), executor);
    join(questDbStore.start());
  }

  @AfterAll
  static void stop() {
    if (influx != null) {
      influx.close();
    }
    if (questDbStore != null) {
      questDbStore.close();
    }
    if (questDb != null) {
      questDb.close();
    }
    if (influxd != null) {
      influxd.close();
    }
    if (executor != null) {
      executor.shutdownNow();
    }
  }

  /** Four 15-minute intervals from T0; the third has no forecast (NaN) and is not stored. */
  private static DayAheadForecast forecast(double level) {
    double[] p = {level, level + 1, Double.NaN, level + 3};
    double[] lo = {level - 2, level - 1, Double.NaN, level + 1};
    double[] hi = {level + 2, level + 3, Double.NaN, level + 5};
    return new DayAheadForecast(T0, Duration.ofMinutes(15), p, lo, hi, lo, hi);
  }

  @Test
  void storesReadsAndReplacesARunIntervalByInterval() {
    Instant run1 = T0.minus(Duration.ofHours(6));
    writeBoth("region", "north", "kw", forecast(100), run1);
    writeBoth("region", "south", "kw", forecast(7), run1);

    List<StoredPoint> first = join(influx.read("region", "north", "kw", T0, DAY_AFTER));
    assertThat(first).extracting(StoredPoint::point).containsExactly(100.0, 101.0, 103.0);
    assertThat(first.get(0)).isEqualTo(new StoredPoint(T0, 100, 98, 102, 98, 102, run1));
    assertThat(first.get(2).ts()).as("the NaN interval is skipped, not shifted").isEqualTo(T0.plus(Duration.ofMinutes(45)));

    // A rerun an hour later: one point per interval, the newer values and issue time
    Instant run2 = run1.plus(Duration.ofHours(1));
    writeBoth("region", "north", "kw", forecast(200), run2);
    List<StoredPoint> second = join(influx.read("region", "north", "kw", T0, DAY_AFTER));
    assertThat(second).extracting(StoredPoint::point).containsExactly(200.0, 201.0, 203.0);
    assertThat(second).extracting(StoredPoint::issuedAt).containsOnly(run2);
    assertThat(join(influx.read("region", "south", "kw", T0, DAY_AFTER))).extracting(StoredPoint::point)
        .containsExactly(7.0, 8.0, 10.0);

    // A rerun without a forecast for the first interval keeps the earlier run's value there
    double[] p = {Double.NaN, 301, 302, 303};
    double[] lo = {Double.NaN, 300, 301, 302};
    double[] hi = {Double.NaN, Double.NaN, 303, 304}; // a missing bound is stored as the point
    Instant run3 = run2.plus(Duration.ofHours(1));
    writeBoth("region", "north", "kw", new DayAheadForecast(T0, Duration.ofMinutes(15), p, lo, hi, lo, hi), run3);
    List<StoredPoint> third = join(influx.read("region", "north", "kw", T0, DAY_AFTER));
    assertThat(third).extracting(StoredPoint::point).containsExactly(200.0, 301.0, 302.0, 303.0);
    assertThat(third).extracting(StoredPoint::issuedAt).containsExactly(run2, run3, run3, run3);
    assertThat(third.get(1).hi80()).isEqualTo(301.0);

    for (String[] series : new String[][] {{"region", "north", "kw"}, {"region", "south", "kw"}, {"region", "north", "kva"}}) {
      for (Instant[] window : new Instant[][] {{T0, DAY_AFTER}, {T0.plusSeconds(1), T0.plus(Duration.ofMinutes(45))},
          {DAY_AFTER, T0}, {T0.minus(Duration.ofDays(1)), T0}}) {
        assertThat(join(influx.read(series[0], series[1], series[2], window[0], window[1])))
            .as("%s %s..%s", String.join("/", series), window[0], window[1])
            .isEqualTo(join(questDbStore.read(series[0], series[1], series[2], window[0], window[1])));
      }
    }
    assertThat(join(influx.read("region", "north", "kva", T0, DAY_AFTER))).isEmpty();
    assertThat(join(influx.read("feeder", "north", "kw", T0, DAY_AFTER))).isEmpty();
  }

  @Test
  void refusesNamesThatCouldBreakTheLineOrTheQuery() {
    assertThat(failure(influx.write("region", "no rth", "kw", forecast(1), T0))).hasMessageContaining("invalid");
    assertThat(failure(influx.read("region", "x' OR '1'='1", "kw", T0, DAY_AFTER))).hasMessageContaining("invalid");
  }

  @Test
  void aMissingDatabaseIsAnErrorNotAnEmptyAnswer() {
    try (InfluxDbForecastStore missing = new InfluxDbForecastStore(new InfluxDbSettings(influxd.url(), 1, "", "", "",
        "not_there", "", "meterflow", "s3cret-Pa55", false, Duration.ofSeconds(5), Duration.ofSeconds(5), 1, 1), executor)) {
      assertThat(failure(missing.start())).isInstanceOf(InfluxDbException.class).hasMessageContaining("not_there");
      assertThat(failure(missing.read("region", "north", "kw", T0, DAY_AFTER)))
          .isInstanceOf(InfluxDbException.class).hasMessageContaining("database not found");
      assertThat(failure(missing.write("region", "north", "kw", forecast(1), T0))).hasMessageContaining("database not found");
    }
  }

  /** Writes to both stores and waits until QuestDB, which applies its WAL asynchronously, shows the run. */
  private static void writeBoth(String level, String id, String quantity, DayAheadForecast f, Instant issuedAt) {
    join(influx.write(level, id, quantity, f, issuedAt));
    join(questDbStore.write(level, id, quantity, f, issuedAt));
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!shows(questDbStore, level, id, quantity, issuedAt)) {
      assertThat(System.nanoTime()).as("QuestDB applied the run in time").isLessThan(deadline);
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }

  private static boolean shows(ForecastStore store, String level, String id, String quantity, Instant issuedAt) {
    return join(store.read(level, id, quantity, T0, DAY_AFTER)).stream().anyMatch(p -> p.issuedAt().equals(issuedAt));
  }

  private static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  private static Throwable failure(CompletionStage<?> stage) {
    try {
      stage.toCompletableFuture().join();
    } catch (CompletionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected the stage to fail");
  }
}
