package org.meterflow.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterflow.lake.query.LakeSql;
import org.meterflow.lake.spool.SpoolRows;
import org.meterflow.model.meter.MeterLocation;
import org.meterflow.model.port.LakeQueries;
import org.meterflow.model.reading.AcceptedReading;

class LakeTest {

  @TempDir
  Path dir;

  private Lake lake;
  private LakeSql sql;

  @AfterEach
  void close() {
    if (lake != null) {
      lake.close();
    }
    if (sql != null) {
      sql.close();
    }
  }

  @Test
  void flushedReadingsArePartitionedByDateInParquetAndCountedOnceDespiteRedelivery() throws Exception {
    LakeSettings settings = Readings.settings(dir, 64L << 20, Duration.ofMinutes(5));
    lake = Lake.start(settings, Clock.systemUTC());
    List<AcceptedReading> day = Readings.series("M1", Readings.DAY1, 8); // 23:45 on the 25th to 01:30 on the 26th
    lake.append(day).toCompletableFuture().get(10, TimeUnit.SECONDS);
    lake.append(day.subList(0, 3)).toCompletableFuture().get(10, TimeUnit.SECONDS); // redelivered
    lake.append(Readings.series("M2", Readings.DAY1, 4)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    lake.flush().toCompletableFuture().get(60, TimeUnit.SECONDS);

    assertThat(parquetFiles(settings.readingsDir())).extracting(p -> settings.readingsDir().relativize(p.getParent()).toString())
        .containsOnly("date=2026-11-25", "date=2026-11-26");
    assertThat(Files.list(settings.spoolDir()).count()).as("the published segment is deleted").isZero();
    sql = new LakeSql(settings);
    assertThat(single("SELECT count(*) FROM readings")).isEqualTo(12L);
    assertThat(single("SELECT count(*) FROM readings WHERE date = DATE '2026-11-25'")).isEqualTo(2L);
    assertThat(single("SELECT max(import_kwh) FROM readings WHERE serial = 'M1'")).isEqualTo(1001.75);
    assertThat(single("SELECT count(*) FROM readings WHERE power_factor IS NULL")).isEqualTo(3L + 2L);
    assertThat(lake.status().rowsAppended()).isEqualTo(15);
  }

  @Test
  void everyFlushWritesNewFilesAndReadingsRedeliveredAcrossFlushesCountOnce() throws Exception {
    LakeSettings settings = Readings.settings(dir, 64L << 20, Duration.ofMinutes(5));
    lake = Lake.start(settings, Clock.systemUTC());
    List<AcceptedReading> first = Readings.series("M1", Readings.DAY1.plus(Duration.ofHours(1)), 4);
    lake.append(first).toCompletableFuture().get(10, TimeUnit.SECONDS);
    lake.flush().toCompletableFuture().get(60, TimeUnit.SECONDS);
    List<Path> afterFirst = parquetFiles(settings.readingsDir());
    lake.append(first.subList(2, 4)).toCompletableFuture().get(10, TimeUnit.SECONDS); // redelivered after the flush
    lake.append(Readings.series("M3", Readings.DAY1.plus(Duration.ofHours(1)), 4)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    lake.flush().toCompletableFuture().get(60, TimeUnit.SECONDS);

    List<Path> afterSecond = parquetFiles(settings.readingsDir());
    assertThat(afterSecond).containsAll(afterFirst).hasSize(afterFirst.size() + 1);
    sql = new LakeSql(settings);
    assertThat(single("SELECT count(*) FROM readings_all")).isEqualTo(10L);
    assertThat(single("SELECT count(*) FROM readings")).isEqualTo(8L);
  }

  @Test
  void aSegmentLeftByACrashIsConvertedAtTheNextStartExceptItsUnfinishedLine() throws Exception {
    LakeSettings settings = Readings.settings(dir, 64L << 20, Duration.ofMinutes(5));
    Files.createDirectories(settings.spoolDir());
    byte[] acked = SpoolRows.encode(Readings.series("M7", Readings.DAY1, 5));
    byte[] torn = SpoolRows.encode(Readings.series("M8", Readings.DAY1, 1));
    Path segment = settings.spoolDir().resolve("1700000000000-0badcafe.csv");
    Files.write(segment, concat(acked, java.util.Arrays.copyOf(torn, torn.length / 2)));

    lake = Lake.start(settings, Clock.systemUTC());
    lake.flush().toCompletableFuture().get(60, TimeUnit.SECONDS);

    assertThat(segment).doesNotExist();
    sql = new LakeSql(settings);
    assertThat(single("SELECT count(*) FROM readings")).isEqualTo(5L);
    assertThat(single("SELECT count(DISTINCT serial) FROM readings")).isEqualTo(1L);
  }

  @Test
  void convertingTheSameSegmentTwiceReplacesItsFilesInsteadOfAddingRows() throws Exception {
    LakeSettings settings = Readings.settings(dir, 64L << 20, Duration.ofMinutes(5));
    Files.createDirectories(settings.spoolDir());
    byte[] rows = SpoolRows.encode(Readings.series("M9", Readings.DAY1, 6));
    Path segment = settings.spoolDir().resolve("1700000000000-00000001.csv");
    Files.write(segment, rows);
    lake = Lake.start(settings, Clock.systemUTC());
    lake.flush().toCompletableFuture().get(60, TimeUnit.SECONDS);
    lake.close();
    List<Path> first = parquetFiles(settings.readingsDir());

    Files.write(segment, rows); // as if the crash came after publishing, before the segment was deleted
    lake = Lake.start(settings, Clock.systemUTC());
    lake.flush().toCompletableFuture().get(60, TimeUnit.SECONDS);

    assertThat(parquetFiles(settings.readingsDir())).isEqualTo(first);
    sql = new LakeSql(settings);
    assertThat(single("SELECT count(*) FROM readings_all")).isEqualTo(6L);
  }

  @Test
  void theIntervalFlushesWithoutAnExplicitFlush() throws Exception {
    LakeSettings settings = Readings.settings(dir, 64L << 20, Duration.ofMillis(500));
    lake = Lake.start(settings, Clock.systemUTC());
    Instant start = Instant.now();
    lake.append(Readings.series("M1", Readings.DAY1, 3)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (parquetFiles(settings.readingsDir()).isEmpty() && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
    assertThat(parquetFiles(settings.readingsDir())).isNotEmpty();
    assertThat(Duration.between(start, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(500));
  }

  @Test
  void theSizeLimitFlushesSeveralSegments() throws Exception {
    byte[] one = SpoolRows.encode(Readings.series("M1", Readings.DAY1, 100));
    LakeSettings settings = Readings.settings(dir, one.length * 3L, Duration.ofMinutes(5));
    lake = Lake.start(settings, Clock.systemUTC());
    for (int i = 0; i < 10; i++) {
      lake.append(Readings.series("M" + i, Readings.DAY1, 100)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    lake.flush().toCompletableFuture().get(60, TimeUnit.SECONDS);

    assertThat(lake.status().segmentsPublished()).isEqualTo(4);
    sql = new LakeSql(settings);
    assertThat(single("SELECT count(*) FROM readings")).isEqualTo(1000L);
  }

  @Test
  void readingsCanBePartitionedByRegionToo() throws Exception {
    LakeSettings settings = Readings.settings(dir, 64L << 20, Duration.ofMinutes(5), true);
    lake = Lake.start(settings, Clock.systemUTC());
    List<AcceptedReading> south = new ArrayList<>();
    for (AcceptedReading r : Readings.series("S1", Readings.DAY1, 2)) {
      south.add(new AcceptedReading(r.reading(), r.receivedAt(), new MeterLocation("south, coast", "SS9", "F9", "DT9")));
    }
    lake.append(south).toCompletableFuture().get(10, TimeUnit.SECONDS);
    lake.append(Readings.series("N1", Readings.DAY1, 2)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    lake.flush().toCompletableFuture().get(60, TimeUnit.SECONDS);

    assertThat(parquetFiles(settings.readingsDir())).extracting(p -> settings.readingsDir().relativize(p.getParent()).toString())
        .containsExactlyInAnyOrder("date=2026-11-25/region=north", "date=2026-11-26/region=north",
            "date=2026-11-25/region=south%2C%20coast", "date=2026-11-26/region=south%2C%20coast");
    sql = new LakeSql(settings);
    LakeQueries.Table t = sql.run("SELECT region, substation, feeder, dt, count(*) FROM readings GROUP BY ALL ORDER BY region");
    assertThat(t.rows()).containsExactly(List.of("north", "SS1", "F1", "DT1", 2L), List.of("south, coast", "SS9", "F9", "DT9", 2L));
  }

  @Test
  void aSegmentDuckDbCannotReadIsSetAsideAndLaterSegmentsStillArrive() throws Exception {
    LakeSettings settings = Readings.settings(dir, 64L << 20, Duration.ofMinutes(5));
    Files.createDirectories(settings.spoolDir());
    Path bad = settings.spoolDir().resolve("1700000000000-0000bad0.csv");
    Files.writeString(bad, "M1,not-a-number,x\n");
    Files.write(settings.spoolDir().resolve("1700000000001-00000900.csv"),
        SpoolRows.encode(Readings.series("G1", Readings.DAY1, 3)));

    lake = Lake.start(settings, Clock.systemUTC());
    lake.flush().toCompletableFuture().get(60, TimeUnit.SECONDS);

    assertThat(bad).doesNotExist();
    assertThat(settings.dir().resolve("quarantine").resolve(bad.getFileName())).hasContent("M1,not-a-number,x");
    assertThat(lake.status().segmentsQuarantined()).isEqualTo(1);
    sql = new LakeSql(settings);
    assertThat(single("SELECT count(*) FROM readings")).isEqualTo(3L);
  }

  private Object single(String query) {
    LakeQueries.Table t = sql.run(query);
    return t.rows().get(0).get(0);
  }

  static List<Path> parquetFiles(Path root) throws Exception {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(root)) {
      return new ArrayList<>(walk.filter(p -> p.toString().endsWith(".parquet")).sorted().toList());
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
