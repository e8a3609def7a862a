package org.meterflow.timeseries.questdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
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
import org.meterflow.model.reading.ReadingPoint;

/**
 * Against a real embedded QuestDB on a free loopback port; each test uses its own serial. Readings
 * go as line protocol over HTTP here; {@link QuestDbReadingStoreWalTest} runs every test again with
 * the WAL write path.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuestDbReadingStoreTest {

  static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  static final Duration WAL_DEADLINE = Duration.ofSeconds(10);

  EmbeddedQuestDb questDb;
  QuestDbReadingStore store;
  QuestDbExec sql;

  /** The store under test on {@code db}, not started. */
  QuestDbReadingStore open(EmbeddedQuestDb db) {
    return new QuestDbReadingStore(db.httpUrl(), QuestDbStoreSettings.defaults());
  }

  /** The path {@link #open} writes readings through. */
  QuestDbWritePath expectedWritePath() {
    return QuestDbWritePath.LINE_PROTOCOL;
  }

  @BeforeAll
  void startQuestDb(@TempDir Path root) {
    questDb = EmbeddedQuestDb.start(QuestDbSettings.loopback(root, EmbeddedQuestDb.freePort()));
    store = open(questDb);
    assertThat(store.writePath()).isEqualTo(expectedWritePath());
    join(store.start());
    join(store.start()); // idempotent
    sql = new QuestDbExec(questDb.httpUrl(), Duration.ofSeconds(5), new ObjectMapper());
  }

  @AfterAll
  void stopQuestDb() {
    if (store != null) {
      store.close();
    }
    if (questDb != null) {
      questDb.close();
    }
  }

  @Test
  void eventRaiseAndClearAreTwoPointsOfTheEventsMeasurement() {
    org.meterflow.model.quality.QualityEvent raised = org.meterflow.model.quality.QualityEvent.meterEvent("EV000001",
        org.meterflow.model.quality.EventType.SAG, "voltage", T0,
        new org.meterflow.model.quality.Evidence(0.61, 0.65, "pu", Duration.ofMinutes(2), 3, "two readings below 0.9 pu"));
    org.meterflow.model.quality.QualityEvent cleared = raised.clearedAt(T0.plus(Duration.ofMinutes(5)));
    join(store.writeEvents(List.of(new org.meterflow.model.port.EventPoint(raised, "north", "F1", "DT1"))));
    join(store.writeEvents(List.of(new org.meterflow.model.port.EventPoint(cleared, "north", "F1", "DT1"))));

    long deadline = System.nanoTime() + WAL_DEADLINE.toNanos();
    String query = "SELECT state, type, region, dt, meter, id, min, duration_ms, timestamp FROM events "
        + "WHERE meter = 'EV000001' ORDER BY timestamp";
    QuestDbExec.Result result = null;
    while (System.nanoTime() < deadline) {
      try {
        result = join(sql.query(query));
        if (result.rows().size() == 2) {
          break;
        }
      } catch (CompletionException e) {
        // the table appears with the first applied write
      }
      awaitBriefly();
    }
    assertThat(result != null && result.rows().size() == 2)
        .as("two event points: " + (result == null ? null : result.rows())).isTrue();
    var first = result.rows().get(0);
    var second = result.rows().get(1);
    assertThat(result.cell(first, "state").asText()).isEqualTo("raised");
    assertThat(result.cell(first, "type").asText()).isEqualTo("sag");
    assertThat(result.cell(first, "region").asText()).isEqualTo("north");
    assertThat(result.cell(first, "dt").asText()).isEqualTo("DT1");
    assertThat(result.cell(first, "id").asText()).isEqualTo(raised.id());
    assertThat(result.cell(first, "min").asDouble()).isCloseTo(0.61, within(1e-9));
    assertThat(result.cell(first, "duration_ms").asLong()).isEqualTo(120_000);
    assertThat(result.cell(second, "state").asText()).isEqualTo("cleared");
    assertThat(Instant.parse(result.cell(second, "timestamp").asText())).isEqualTo(T0.plus(Duration.ofMinutes(5)));
  }

  static void awaitBriefly() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void redeliveredReadingsAreStoredOnce() {
    String serial = "M-DEDUP";
    List<AcceptedReading> r = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      r.add(reading(serial, i, T0.plus(Duration.ofMinutes(15L * i)), 100 + i, 230, 0.9));
    }
    join(store.write(List.of(r.get(0), r.get(1), r.get(2), r.get(1)))); // same reading twice in a batch
    AcceptedReading redelivered = new AcceptedReading(r.get(2).reading(), r.get(2).receivedAt().plusSeconds(30));
    join(store.write(List.of(redelivered, r.get(3)))); // MQTT redelivery of r2 in a later batch
    awaitWalApplied();

    assertThat(join(store.count(serial, T0, T0.plus(Duration.ofHours(1))))).isEqualTo(4L);
    assertThat(join(store.count(serial, T0.plus(Duration.ofMinutes(15)), T0.plus(Duration.ofMinutes(45)))))
        .isEqualTo(2L);
    assertThat(join(store.count(serial, T0.plus(Duration.ofHours(2)), T0.plus(Duration.ofHours(3))))).isEqualTo(0L);
    assertThat(join(store.count("M-NEVER-WRITTEN", T0, T0.plus(Duration.ofHours(1))))).isEqualTo(0L);
  }

  @Test
  void latestIsTheNewestReadingWithEveryFieldAndANullPowerFactor() {
    String serial = "M-LATEST.01";
    assertThat(join(store.latest(serial))).isEmpty();
    AcceptedReading older = reading(serial, 7, T0, 1234.567, 229.5, 0.97);
    AcceptedReading newer =
        new AcceptedReading(
            new Reading(serial, 8, T0.plusSeconds(900), 1234.891, 12.25, 231.4, 4.2, 50.01, null),
            T0.plusSeconds(900).plusMillis(137));
    join(store.write(List.of(newer, older))); // written out of order: latest goes by ts
    awaitWalApplied();

    AcceptedReading latest = join(store.latest(serial)).orElseThrow();
    assertThat(latest).isEqualTo(newer);
    assertThat(latest.reading().powerFactor()).isNull();
    assertThat(latest.receivedAt()).isEqualTo(T0.plusSeconds(900).plusMillis(137));
  }

  @Test
  void rangeAggregatesPerFifteenMinuteBucket() {
    String serial = "M-RANGE:7";
    double[] volts = {230, 231, 235, 240, 228, 226, 230, 230, 230, 231, 232, 233};
    List<AcceptedReading> batch = new ArrayList<>();
    for (int i = 0; i < volts.length; i++) { // every 5 min, 10:00 … 10:55
      Double pf = i >= 6 && i < 9 ? null : 0.9 + i / 100.0; // the 10:30 bucket has no power factor
      batch.add(reading(serial, i, T0.plus(Duration.ofMinutes(5L * i)), 100 + 0.25 * i, volts[i], pf));
    }
    batch.add(reading(serial, 99, T0.minus(Duration.ofMinutes(5)), 99, 300, null)); // before `from`
    batch.add(reading(serial, 12, T0.plus(Duration.ofHours(1)), 103, 300, null)); // `to` is exclusive
    join(store.write(batch));
    awaitWalApplied();

    List<ReadingPoint> points = join(store.range(serial, T0, T0.plus(Duration.ofHours(1)), Duration.ofMinutes(15)));

    assertThat(points).as(points::toString).hasSize(4);
    ReadingPoint second = points.get(1); // 10:15 … 10:30: readings 3, 4, 5
    assertThat(second.ts()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
    assertThat(second.importKwh()).isCloseTo(100 + 0.25 * 5, within(1e-9)); // last register of the bucket
    assertThat(second.voltage()).isCloseTo((240 + 228 + 226) / 3.0, within(1e-9)); // 231.333…
    assertThat(second.powerFactor()).isCloseTo((0.93 + 0.94 + 0.95) / 3, within(1e-9));
    assertThat(second.samples()).isEqualTo(3);
    assertThat(points.get(0).ts()).isEqualTo(T0);
    assertThat(points.get(0).voltage()).isCloseTo(232.0, within(1e-9));
    assertThat(points.get(2).powerFactor()).isNull();
    assertThat(points.get(3).importKwh()).isCloseTo(100 + 0.25 * 11, within(1e-9));
    assertThat(join(store.range(serial, T0.plus(Duration.ofDays(1)), T0.plus(Duration.ofDays(2)), Duration.ofMinutes(15))))
        .isEmpty();
  }

  @Test
  void serialsThatCouldInjectSqlAreRefused() {
    String evil = "M1' OR '1'='1";
    Instant to = T0.plus(Duration.ofHours(1));
    assertThat(failure(store.latest(evil))).isInstanceOf(IllegalArgumentException.class);
    assertThat(failure(store.count(evil, T0, to))).isInstanceOf(IllegalArgumentException.class);
    assertThat(failure(store.range(evil, T0, to, Duration.ofMinutes(15)))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aWriteTheStoreDidNotAcceptFailsItsStage() {
    String nobodyListens = "http://127.0.0.1:" + EmbeddedQuestDb.freePort();
    try (QuestDbReadingStore offline =
        new QuestDbReadingStore(nobodyListens, QuestDbStoreSettings.of(Duration.ofSeconds(2), Duration.ofSeconds(2)))) {
      Throwable cause = failure(offline.write(List.of(reading("M1", 1, T0, 1, 230, null))));
      assertThat(cause.toString()).contains("onnect"); // the client's ConnectException
    }
  }

  @Test
  void loadSumsEachMetersMeanPowerPerAreaAndStep() {
    MeterLocation dt1 = new MeterLocation("LOAD-R", "S1", "LOAD-F1", "LOAD-DT1");
    MeterLocation dt2 = new MeterLocation("LOAD-R", "S1", "LOAD-F1", "LOAD-DT2");
    Instant t = Instant.parse("2026-11-20T00:00:00Z");
    List<AcceptedReading> batch = new ArrayList<>();
    // Meter A (DT1): two samples in the first 15 min, 230 V × 10 A and 230 V × 20 A, pf 0.5 → mean 3.45 kVA, 1.725 kW.
    batch.add(located("LOAD-A", 1, t, 230, 10, 0.5, dt1));
    batch.add(located("LOAD-A", 2, t.plusSeconds(300), 230, 20, 0.5, dt1));
    // Meter B (DT2): one sample, 200 V × 5 A, no pf (counts as 1) → 1 kVA, 1 kW.
    batch.add(located("LOAD-B", 1, t.plusSeconds(60), 200, 5, null, dt2));
    // Second step: only A, 240 V × 10 A pf 1.
    batch.add(located("LOAD-A", 3, t.plusSeconds(900), 240, 10, 1.0, dt1));
    // Outside the window and another region: never counted.
    batch.add(located("LOAD-C", 1, t.plusSeconds(60), 230, 50, 1.0, new MeterLocation("OTHER", "S", "F", "D")));
    join(store.write(batch));
    awaitWalApplied();

    List<LoadPoint> region = join(store.load(NetworkLevel.REGION, "LOAD-R", t, t.plusSeconds(1800), Duration.ofMinutes(15)));
    assertThat(region).as(region::toString).hasSize(2);
    assertThat(region.get(0).ts()).isEqualTo(t);
    assertThat(region.get(0).kva()).isCloseTo(3.45 + 1.0, within(1e-9));
    assertThat(region.get(0).kw()).isCloseTo(1.725 + 1.0, within(1e-9));
    assertThat(region.get(0).meters()).isEqualTo(2);
    assertThat(region.get(1).kva()).isCloseTo(2.4, within(1e-9));
    assertThat(region.get(1).meters()).isEqualTo(1);

    List<LoadPoint> dt = join(store.load(NetworkLevel.DT, "LOAD-DT2", t, t.plusSeconds(1800), Duration.ofMinutes(15)));
    assertThat(dt).hasSize(1);
    assertThat(dt.get(0).kva()).isCloseTo(1.0, within(1e-9));
    assertThat(join(store.load(NetworkLevel.FEEDER, "nobody's", t, t.plusSeconds(1800), Duration.ofMinutes(15))))
        .isEmpty();

    AcceptedReading latest = join(store.latest("LOAD-B")).orElseThrow();
    assertThat(latest.location().dt()).isEqualTo(dt2.dt());
    assertThat(latest.location().region()).isEqualTo(dt2.region());
  }

  @Test
  void loadLeavesOutStepsWithoutReadingsAndCountsOnlyTheMetersThatReportedInAStep() {
    MeterLocation feeder = new MeterLocation("GAP-R", "S1", "GAP-F", "GAP-DT");
    Instant t = Instant.parse("2026-11-21T00:00:00Z");
    join(store.write(List.of(
        located("GAP-A", 1, t, 230, 10, 1.0, feeder),                    // step 0: A and B
        located("GAP-B", 1, t.plusSeconds(120), 200, 5, 1.0, feeder),
        // step 1 (00:15): nobody
        located("GAP-A", 2, t.plusSeconds(1800 + 60), 230, 20, 1.0, feeder), // step 2: A only
        located("GAP-B", 2, t.plusSeconds(2700 + 899), 200, 10, 1.0, feeder)))); // step 3: B only, last second
    awaitWalApplied();

    // 15-minute steps: 00:00 both, 00:15 nobody (left out), 00:30 A alone, 00:45 B alone
    assertThat(rounded(join(store.load(NetworkLevel.FEEDER, "GAP-F", t, t.plusSeconds(3600), Duration.ofMinutes(15)))))
        .containsExactly(new LoadPoint(t, 3.3, 3.3, 2), new LoadPoint(t.plusSeconds(1800), 4.6, 4.6, 1),
            new LoadPoint(t.plusSeconds(2700), 2.0, 2.0, 1));
    // 1-minute steps: 56 of the 60 minutes have no reading; each meter counts only in its own minutes
    assertThat(rounded(join(store.load(NetworkLevel.FEEDER, "GAP-F", t, t.plusSeconds(3600), Duration.ofMinutes(1)))))
        .containsExactly(new LoadPoint(t, 2.3, 2.3, 1), new LoadPoint(t.plusSeconds(120), 1.0, 1.0, 1),
            new LoadPoint(t.plusSeconds(1860), 4.6, 4.6, 1), new LoadPoint(t.plusSeconds(3540), 2.0, 2.0, 1));
  }

  private static List<LoadPoint> rounded(List<LoadPoint> points) {
    return points.stream().map(p -> new LoadPoint(p.ts(), Math.round(p.kw() * 1e9) / 1e9, Math.round(p.kva() * 1e9) / 1e9,
        p.meters())).toList();
  }

  @Test
  void aWriteAfterTheStoreClosedFailsSoTheIngestRetries() {
    QuestDbReadingStore second = open(questDb);
    join(second.start());
    join(second.write(List.of(reading("M-CLOSED", 1, T0, 1, 230, 0.9))));
    second.close();
    second.close(); // idempotent

    Throwable refused = failure(second.write(List.of(reading("M-CLOSED", 2, T0.plusSeconds(900), 2, 230, 0.9))));
    assertThat(refused).isInstanceOf(IllegalStateException.class);
    assertThat(failure(second.write(List.of()))).isInstanceOf(IllegalStateException.class);
    awaitWalApplied();
    assertThat(join(store.count("M-CLOSED", T0, T0.plus(Duration.ofHours(1))))).isEqualTo(1L);
  }

  @Test
  void aBatchWithAReadingLineProtocolCannotCarryIsRefusedWhole() {
    AcceptedReading fine = reading("M-REFUSED", 1, T0, 1, 230, 0.9);
    AcceptedReading notFinite = reading("M-REFUSED", 2, T0.plusSeconds(900), 2, Double.NaN, 0.9);
    AcceptedReading backslash = reading("M-REFUSED\\1", 3, T0.plusSeconds(1800), 3, 230, 0.9);

    assertThat(failure(store.write(List.of(fine, notFinite)))).isInstanceOf(IllegalArgumentException.class);
    assertThat(failure(store.write(List.of(fine, backslash)))).isInstanceOf(IllegalArgumentException.class);
    join(store.write(List.of(reading("M-REFUSED-PROBE", 1, T0, 1, 230, null))));
    awaitWalApplied();
    assertThat(join(store.count("M-REFUSED-PROBE", T0, T0.plus(Duration.ofHours(1))))).isEqualTo(1L);
    assertThat(join(store.count("M-REFUSED", T0, T0.plus(Duration.ofHours(1))))).isEqualTo(0L);
  }

  static AcceptedReading located(String serial, long seq, Instant ts, double volts, double amps, Double pf,
      MeterLocation where) {
    return new AcceptedReading(new Reading(serial, seq, ts, seq, 0.0, volts, amps, 50.0, pf), ts.plusMillis(100), where);
  }

  static AcceptedReading reading(String serial, long seq, Instant ts, double importKwh, double volts, Double pf) {
    return new AcceptedReading(
        new Reading(serial, seq, ts, importKwh, 0.0, volts, 5.0, 50.0, pf), ts.plusMillis(250));
  }

  /**
   * WAL commits reach queries asynchronously: wait (bounded) until QuestDB applied every committed
   * transaction of the table, after which counts are final rather than merely "not yet wrong".
   */
  void awaitWalApplied() {
    long deadline = System.nanoTime() + WAL_DEADLINE.toNanos();
    String probe = "SELECT writerTxn, sequencerTxn FROM wal_tables() WHERE name = 'readings'";
    while (true) {
      QuestDbExec.Result result = join(sql.query(probe));
      var row = result.rows().get(0);
      long writer = result.cell(row, "writerTxn").asLong();
      long sequencer = result.cell(row, "sequencerTxn").asLong();
      if (writer == sequencer) {
        return;
      }
      assertThat(System.nanoTime()).as("WAL not applied within " + WAL_DEADLINE + ": " + writer + "/" + sequencer)
          .isLessThan(deadline);
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  static Throwable failure(CompletionStage<?> stage) {
    return assertThatExceptionOfType(CompletionException.class).isThrownBy(() -> join(stage)).actual().getCause();
  }
}
