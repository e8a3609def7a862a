package org.meterflow.timeseries.influxdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterflow.timeseries.questdb.EmbeddedQuestDb;
import org.meterflow.timeseries.questdb.QuestDbReadingStore;
import org.meterflow.timeseries.questdb.QuestDbRegisterBoundaries;
import org.meterflow.timeseries.questdb.QuestDbSettings;
import org.meterflow.timeseries.questdb.QuestDbStoreSettings;
import org.meterflow.model.meter.MeterLocation;
import org.meterflow.model.port.RegisterBoundaries.Bracket;
import org.meterflow.model.port.RegisterBoundaries.Register;
import org.meterflow.model.reading.AcceptedReading;
import org.meterflow.model.reading.Reading;

/**
 * Billing reads on Debian's InfluxDB 1.6 (started here, auth on): the registers around a boundary
 * and the interval energy by local hour, checked by hand and against {@link QuestDbRegisterBoundaries}
 * over the same readings in an embedded QuestDB. Each test uses its own stretch of time, so the
 * fleet-wide {@code around} of one test does not see another's meters. Integration profile; fails
 * when {@code /usr/bin/influxd} is missing.
 */
class InfluxDbRegisterBoundariesIT {

  private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");

  @TempDir static Path dir;
  private static InfluxDbServer influxd;
  private static InfluxDbSettings settings;
  private static TwoStores stores;
  private static ExecutorService pool;
  private static InfluxDbRegisterBoundaries influx;
  private static QuestDbRegisterBoundaries questDb;

  @BeforeAll
  static void start() throws Exception {
    influxd = InfluxDbServer.start(Files.createDirectories(dir.resolve("influxdb")), true);
    influxd.createAdmin("meterflow", "s3cret-Pa55");
    settings = new InfluxDbSettings(influxd.url(), 1, "", "", "", "meterflow", "", "meterflow", "s3cret-Pa55", true,
        Duration.ofSeconds(30), Duration.ofSeconds(30), 2, 64);
    EmbeddedQuestDb embedded = EmbeddedQuestDb.start(QuestDbSettings.loopback(
        Files.createDirectories(dir.resolve("questdb")), EmbeddedQuestDb.freePort()));
    stores = new TwoStores(new InfluxDbReadingStore(settings), embedded,
        new QuestDbReadingStore(embedded.httpUrl(), QuestDbStoreSettings.defaults()));
    pool = Executors.newFixedThreadPool(2);
    influx = new InfluxDbRegisterBoundaries(settings, Duration.ofSeconds(60), pool);
    questDb = new QuestDbRegisterBoundaries(embedded.httpUrl(), Duration.ofSeconds(60), pool);
  }

  @AfterAll
  static void stop() {
    if (influx != null) {
      influx.close();
    }
    if (pool != null) {
      pool.shutdownNow();
    }
    if (stores != null) {
      stores.close();
    }
    if (influxd != null) {
      influxd.close();
    }
  }

