package org.meterflow.timeseries.questdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterflow.model.meter.MeterLocation;
import org.meterflow.model.reading.AcceptedReading;

/**
 * Every test of {@link QuestDbReadingStoreTest} again, with readings appended through QuestDB's
 * WAL writer in this JVM, plus what only that path has to get right.
 */
class QuestDbReadingStoreWalTest extends QuestDbReadingStoreTest {

  @Override
  QuestDbReadingStore open(EmbeddedQuestDb db) {
    return new QuestDbReadingStore(db, QuestDbStoreSettings.defaults());
  }

  @Override
  QuestDbWritePath expectedWritePath() {
    return QuestDbWritePath.WAL;
  }

  @Test
  void anEmbeddedStoreCanStillBeToldToUseLineProtocol() {
    try (QuestDbReadingStore ilp =
        new QuestDbReadingStore(questDb, QuestDbStoreSettings.defaults().withWritePath(QuestDbWritePath.LINE_PROTOCOL))) {
      assertThat(ilp.writePath()).isEqualTo(QuestDbWritePath.LINE_PROTOCOL);
    }
  }

  /**
   * A table from before readings carried their location gets the location columns appended by
   * {@code start()}, after {@code received_at_ms} and {@code ts}; a column added while the store
   * runs moves nothing either, but changes the metadata version the column indexes were read for.
   */
  @Test
  void columnsAddedAfterTheTableWasCreatedAreFoundByName(@TempDir Path otherRoot) {
    try (EmbeddedQuestDb db = EmbeddedQuestDb.start(QuestDbSettings.loopback(otherRoot, 0));
        QuestDbReadingStore walStore = open(db)) {
      QuestDbExec dbSql = new QuestDbExec(db.httpUrl(), Duration.ofSeconds(5), new ObjectMapper());
      join(dbSql.query("CREATE TABLE readings (serial SYMBOL, seq LONG, import_kwh DOUBLE, export_kwh DOUBLE,"
          + " voltage DOUBLE, current DOUBLE, frequency DOUBLE, power_factor DOUBLE, received_at_ms LONG, ts TIMESTAMP)"
          + " TIMESTAMP(ts) PARTITION BY DAY WAL DEDUP UPSERT KEYS(ts, serial)"));
      join(walStore.start());
      MeterLocation where = new MeterLocation("R-OLD", "S", "F-OLD", "DT-OLD");
      join(walStore.write(List.of(located("M-OLD", 1, T0, 230, 5, 0.9, where))));
      join(dbSql.query("ALTER TABLE readings ADD COLUMN note VARCHAR"));
      join(walStore.write(List.of(located("M-OLD", 2, T0.plusSeconds(900), 231, 6, null, where))));
      awaitApplied(dbSql);

      AcceptedReading latest = join(walStore.latest("M-OLD")).orElseThrow();
      assertThat(latest.reading()).isEqualTo(located("M-OLD", 2, T0.plusSeconds(900), 231, 6, null, where).reading());
      assertThat(latest.location().feeder()).isEqualTo("F-OLD");
      assertThat(join(walStore.count("M-OLD", T0, T0.plus(Duration.ofHours(1))))).isEqualTo(2L);
    }
  }

  @Test
  void aWriteAfterTheEmbeddedQuestDbStoppedFails(@TempDir Path otherRoot) {
    EmbeddedQuestDb db = EmbeddedQuestDb.start(QuestDbSettings.loopback(otherRoot, 0));
    try (QuestDbReadingStore walStore = open(db)) {
      join(walStore.start());
      join(walStore.write(List.of(reading("M-STOP", 1, T0, 1, 230, 0.9))));
      db.close();
      Throwable refused = failure(walStore.write(List.of(reading("M-STOP", 2, T0.plusSeconds(900), 2, 230, 0.9))));
      assertThat(refused).as(refused::toString).isInstanceOf(IllegalStateException.class);
      assertThat(refused.getMessage()).as(refused::toString).contains("stopped");
    } finally {
      db.close();
    }
  }

  private static void awaitApplied(QuestDbExec dbSql) {
    long deadline = System.nanoTime() + WAL_DEADLINE.toNanos();
    String probe = "SELECT writerTxn, sequencerTxn FROM wal_tables() WHERE name = 'readings'";
    while (true) {
      QuestDbExec.Result result = join(dbSql.query(probe));
      var row = result.rows().get(0);
      if (result.cell(row, "writerTxn").asLong() == result.cell(row, "sequencerTxn").asLong()) {
        return;
      }
      assertThat(System.nanoTime()).as("WAL not applied within " + WAL_DEADLINE).isLessThan(deadline);
      awaitBriefly();
    }
  }
}
