package org.meterflow.timeseries.influxdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.exceptions.NotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.LockSupport;
import org.assertj.core.data.Offset;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterflow.timeseries.lineprotocol.ReadingLineProtocol;
import org.meterflow.timeseries.questdb.EmbeddedQuestDb;
import org.meterflow.timeseries.questdb.QuestDbReadingStore;
import org.meterflow.timeseries.questdb.QuestDbSettings;
import org.meterflow.timeseries.questdb.QuestDbStoreSettings;
import org.meterflow.model.meter.MeterLocation;
import org.meterflow.model.port.LoadPoint;
import org.meterflow.model.port.NetworkLevel;
import org.meterflow.model.port.ReadingStore;
import org.meterflow.model.reading.AcceptedReading;
import org.meterflow.model.reading.Reading;
import org.meterflow.model.reading.ReadingPoint;

/**
 * The same readings written to Debian's InfluxDB 1.6 (started here, auth on, through /write and
 * InfluxQL) and to an embedded QuestDB (line protocol over /api/v2/write, SQL): every query of the
 * {@link ReadingStore} port gives the same answer on both, redeliveries included. Integration
 * profile; fails when {@code /usr/bin/influxd} is missing.
 */
class InfluxDbVsQuestDbIT {

  private static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");
  private static final Duration INTERVAL = Duration.ofMinutes(15);
  private static final int DAYS = 2;
  private static final String USER = "meterflow";
  private static final String PASSWORD = "s3cret-Pa55";
  private static final Offset<Double> CLOSE = Offset.offset(1e-9);

  @TempDir static Path dir;
  private static InfluxDbServer influxd;
  private static InfluxDbReadingStore influx;
  private static EmbeddedQuestDb questDb;
  private static QuestDbReadingStore questDbStore;
  private static final List<String> SERIALS = List.of("IT-0001", "IT-0002", "IT-0003", "IT-0004");
  private static final List<AcceptedReading> WRITTEN = new ArrayList<>();
  /** Two meters under one DT, a second DT on the same feeder, another feeder in a region with a space in its name. */
  private static final List<MeterLocation> LOCATIONS = List.of(
      new MeterLocation("North", "SS-1", "F-1", "DT-1"),
      new MeterLocation("North", "SS-1", "F-1", "DT-1"),
      new MeterLocation("North", "SS-1", "F-1", "DT-2"),
      new MeterLocation("South East", "SS-2", "F-2", "DT-3"));

  @BeforeAll
  static void writeTheSameReadingsToBoth() throws Exception {
    influxd = InfluxDbServer.start(Files.createDirectories(dir.resolve("influxdb")), true);
    influxd.createAdmin(USER, PASSWORD);
    influx = new InfluxDbReadingStore(new InfluxDbSettings(influxd.url(), 1, "", "", "", "meterflow", "", USER,
        PASSWORD, true, Duration.ofSeconds(10), Duration.ofSeconds(10), 2, 16));
    join(influx.start());
    join(influx.start()); // idempotent
    questDb = EmbeddedQuestDb.start(QuestDbSettings.loopback(Files.createDirectories(dir.resolve("questdb")),
        EmbeddedQuestDb.freePort()));
    questDbStore = new QuestDbReadingStore(questDb.httpUrl(), QuestDbStoreSettings.defaults());
    join(questDbStore.start());

    List<AcceptedReading> all = new ArrayList<>();
    for (int m = 0; m < SERIALS.size(); m++) {
      for (int i = 0; i < DAYS * 96; i++) {
        if (m == 3 && i % 7 == 3) {
          continue; // a meter with gaps
        }
        all.add(reading(SERIALS.get(m), m, i));
      }
    }
    // In batches of 100, each batch written to both stores; then a redelivery of 50 readings
    // (later receivedAt) in one more batch: both must keep one point per (serial, ts).
    for (int from = 0; from < all.size(); from += 100) {
      List<AcceptedReading> batch = all.subList(from, Math.min(all.size(), from + 100));
      join(influx.write(batch));
      join(questDbStore.write(batch));
    }
    List<AcceptedReading> redelivered = new ArrayList<>();
    for (int i = all.size() - 50; i < all.size(); i++) {
      AcceptedReading a = all.get(i);
      redelivered.add(new AcceptedReading(a.reading(), a.receivedAt().plusSeconds(40), a.location()));
    }
    join(influx.write(redelivered));
    join(questDbStore.write(redelivered));
    WRITTEN.addAll(all);
    awaitQuestDb();
  }

  @AfterAll
  static void stop() {
    if (influx != null) {
      influx.close();
    }
    if (influxd != null) {
      influxd.close();
    }
    if (questDbStore != null) {
      questDbStore.close();
    }
    if (questDb != null) {
      questDb.close();
    }
  }

