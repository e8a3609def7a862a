package org.meterflow.timeseries.questdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.meterflow.model.meter.MeterLocation;
import org.meterflow.model.port.LoadPoint;
import org.meterflow.model.port.NetworkLevel;
import org.meterflow.model.reading.AcceptedReading;
import org.meterflow.model.reading.Reading;

/**
 * The same readings written to two embedded QuestDBs, one through line protocol over HTTP and one
 * through the WAL writer, twice each (a redelivery), must leave the same rows and give the same
 * answer to every query of the store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuestDbWritePathsTest {

  private static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");
  private static final Duration WAL_DEADLINE = Duration.ofSeconds(10);
  private static final MeterLocation NORTH_1 = new MeterLocation("North", "S1", "F-1", "DT-1");
  private static final MeterLocation NORTH_2 = new MeterLocation("North", "S1", "F-1", "DT-2");
  private static final MeterLocation SOUTH = new MeterLocation("South", "S2", "F-9", "DT-9");
  /** Escapes (comma, equals sign, space), a backslash and a tab, and a blank name. */
  private static final MeterLocation AWKWARD = new MeterLocation("East, zone=2 ", "S3", "F\\7\t", " ");

  private EmbeddedQuestDb lineProtocolDb;
  private EmbeddedQuestDb walDb;
  private QuestDbReadingStore lineProtocol;
  private QuestDbReadingStore wal;
  private final List<AcceptedReading> readings = new ArrayList<>();

  @BeforeAll
  void writeTheSameReadingsBothWays(@TempDir Path ilpRoot, @TempDir Path walRoot) {
    lineProtocolDb = EmbeddedQuestDb.start(QuestDbSettings.loopback(ilpRoot, 0));
    walDb = EmbeddedQuestDb.start(QuestDbSettings.loopback(walRoot, 0));
    lineProtocol = new QuestDbReadingStore(lineProtocolDb,
        QuestDbStoreSettings.defaults().withWritePath(QuestDbWritePath.LINE_PROTOCOL));
    wal = new QuestDbReadingStore(walDb, QuestDbStoreSettings.defaults());
    assertThat(lineProtocol.writePath()).isEqualTo(QuestDbWritePath.LINE_PROTOCOL);
    assertThat(wal.writePath()).isEqualTo(QuestDbWritePath.WAL);
    join(lineProtocol.start());
    join(wal.start());

    Random random = new Random(20261126);
    MeterLocation[] places = {NORTH_1, NORTH_2, SOUTH, AWKWARD, MeterLocation.UNKNOWN};
    for (int m = 0; m < 10; m++) {
      String serial = "WP-" + m;
      MeterLocation where = places[m % places.length];
      for (int i = 0; i < 20; i++) { // every 5 min for 100 min
        Instant ts = T0.plus(Duration.ofMinutes(5L * i)).plusMillis(m * 7L); // ms precision kept
        Double pf = (m + i) % 4 == 0 ? null : 0.5 + random.nextDouble() / 2;
        double importKwh = m == 3 ? 12_000_000 + i * 0.001 : 1000 * random.nextDouble() + i; // 1.2E7: plain-decimal rendering
        Reading reading = new Reading(serial, i, ts, importKwh, i == 0 ? 0.0 : 1e-5 * i,
            220 + 20 * random.nextDouble(), 40 * random.nextDouble(), 49.9 + random.nextDouble() / 5, pf);
        Instant received = ts.plusMillis(100 + random.nextInt(900));
        readings.add(m == 4 ? new AcceptedReading(reading, received) : new AcceptedReading(reading, received, where));
      }
    }
    List<AcceptedReading> shuffled = new ArrayList<>(readings);
    java.util.Collections.shuffle(shuffled, random); // out of order across and within batches
    for (QuestDbReadingStore store : List.of(lineProtocol, wal)) {
      for (int round = 0; round < 2; round++) { // the second round is a redelivery of everything
        for (int i = 0; i < shuffled.size(); i += 37) {
          join(store.write(shuffled.subList(i, Math.min(shuffled.size(), i + 37))));
        }
      }
    }
    awaitApplied(lineProtocolDb);
    awaitApplied(walDb);
  }

  @AfterAll
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {lineProtocol, wal, lineProtocolDb, walDb}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
  }

  @Test
  void theTablesHoldTheSameRowsOnePerSerialAndTimestamp() {
    String all = "SELECT * FROM readings ORDER BY serial, ts";
    QuestDbExec.Result viaLineProtocol = join(exec(lineProtocolDb).query(all));
    QuestDbExec.Result viaWal = join(exec(walDb).query(all));
    assertThat(viaWal.rows()).hasSize(readings.size()); // each reading once although written twice
    assertThat(viaWal.columns()).isEqualTo(viaLineProtocol.columns());
    for (int i = 0; i < viaWal.rows().size(); i++) { // row by row: a failure names one row, not the table
      assertThat(viaWal.rows().get(i)).as("row " + i).isEqualTo(viaLineProtocol.rows().get(i));
    }

    String types = "SELECT \"column\", type FROM table_columns('readings')";
    assertThat(join(exec(walDb).query(types)).rows()).isEqualTo(join(exec(lineProtocolDb).query(types)).rows());

    String awkward = "SELECT DISTINCT region, feeder, dt FROM readings WHERE serial = 'WP-3'";
    var row = join(exec(walDb).query(awkward)).rows().get(0);
    assertThat(row.get(0).asText()).isEqualTo("East, zone=2 ");
    assertThat(row.get(1).asText()).isEqualTo("F_7_");
    assertThat(row.get(2).asText()).isEqualTo("unassigned");
    String nulls = "SELECT count() FROM readings WHERE power_factor IS NULL";
    long withoutPowerFactor = readings.stream().filter(r -> r.reading().powerFactor() == null).count();
    assertThat(withoutPowerFactor).isGreaterThan(0);
    assertThat(join(exec(walDb).query(nulls)).rows().get(0).get(0).asLong()).isEqualTo(withoutPowerFactor);
  }

  @Test
  void everyQueryAnswersTheSame() {
    Set<String> serials = new LinkedHashSet<>();
    readings.forEach(r -> serials.add(r.serial()));
    Instant to = T0.plus(Duration.ofHours(2));
    for (String serial : serials) {
      assertThat(join(wal.latest(serial))).as(serial).isEqualTo(join(lineProtocol.latest(serial)));
      assertThat(join(wal.latest(serial))).isPresent();
      assertThat(join(wal.count(serial, T0, to))).isEqualTo(20L);
      assertThat(join(wal.count(serial, T0.plusSeconds(600), to)))
          .isEqualTo(join(lineProtocol.count(serial, T0.plusSeconds(600), to)));
      for (Duration step : List.of(Duration.ofMinutes(15), Duration.ofHours(1))) {
        assertThat(join(wal.range(serial, T0, to, step))).as(serial + " " + step)
            .isEqualTo(join(lineProtocol.range(serial, T0, to, step)));
      }
    }
    assertThat(join(wal.latest("WP-4")).orElseThrow().location()).isEqualTo(MeterLocation.UNKNOWN);
    List<String[]> areas = List.of(
        new String[] {"REGION", "North"}, new String[] {"REGION", "South"}, new String[] {"REGION", "unassigned"},
        new String[] {"REGION", "East, zone=2 "}, new String[] {"FEEDER", "F-1"}, new String[] {"FEEDER", "F_7_"},
        new String[] {"DT", "DT-1"}, new String[] {"DT", "DT-2"}, new String[] {"DT", "unassigned"});
    for (String[] area : areas) {
      NetworkLevel level = NetworkLevel.valueOf(area[0]);
      for (Duration step : List.of(Duration.ofMinutes(15), Duration.ofHours(1))) {
        var expected = join(lineProtocol.load(level, area[1], T0, to, step));
        assertThat(expected).as(area[0] + " " + area[1]).isNotEmpty();
        assertSameLoad(expected, join(wal.load(level, area[1], T0, to, step)), area[0] + " " + area[1] + " " + step);
      }
    }
  }

  /**
   * Same points, same meter counts, same power to the last few bits: a sum over meters depends on the
   * order QuestDB meets the rows in, which the two tables (written in different orders) need not share.
   */
  private static void assertSameLoad(List<LoadPoint> expected, List<LoadPoint> actual, String what) {
    assertThat(actual).as(what).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      LoadPoint e = expected.get(i);
      LoadPoint a = actual.get(i);
      assertThat(a.ts()).as(what).isEqualTo(e.ts());
      assertThat(a.meters()).as(what + " " + e.ts()).isEqualTo(e.meters());
      assertThat(a.kw()).as(what + " kW " + e.ts()).isCloseTo(e.kw(), within(Math.abs(e.kw()) * 1e-12));
      assertThat(a.kva()).as(what + " kVA " + e.ts()).isCloseTo(e.kva(), within(Math.abs(e.kva()) * 1e-12));
    }
  }

  private static QuestDbExec exec(EmbeddedQuestDb db) {
    return new QuestDbExec(db.httpUrl(), Duration.ofSeconds(5), new ObjectMapper());
  }

  private static void awaitApplied(EmbeddedQuestDb db) {
    QuestDbExec sql = exec(db);
    long deadline = System.nanoTime() + WAL_DEADLINE.toNanos();
    String probe = "SELECT writerTxn, sequencerTxn FROM wal_tables() WHERE name = 'readings'";
    while (true) {
      QuestDbExec.Result result = join(sql.query(probe));
      var row = result.rows().get(0);
      if (result.cell(row, "writerTxn").asLong() == result.cell(row, "sequencerTxn").asLong()) {
        return;
      }
      assertThat(System.nanoTime()).as("WAL not applied within " + WAL_DEADLINE).isLessThan(deadline);
      QuestDbReadingStoreTest.awaitBriefly();
    }
  }

  private static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }
}