  @Test
  void lastBeforeAndFirstAfterTheBoundaryForEveryMeterInTheWindow() {
    Instant b = Instant.parse("2026-11-01T00:00:00Z");
    List<AcceptedReading> rs = new ArrayList<>();
    for (int i = -4; i <= 4; i++) {
      rs.add(r("A", b.plus(Duration.ofMinutes(15L * i)), 100 + i)); // across the boundary, one exactly on it
    }
    rs.add(r("B", b.minus(Duration.ofDays(3)).minus(Duration.ofMinutes(15)), 50)); // stopped three days before
    rs.add(r("B", b.minus(Duration.ofDays(3)), 51));
    rs.add(r("C", b.plus(Duration.ofDays(2)), 7)); // installed two days after
    rs.add(r("C", b.plus(Duration.ofDays(2)).plus(Duration.ofMinutes(15)), 8));
    rs.add(r("D", b.minus(Duration.ofDays(90)), 1)); // only outside the window
    rs.add(r("E", b.minus(Duration.ofDays(62)), 2)); // exactly at boundary − lookback: outside
    rs.add(r("F", b.minus(Duration.ofDays(62)).plusMillis(1), 3)); // 1 ms inside
    rs.add(r("G", b.plus(Duration.ofDays(7)), 4)); // exactly at boundary + lookahead: inside
    rs.add(r("H", b.plus(Duration.ofDays(7)).plusMillis(1), 5)); // 1 ms outside
    // I moved to another DT just before the boundary: two InfluxDB series, one meter
    rs.add(new AcceptedReading(new Reading("I", 1, b.minusSeconds(1800), 10, 1, 230, 1, 50, 0.9), b,
        new MeterLocation("North", "SS-1", "F-1", "DT-1")));
    rs.add(new AcceptedReading(new Reading("I", 2, b.minusSeconds(900), 11, 1, 230, 1, 50, 0.9), b,
        new MeterLocation("North", "SS-1", "F-1", "DT-2")));
    stores.write(rs);

    Map<String, Bracket> at = join(influx.around(b, Duration.ofDays(62), Duration.ofDays(7)));

    assertThat(at).containsOnlyKeys("A", "B", "C", "F", "G", "I");
    assertThat(at.get("A")).isEqualTo(new Bracket(new Register(b, 100, 0.5),
        new Register(b.plus(Duration.ofMinutes(15)), 101, 0.5)));
    assertThat(at.get("B")).isEqualTo(new Bracket(new Register(b.minus(Duration.ofDays(3)), 51, 0.5), null));
    assertThat(at.get("C")).isEqualTo(new Bracket(null, new Register(b.plus(Duration.ofDays(2)), 7, 0.5)));
    assertThat(at.get("F").before().importKwh()).isEqualTo(3.0);
    assertThat(at.get("G").after().ts()).isEqualTo(b.plus(Duration.ofDays(7)));
    assertThat(at.get("I").before()).isEqualTo(new Register(b.minusSeconds(900), 11, 1));
    assertThat(at).isEqualTo(join(questDb.around(b, Duration.ofDays(62), Duration.ofDays(7))));
  }

  @Test
  void intervalEnergyIsSummedByTheLocalHourEachIntervalStartsIn() {
    Instant day = LocalDate.of(2025, 9, 10).atStartOfDay(KOLKATA).toInstant();
    List<AcceptedReading> rs = new ArrayList<>();
    // T: 15-minute readings from local 23:00 the day before to 01:00 the day after; 1 kWh per
    // interval starting 18:00–21:45, 0.25 otherwise; nothing from 04:00 to 07:00 (a 3 h 15 min
    // interval, left out; the day has no DST)
    double register = 1000;
    for (Instant t = day.minus(Duration.ofHours(1)); !t.isAfter(day.plus(Duration.ofHours(25))); t = t.plus(Duration.ofMinutes(15))) {
      int hour = t.atZone(KOLKATA).getHour();
      boolean gap = t.isAfter(day.plus(Duration.ofHours(4))) && t.isBefore(day.plus(Duration.ofHours(7)));
      if (!gap) {
        rs.add(r("T", t, register));
      }
      register += hour >= 18 && hour < 22 ? 1.0 : 0.25;
    }
    // U: two readings a day apart (no usable interval); V: not asked for
    rs.add(r("U", day, 10));
    rs.add(r("U", day.plus(Duration.ofDays(1)), 30));
    rs.add(r("V", day.plus(Duration.ofMinutes(15)), 5));
    rs.add(r("V", day.plus(Duration.ofMinutes(30)), 6));
    // W: intervals of 1 h 0 min 0.999 s (kept: whole seconds as datediff) and 1 h 0 min 1 s (left out)
    rs.add(r("W", day.plus(Duration.ofHours(2)), 0));
    rs.add(r("W", day.plus(Duration.ofHours(3)).plusMillis(999), 2));
    rs.add(r("W", day.plus(Duration.ofHours(4)).plusMillis(1999), 5));
    stores.write(rs);

    Map<String, double[]> byHour = join(influx.importByHourOfDay(List.of("T", "U", "W", "O'Brien", "T"), day,
        day.plus(Duration.ofDays(1)), KOLKATA, Duration.ofHours(1)));

    assertThat(byHour).containsOnlyKeys("T", "W");
    double[] t = byHour.get("T");
    for (int h = 0; h < 24; h++) {
      // Only readings in [start, end] pair up: the 23:45→00:00 interval before the window and the
      // 00:00→00:15 one after it are out; the one ending exactly at the end is in. The reading
      // after 04:00 is 07:00 (a 3 h interval, left out), so 04–06 h are empty.
      double expected = h >= 18 && h < 22 ? 4.0 : h >= 4 && h < 7 ? 0.0 : 1.0;
      assertThat(t[h]).as("T hour %d", h).isCloseTo(expected, within(1e-9));
    }
    assertThat(byHour.get("W")[2]).isEqualTo(2.0);
    assertThat(byHour.get("W")[3]).isZero();
    assertSameSums(byHour, join(questDb.importByHourOfDay(List.of("T", "U", "W", "O'Brien"), day,
        day.plus(Duration.ofDays(1)), KOLKATA, Duration.ofHours(1))));
  }