  @Test
  void countsAgreeAndRedeliveryOverwrites() {
    Instant end = T0.plus(Duration.ofDays(DAYS));
    for (String serial : SERIALS) {
      long expected = WRITTEN.stream().filter(a -> a.serial().equals(serial)).count();
      assertThat(join(influx.count(serial, T0, end))).as(serial).isEqualTo(expected);
      assertThat(join(questDbStore.count(serial, T0, end))).as(serial).isEqualTo(expected);
      for (Instant[] window : windows()) {
        assertThat(join(influx.count(serial, window[0], window[1])))
            .as("%s %s..%s", serial, window[0], window[1])
            .isEqualTo(join(questDbStore.count(serial, window[0], window[1])));
      }
    }
    assertThat(join(influx.count("IT-NONE", T0, end))).isZero();
    assertThat(join(influx.count(SERIALS.get(0), end, T0))).isZero();
  }

  @Test
  void latestAgreesAndCarriesTheRedeliveredReceivedAt() {
    for (String serial : SERIALS) {
      Optional<AcceptedReading> fromInflux = join(influx.latest(serial));
      Optional<AcceptedReading> fromQuestDb = join(questDbStore.latest(serial));
      assertThat(fromInflux).as(serial).isPresent().isEqualTo(fromQuestDb);
    }
    AcceptedReading last = WRITTEN.get(WRITTEN.size() - 1);
    assertThat(join(influx.latest(last.serial())).orElseThrow().receivedAt()).isEqualTo(last.receivedAt().plusSeconds(40));
    assertThat(join(influx.latest("IT-NONE"))).isEmpty();
  }

  @Test
  void rangesAgreeForEveryStep() {
    for (String serial : SERIALS) {
      for (Duration step : List.of(Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(1))) {
        for (Instant[] window : windows()) {
          List<ReadingPoint> a = join(influx.range(serial, window[0], window[1], step));
          List<ReadingPoint> b = join(questDbStore.range(serial, window[0], window[1], step));
          String what = serial + " " + step + " " + window[0] + ".." + window[1];
          assertThat(a).as(what).hasSameSizeAs(b);
          for (int i = 0; i < a.size(); i++) {
            assertSamePoint(what + " #" + i, a.get(i), b.get(i));
          }
        }
      }
    }
    assertThat(join(influx.range(SERIALS.get(0), T0, T0.plus(Duration.ofDays(1)), Duration.ofHours(1)))).hasSize(24);
  }

  @Test
  void loadAgreesForEveryAreaAndStep() {
    List<Object[]> areas = List.of(
        new Object[] {NetworkLevel.REGION, "North", 3}, new Object[] {NetworkLevel.REGION, "South East", 1},
        new Object[] {NetworkLevel.FEEDER, "F-1", 3}, new Object[] {NetworkLevel.DT, "DT-1", 2},
        new Object[] {NetworkLevel.DT, "DT-2", 1}, new Object[] {NetworkLevel.DT, "nowhere", 0});
    for (Object[] area : areas) {
      NetworkLevel level = (NetworkLevel) area[0];
      String id = (String) area[1];
      for (Duration step : List.of(Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofDays(1))) {
        for (Instant[] window : windows()) {
          List<LoadPoint> a = join(influx.load(level, id, window[0], window[1], step));
          List<LoadPoint> b = join(questDbStore.load(level, id, window[0], window[1], step));
          String where = level + " " + id + " " + step + " " + window[0] + ".." + window[1];
          assertThat(a).as(where).hasSameSizeAs(b);
          for (int i = 0; i < a.size(); i++) {
            String what = where + " #" + i + " " + a.get(i) + " vs " + b.get(i);
            assertThat(a.get(i).ts()).as(what).isEqualTo(b.get(i).ts());
            assertThat(a.get(i).meters()).as(what).isEqualTo(b.get(i).meters());
            assertThat(a.get(i).kw()).as(what).isCloseTo(b.get(i).kw(), Percentage.withPercentage(1e-9));
            assertThat(a.get(i).kva()).as(what).isCloseTo(b.get(i).kva(), Percentage.withPercentage(1e-9));
          }
        }
      }
      List<LoadPoint> day = join(influx.load(level, id, T0, T0.plus(Duration.ofDays(1)), Duration.ofDays(1)));
      int meters = (Integer) area[2];
      assertThat(day).as(level + " " + id).hasSize(meters == 0 ? 0 : 1);
      day.forEach(p -> assertThat(p.meters()).isEqualTo(meters));
    }
  }

