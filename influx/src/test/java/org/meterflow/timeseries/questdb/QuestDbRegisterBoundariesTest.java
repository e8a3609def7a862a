package org.meterflow.timeseries.questdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterflow.model.port.RegisterBoundaries.Bracket;
import org.meterflow.model.reading.AcceptedReading;
import org.meterflow.model.reading.Reading;

/** Registers of many meters around one boundary, in bulk, from a real embedded QuestDB. */
class QuestDbRegisterBoundariesTest {

  private static final Instant B = Instant.parse("2026-11-01T00:00:00Z");

  @TempDir static Path root;
  private static EmbeddedQuestDb questDb;
  private static QuestDbReadingStore store;
  private static ExecutorService pool;

  @BeforeAll
  static void start() {
    questDb = EmbeddedQuestDb.start(QuestDbSettings.loopback(root, EmbeddedQuestDb.freePort()));
    store = new QuestDbReadingStore(questDb.httpUrl(), QuestDbStoreSettings.defaults());
    store.start().toCompletableFuture().join();
    pool = Executors.newFixedThreadPool(2);
  }

  @AfterAll
  static void stop() {
    pool.shutdown();
    store.close();
    questDb.close();
  }

  @Test
  void lastBeforeAndFirstAfterTheBoundaryForEveryMeterInTheWindow() {
    List<AcceptedReading> rs = new ArrayList<>();
    // A: readings every 15 min across the boundary, one exactly on it
    for (int i = -4; i <= 4; i++) {
      rs.add(r("A", B.plus(Duration.ofMinutes(15L * i)), 100 + i));
    }
    // B: stopped three days before the boundary
    rs.add(r("B", B.minus(Duration.ofDays(3)).minus(Duration.ofMinutes(15)), 50));
    rs.add(r("B", B.minus(Duration.ofDays(3)), 51));
    // C: installed two days after the boundary; D: only outside the window
    rs.add(r("C", B.plus(Duration.ofDays(2)), 7));
    rs.add(r("C", B.plus(Duration.ofDays(2)).plus(Duration.ofMinutes(15)), 8));
    rs.add(r("D", B.minus(Duration.ofDays(90)), 1));
    store.write(rs).toCompletableFuture().join();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (store.count("C", B, B.plus(Duration.ofDays(3))).toCompletableFuture().join() < 2 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }

    QuestDbRegisterBoundaries boundaries = new QuestDbRegisterBoundaries(questDb.httpUrl(), Duration.ofSeconds(30), pool);
    Map<String, Bracket> at = boundaries.around(B, Duration.ofDays(62), Duration.ofDays(7)).toCompletableFuture().join();

    assertThat(at).containsOnlyKeys("A", "B", "C");
    assertThat(at.get("A").before().ts()).isEqualTo(B);
    assertThat(at.get("A").before().importKwh()).isEqualTo(100.0);
    assertThat(at.get("A").after().ts()).isEqualTo(B.plus(Duration.ofMinutes(15)));
    assertThat(at.get("A").after().importKwh()).isEqualTo(101.0);
    assertThat(at.get("B").before().importKwh()).isEqualTo(51.0);
    assertThat(at.get("B").after()).isNull();
    assertThat(at.get("C").before()).isNull();
    assertThat(at.get("C").after().ts()).isEqualTo(B.plus(Duration.ofDays(2)));
    assertThat(at.get("C").after().importKwh()).isEqualTo(7.0);
  }

  private static AcceptedReading r(String serial, Instant ts, double kwh) {
    return new AcceptedReading(new Reading(serial, ts.getEpochSecond(), ts, kwh, 0.5, 230, 1, 50, 0.95), ts);
  }

  @Test
  void questDbTimestampsParseLikeInstantParse() {
    for (String t : new String[] {"2026-10-01T00:05:00.000000Z", "2026-10-31T18:30:00.123456Z", "2013-03-31T01:00:00Z",
        "2026-10-01T00:05:00.1Z", "2024-02-29T23:59:59.999999999Z"}) {
      org.assertj.core.api.Assertions.assertThat(QuestDbRegisterBoundaries.timestamp(t)).isEqualTo(java.time.Instant.parse(t));
    }
  }

  @Test
  void intervalEnergyIsSummedByTheLocalHourEachIntervalStartsIn() {
    java.time.ZoneId kolkata = java.time.ZoneId.of("Asia/Kolkata");
    Instant day = java.time.LocalDate.of(2026, 9, 10).atStartOfDay(kolkata).toInstant();
    List<AcceptedReading> rs = new ArrayList<>();
    // T: a local day of 15-minute readings, 1 kWh per interval starting 18:00–21:45, 0.25 kWh otherwise,
    // with the register at 1000 at local midnight; then nothing from 04:00 to 07:00 (a 3 h interval, left out)
    double register = 1000;
    rs.add(r("T", day, register));
    for (int q = 1; q <= 96; q++) {
      Instant startOfInterval = day.plus(Duration.ofMinutes(15L * (q - 1)));
      int hour = startOfInterval.atZone(kolkata).getHour();
      register += hour >= 18 && hour < 22 ? 1.0 : 0.25;
      if (hour >= 4 && hour < 7) {
        continue;
      }
      rs.add(r("T", startOfInterval.plus(Duration.ofMinutes(15)), register));
    }
    // U: two readings a day apart (no usable interval); V: not asked for
    rs.add(r("U", day, 10));
    rs.add(r("U", day.plus(Duration.ofDays(1)), 30));
    rs.add(r("V", day.plus(Duration.ofMinutes(15)), 5));
    rs.add(r("V", day.plus(Duration.ofMinutes(30)), 6));
    store.write(rs).toCompletableFuture().join();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (store.count("U", day, day.plus(Duration.ofDays(2))).toCompletableFuture().join() < 2 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }

    QuestDbRegisterBoundaries energy = new QuestDbRegisterBoundaries(questDb.httpUrl(), Duration.ofSeconds(30), pool);
    Map<String, double[]> byHour = energy.importByHourOfDay(List.of("T", "U", "O'Brien"), day, day.plus(Duration.ofDays(1)),
        kolkata, Duration.ofHours(1)).toCompletableFuture().join();

    assertThat(byHour).containsOnlyKeys("T");
    double[] t = byHour.get("T");
    for (int h = 0; h < 24; h++) {
      // the reading after 04:00 is 07:15: that 3 h 15 min interval is left out, so 04–06 h are empty and
      // 07 h has three of its four intervals
      double expected = h >= 18 && h < 22 ? 4.0 : h >= 4 && h < 7 ? 0.0 : h == 7 ? 0.75 : 1.0;
      assertThat(t[h]).as("hour %d", h).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-9));
    }
  }

  @Test
  void intervalQueriesTakeAThousandSerialsOrFewerWhenTheyAreLong() {
    List<String> shortOnes = new ArrayList<>();
    for (int i = 0; i < 2500; i++) {
      shortOnes.add(String.format("B%07d", i));
    }
    assertThat(QuestDbRegisterBoundaries.chunks(shortOnes)).extracting(List::size).containsExactly(1000, 1000, 500);
    List<String> longOnes = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      longOnes.add(java.util.UUID.nameUUIDFromBytes(new byte[] {(byte) i, (byte) (i >> 8)}).toString());
    }
    List<List<String>> chunks = QuestDbRegisterBoundaries.chunks(longOnes);
    assertThat(chunks).hasSizeGreaterThan(1);
    assertThat(chunks.stream().mapToInt(List::size).sum()).isEqualTo(1000);
    assertThat(chunks).allSatisfy(c -> assertThat(String.join("', '", c).length()).isLessThan(12_000));
  }
}
