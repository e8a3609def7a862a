package org.meterflow.timeseries.questdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterflow.model.forecast.DayAheadForecast;
import org.meterflow.model.port.ForecastStore.StoredPoint;

/** Forecasts in a real embedded QuestDB: a later run replaces the earlier one interval by interval. */
class QuestDbForecastStoreTest {

  private static final Instant T0 = Instant.parse("2026-11-26T18:30:00Z");

  @TempDir static Path root;
  private static EmbeddedQuestDb questDb;
  private static QuestDbForecastStore store;
  private static ExecutorService executor;

  @BeforeAll
  static void start() {
    questDb = EmbeddedQuestDb.start(QuestDbSettings.loopback(root, EmbeddedQuestDb.freePort()));
    executor = Executors.newFixedThreadPool(2);
    store = new QuestDbForecastStore(questDb.httpUrl(), QuestDbStoreSettings.defaults(), executor);
    join(store.start());
    join(store.start());
  }

  @AfterAll
  static void stop() {
    if (store != null) {
      store.close();
    }
    if (questDb != null) {
      questDb.close();
    }
    if (executor != null) {
      executor.shutdownNow();
    }
  }

  private static DayAheadForecast forecast(double level) {
    double[] p = {level, level + 1, Double.NaN, level + 3};
    double[] lo = {level - 2, level - 1, Double.NaN, level + 1};
    double[] hi = {level + 2, level + 3, Double.NaN, level + 5};
    return new DayAheadForecast(T0, Duration.ofMinutes(15), p, lo, hi, lo, hi);
  }

  @Test
  void storesReadsAndReplacesARun() {
    Instant run1 = T0.minus(Duration.ofHours(6));
    join(store.write("region", "north", "kw", forecast(100), run1));
    join(store.write("region", "south", "kw", forecast(7), run1));
    List<StoredPoint> first = await(3);
    assertThat(first).extracting(StoredPoint::point).containsExactly(100.0, 101.0, 103.0);
    assertThat(first.get(0).ts()).isEqualTo(T0);
    assertThat(first.get(2).ts()).as("the NaN interval is skipped, not shifted").isEqualTo(T0.plus(Duration.ofMinutes(45)));
    assertThat(first.get(0).lo80()).isEqualTo(98.0);
    assertThat(first.get(0).hi95()).isEqualTo(102.0);
    assertThat(first.get(0).issuedAt()).isEqualTo(run1);

    Instant run2 = run1.plus(Duration.ofHours(1));
    join(store.write("region", "north", "kw", forecast(200), run2));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    List<StoredPoint> second = first;
    while (System.nanoTime() < deadline && !second.get(0).issuedAt().equals(run2)) {
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
      second = join(store.read("region", "north", "kw", T0, T0.plus(Duration.ofDays(1))));
    }
    assertThat(second).as("one row per interval after a rerun").hasSize(3);
    assertThat(second).extracting(StoredPoint::point).containsExactly(200.0, 201.0, 203.0);
    assertThat(join(store.read("region", "south", "kw", T0, T0.plus(Duration.ofDays(1))))).hasSize(3);
    assertThat(join(store.read("region", "north", "kva", T0, T0.plus(Duration.ofDays(1))))).isEmpty();
  }

  @Test
  void refusesNamesThatCouldBreakTheLineOrTheQuery() {
    assertThatThrownBy(() -> join(store.write("region", "no rth", "kw", forecast(1), T0))).hasMessageContaining("invalid");
    assertThatThrownBy(() -> join(store.read("region", "x' OR '1'='1", "kw", T0, T0))).hasMessageContaining("invalid");
  }

  private static List<StoredPoint> await(int size) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    List<StoredPoint> points = List.of();
    while (System.nanoTime() < deadline && points.size() < size) {
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
      points = join(store.read("region", "north", "kw", T0, T0.plus(Duration.ofDays(1))));
    }
    return points;
  }

  private static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }
}