  @Test
  void badInputFailsTheStageNotTheCaller() {
    assertThat(failure(influx.latest("bad serial'; DROP"))).isInstanceOf(IllegalArgumentException.class);
    assertThat(failure(influx.range(SERIALS.get(0), T0, T0.plusSeconds(60), Duration.ZERO)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aMissingDatabaseOrWrongPasswordIsAnErrorNotAnEmptyAnswer() {
    InfluxDbSettings missing = new InfluxDbSettings(influxd.url(), 1, "", "", "", "not_there", "", USER, PASSWORD,
        false, Duration.ofSeconds(5), Duration.ofSeconds(5), 1, 1);
    try (InfluxDbReadingStore store = new InfluxDbReadingStore(missing)) {
      assertThat(failure(store.start())).isInstanceOf(InfluxDbException.class).hasMessageContaining("not_there");
      assertThat(failure(store.count(SERIALS.get(0), T0, T0.plusSeconds(900))))
          .isInstanceOf(InfluxDbException.class).hasMessageContaining("database not found");
    }
    InfluxDbSettings wrongPassword = new InfluxDbSettings(influxd.url(), 1, "", "", "", "meterflow", "", USER, "nope",
        false, Duration.ofSeconds(5), Duration.ofSeconds(5), 1, 1);
    try (InfluxDbReadingStore store = new InfluxDbReadingStore(wrongPassword)) {
      assertThat(failure(store.write(List.of(reading(SERIALS.get(0), 0, 0)))))
          .isInstanceOf(InfluxDbException.class).hasMessageContaining("401");
      assertThat(failure(store.count(SERIALS.get(0), T0, T0.plusSeconds(900)))).hasMessageContaining("401");
    }
  }

  /** Why version 1 posts to /write itself: the client's 1.8-compat mode needs /api/v2/write. */
  @Test
  void influxDb16HasNoV2WriteEndpoint() {
    try (InfluxDBClient compat = InfluxDBClientFactory.createV1(influxd.url(), USER, PASSWORD.toCharArray(),
        "meterflow", "autogen")) {
      assertThatThrownBy(() -> compat.getWriteApiBlocking().writeRecord(WritePrecision.MS,
          ReadingLineProtocol.line(reading(SERIALS.get(0), 0, 0))))
          .isInstanceOf(NotFoundException.class);
    }
  }

  private static void assertSamePoint(String what, ReadingPoint a, ReadingPoint b) {
    assertThat(a.ts()).as(what).isEqualTo(b.ts());
    assertThat(a.samples()).as(what).isEqualTo(b.samples());
    assertThat(a.importKwh()).as(what).isCloseTo(b.importKwh(), CLOSE);
    assertThat(a.exportKwh()).as(what).isCloseTo(b.exportKwh(), CLOSE);
    assertThat(a.voltage()).as(what).isCloseTo(b.voltage(), CLOSE);
    assertThat(a.current()).as(what).isCloseTo(b.current(), CLOSE);
    assertThat(a.frequency()).as(what).isCloseTo(b.frequency(), CLOSE);
    if (b.powerFactor() == null) {
      assertThat(a.powerFactor()).as(what).isNull();
    } else {
      assertThat(a.powerFactor()).as(what).isNotNull().isCloseTo(b.powerFactor(), CLOSE);
    }
  }

  /** Whole days, an unaligned window, a window before any data, an empty one. */
  private static List<Instant[]> windows() {
    return List.of(
        new Instant[] {T0, T0.plus(Duration.ofDays(DAYS))},
        new Instant[] {T0.plus(Duration.ofMinutes(37)), T0.plus(Duration.ofHours(20).plusMinutes(11))},
        new Instant[] {T0.minus(Duration.ofDays(3)), T0.minus(Duration.ofDays(1))},
        new Instant[] {T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(1))});
  }

  /**
   * Meter {@code m}'s {@code i}-th reading: registers rise, voltage and current vary, the power
   * factor is missing on every fifth reading (and always on meter 2).
   */
  private static AcceptedReading reading(String serial, int m, int i) {
    Instant ts = T0.plus(INTERVAL.multipliedBy(i));
    double volts = 220 + (i * 7 + m * 3) % 25 + 0.1 * m;
    double amps = 2 + (i * 13 + m) % 17 * 0.5;
    Double pf = m == 2 || i % 5 == 0 ? null : 0.8 + (i % 19) / 100.0;
    Reading r = new Reading(serial, i, ts, 1000 * m + 0.25 * i, m == 1 ? 0.01 * i : 0.0, volts, amps,
        49.9 + (i % 5) * 0.05, pf);
    return new AcceptedReading(r, ts.plusMillis(300 + i % 1000), LOCATIONS.get(m));
  }

  private static void awaitQuestDb() {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    Instant end = T0.plus(Duration.ofDays(DAYS));
    for (String serial : SERIALS) {
      long expected = WRITTEN.stream().filter(a -> a.serial().equals(serial)).count();
      while (join(questDbStore.count(serial, T0, end)) != expected) {
        assertThat(System.nanoTime()).as("QuestDB applied its WAL in time").isLessThan(deadline);
        LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
      }
    }
    // The redelivery is the last WAL transaction: once counts are complete wait for it too.
    AcceptedReading last = WRITTEN.get(WRITTEN.size() - 1);
    while (!join(questDbStore.latest(last.serial())).map(a -> a.receivedAt().equals(last.receivedAt().plusSeconds(40))).orElse(false)) {
      assertThat(System.nanoTime()).as("QuestDB applied the redelivery in time").isLessThan(deadline);
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
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
