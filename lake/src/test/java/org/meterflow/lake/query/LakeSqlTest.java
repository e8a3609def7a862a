package org.meterflow.lake.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterflow.lake.Lake;
import org.meterflow.lake.LakeSettings;
import org.meterflow.lake.Readings;
import org.meterflow.model.port.LakeQueries;

class LakeSqlTest {

  @TempDir
  static Path dir;

  static LakeSettings settings;
  static LakeSql sql;

  @BeforeAll
  static void lakeWithReadings() throws Exception {
    settings = Readings.settings(dir, 64L << 20, Duration.ofMinutes(5));
    try (Lake lake = Lake.start(settings, Clock.systemUTC())) {
      for (int m = 0; m < 30; m++) {
        lake.append(Readings.series(String.format("M%03d", m), Readings.DAY1, 96)).toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    }
    LakeSettings.Query limits = new LakeSettings.Query(100, Duration.ofSeconds(2), 1, 256L << 20, 1, 4);
    sql = new LakeSql(settings.readingsDir(), limits, dir.resolve("tmp"));
  }

  @AfterAll
  static void close() {
    sql.close();
  }

  @Test
  void aSelectAnswersWithTypedColumnsAndIsoTimestamps() throws Exception {
    LakeQueries.Table t = sql.query("-- daily readings\nSELECT date, count(*) AS n, min(ts) AS first FROM readings "
        + "GROUP BY date ORDER BY date;").toCompletableFuture().get(30, TimeUnit.SECONDS);

    assertThat(t.columns()).extracting(LakeQueries.Column::name).containsExactly("date", "n", "first");
    assertThat(t.columns()).extracting(LakeQueries.Column::type).containsExactly("DATE", "BIGINT", "TIMESTAMP");
    assertThat(t.rows()).hasSize(2);
    assertThat(t.rows().get(0)).containsExactly("2026-11-25", 30L, "2026-11-25T23:45:00Z");
    assertThat(t.rows().get(1).get(1)).isEqualTo(30L * 95);
    assertThat(t.truncated()).isFalse();
  }

  @Test
  void withQueriesAreAllowed() {
    LakeQueries.Table t = sql.run("WITH m AS (SELECT DISTINCT serial FROM readings) SELECT count(*) FROM m");
    assertThat(t.rows().get(0).get(0)).isEqualTo(30L);
  }

  @Test
  void rowsBeyondTheLimitAreCutAndTheResultSaysSo() {
    LakeQueries.Table t = sql.run("SELECT serial, ts FROM readings");
    assertThat(t.rows()).hasSize(100);
    assertThat(t.truncated()).isTrue();
  }

  @Test
  void anythingButASingleSelectIsRefused() {
    for (String bad : new String[] {
        "DROP VIEW readings",
        "CREATE TABLE x AS SELECT 1",
        "COPY (SELECT * FROM readings) TO '/tmp/out.csv'",
        "INSERT INTO readings SELECT * FROM readings",
        "SELECT 1; DROP VIEW readings",
        "SELECT 1; SELECT 2",
        "ATTACH '/tmp/x.db'",
        "PRAGMA version",
        "SET enable_external_access = true",
        "  ",
    }) {
      assertThatThrownBy(() -> sql.run(bad)).as(bad).isInstanceOf(LakeQueries.Refused.class);
    }
  }

  @Test
  void aQueryCannotReadFilesOutsideTheLake() throws Exception {
    Path secret = Files.writeString(dir.resolve("secret.csv"), "password\nhunter2\n");
    assertThatThrownBy(() -> sql.run("SELECT * FROM read_csv(" + "'" + secret + "')"))
        .isInstanceOf(LakeQueries.Refused.class).hasMessageContaining("disabled by configuration");
    assertThatThrownBy(() -> sql.run("SELECT * FROM read_text('/etc/passwd')"))
        .isInstanceOf(LakeQueries.Refused.class);
  }

  @Test
  void invalidSqlIsRefusedWithTheEnginesReason() {
    assertThatThrownBy(() -> sql.run("SELECT no_such_column FROM readings"))
        .isInstanceOf(LakeQueries.Refused.class).hasMessageContaining("no_such_column");
  }

  @Test
  void aQueryRunningPastTheTimeoutIsCancelled() {
    long started = System.nanoTime();
    assertThatThrownBy(() -> sql.run("SELECT count(*) FROM range(100000000000) a WHERE a.range % 7 = 3"))
        .isInstanceOf(LakeQueries.TimedOut.class);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
  }

  @Test
  void anEmptyLakeHasAnEmptyReadingsView(@TempDir Path empty) {
    try (LakeSql none = new LakeSql(empty.resolve("readings"), settings.query(), empty.resolve("tmp"))) {
      assertThat(none.run("SELECT count(*) FROM readings").rows().get(0).get(0)).isEqualTo(0L);
    }
  }
}