  @Test
  void aFleetGivesTheSameAnswersAsQuestDbWhateverTheChunking() {
    Instant b = Instant.parse("2024-03-01T00:00:00Z");
    Random random = new Random(42);
    List<String> serials = new ArrayList<>();
    List<AcceptedReading> rs = new ArrayList<>();
    for (int m = 0; m < 60; m++) {
      String serial = String.format("FL-%04d", m);
      serials.add(serial);
      Instant t = b.minus(Duration.ofHours(2 + random.nextInt(48))).plusMillis(random.nextInt(1000));
      double kwh = random.nextInt(10_000) / 8.0;
      int readings = random.nextInt(300);
      for (int i = 0; i < readings; i++) {
        rs.add(r(serial, t, kwh));
        t = t.plus(Duration.ofMinutes(random.nextInt(10) == 0 ? 30 + random.nextInt(90) : 15)).plusMillis(random.nextInt(3));
        kwh += random.nextInt(100) / 40.0;
      }
    }
    stores.write(rs);

    InfluxDbRegisterBoundaries tiny = new InfluxDbRegisterBoundaries(settings, Duration.ofSeconds(60), pool, 7, 3);
    try {
      for (Duration window : List.of(Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(3))) {
        Map<String, Bracket> expected = join(questDb.around(b, window, window));
        assertThat(expected).as("meters around the boundary within %s", window).isNotEmpty();
        assertThat(join(influx.around(b, window, window))).isEqualTo(expected);
        assertThat(join(tiny.around(b, window, window))).isEqualTo(expected);
      }
      for (ZoneId zone : List.of(KOLKATA, ZoneId.of("UTC"), ZoneId.of("America/New_York"))) {
        Instant start = b.minus(Duration.ofDays(1)).plusSeconds(37);
        Instant end = b.plus(Duration.ofDays(1));
        Map<String, double[]> expected = join(questDb.importByHourOfDay(serials, start, end, zone, Duration.ofMinutes(45)));
        assertThat(expected).as("meters with intervals in %s", zone).hasSizeGreaterThan(30);
        assertSameSums(join(influx.importByHourOfDay(serials, start, end, zone, Duration.ofMinutes(45))), expected);
        assertSameSums(join(tiny.importByHourOfDay(serials, start, end, zone, Duration.ofMinutes(45))), expected);
      }
    } finally {
      tiny.close();
    }
  }

  /**
   * Tens of thousands of meters: both queries of {@code around} stream every meter's series and
   * the interval energy runs one query per thousand meters. Timings are logged, not asserted.
   */
  @Test
  void tensOfThousandsOfMetersInOneBillingRead() {
    int meters = 30_000;
    Instant b = Instant.parse("2023-06-01T00:00:00Z");
    List<String> serials = new ArrayList<>(meters);
    List<AcceptedReading> rs = new ArrayList<>(meters * 4);
    for (int m = 0; m < meters; m++) {
      String serial = String.format("SC-%06d", m);
      serials.add(serial);
      for (int q = -2; q < 2; q++) {
        rs.add(r(serial, b.plus(Duration.ofMinutes(15L * q)).plusMillis(m % 1000), m + q + 2));
      }
    }
    try (InfluxDbReadingStore writer = new InfluxDbReadingStore(settings)) {
      for (int from = 0; from < rs.size(); from += 10_000) {
        join(writer.write(rs.subList(from, Math.min(rs.size(), from + 10_000))));
      }
    }
    long t0 = System.nanoTime();
    Map<String, Bracket> at = join(influx.around(b, Duration.ofHours(1), Duration.ofHours(1)));
    long t1 = System.nanoTime();
    Map<String, double[]> byHour = join(influx.importByHourOfDay(serials, b.minus(Duration.ofHours(1)), b.plus(Duration.ofHours(1)),
        KOLKATA, Duration.ofMinutes(15)));
    long t2 = System.nanoTime();
    org.slf4j.LoggerFactory.getLogger(InfluxDbRegisterBoundariesIT.class).info(
        "{} meters: around {} ms, importByHourOfDay {} ms", meters, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);

    assertThat(at).hasSize(meters);
    // meter 12345 reads 345 ms after each quarter hour: the one at the boundary is already after it
    Instant firstAfter = b.plusMillis(345);
    assertThat(at.get("SC-012345")).isEqualTo(new Bracket(new Register(firstAfter.minus(Duration.ofMinutes(15)), 12_346, 0.5),
        new Register(firstAfter, 12_347, 0.5)));
    assertThat(byHour).hasSize(meters);
    // three 1 kWh intervals starting at local 05:00, 05:15 and 05:30 (UTC 23:30, 23:45, 00:00)
    double[] sums = byHour.get("SC-029999");
    assertThat(sums[5]).isEqualTo(3.0);
    assertThat(java.util.Arrays.stream(sums).sum()).isEqualTo(3.0);
  }

  @Test
  void badInputAndServerErrorsFailTheStageInsteadOfAnsweringNothing() {
    Instant b = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(failure(influx.importByHourOfDay(List.of("M\n1"), b, b.plusSeconds(60), KOLKATA, Duration.ofHours(1))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(join(influx.importByHourOfDay(List.of(), b, b.plusSeconds(60), KOLKATA, Duration.ofHours(1)))).isEmpty();
    InfluxDbSettings missing = new InfluxDbSettings(influxd.url(), 1, "", "", "", "not_there", "", "meterflow",
        "s3cret-Pa55", false, Duration.ofSeconds(5), Duration.ofSeconds(5), 1, 1);
    try (InfluxDbRegisterBoundaries wrong = new InfluxDbRegisterBoundaries(missing, Duration.ofSeconds(5), pool)) {
      assertThat(failure(wrong.around(b, Duration.ofDays(1), Duration.ofDays(1))))
          .isInstanceOf(InfluxDbException.class).hasMessageContaining("database not found");
      assertThat(failure(wrong.importByHourOfDay(List.of("A"), b, b.plusSeconds(60), KOLKATA, Duration.ofHours(1))))
          .isInstanceOf(InfluxDbException.class).hasMessageContaining("database not found");
    }
  }

  static void assertSameSums(Map<String, double[]> actual, Map<String, double[]> expected) {
    assertThat(actual).containsOnlyKeys(expected.keySet().toArray(String[]::new));
    expected.forEach((serial, sums) -> {
      for (int h = 0; h < 24; h++) {
        assertThat(actual.get(serial)[h]).as("%s hour %d", serial, h).isCloseTo(sums[h], within(1e-9));
      }
    });
  }

  static AcceptedReading r(String serial, Instant ts, double kwh) {
    return new AcceptedReading(new Reading(serial, ts.toEpochMilli(), ts, kwh, 0.5, 230, 1, 50, 0.95), ts);
  }

  private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  private static Throwable failure(java.util.concurrent.CompletionStage<?> stage) {
    try {
      stage.toCompletableFuture().join();
    } catch (java.util.concurrent.CompletionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected the stage to fail");
  }
}
