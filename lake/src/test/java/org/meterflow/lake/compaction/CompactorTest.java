package org.meterflow.lake.compaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterflow.lake.Lake;
import org.meterflow.lake.LakeSettings;
import org.meterflow.lake.Readings;
import org.meterflow.lake.parquet.DuckDb;
import org.meterflow.lake.query.LakeSql;
import org.meterflow.lake.target.LakeTarget;
import org.meterflow.lake.target.LocalFolderTarget;
import org.meterflow.model.meter.MeterLocation;
import org.meterflow.model.reading.AcceptedReading;

/** Compaction of real Parquet files made by the real lake, read back with DuckDB. */
class CompactorTest {

  static final Instant DAY = Instant.parse("2026-11-25T00:00:00Z");
  /** Noon of the next day: the 25th has ended (and settled), the 26th has not. */
  static final Clock NEXT_NOON = Readings.NOON_NOV_26;
  static final int FLUSHES = 20;
  static final int METERS = 10;

  @TempDir
  Path dir;

  @Test
  void aFinishedDaysSmallFilesBecomeOneSortedFileWithTheSameReadingsAndNoDuplicates() throws Exception {
    LakeSettings settings = settings(false);
    writeSmallFiles(settings, false);
    Path day = settings.readingsDir().resolve("date=2026-11-25");
    Path today = settings.readingsDir().resolve("date=2026-11-26");
    Path single = settings.readingsDir().resolve("date=2026-11-24");
    assertThat(parquet(day)).hasSize(FLUSHES);
    List<Path> todayBefore = parquet(today);
    List<Path> singleBefore = parquet(single);
    List<List<Object>> schema = describe(parquet(day).get(0));
    Snapshot before = snapshot(settings);

    Compactor.Run run;
    try (Compactor compactor = new Compactor(settings, new LocalFolderTarget(settings.dir()), NEXT_NOON)) {
      run = compactor.compactNow().get(120, TimeUnit.SECONDS);
      assertThat(compactor.status().filesCompacted()).isEqualTo(FLUSHES);
      assertThat(compactor.status().duplicatesRemoved()).isEqualTo(FLUSHES - 1);

      List<Path> after = parquet(day);
      assertThat(after).hasSize(1);
      Path compacted = after.get(0);
      assertThat(compacted.getFileName().toString()).matches("compacted-[0-9]+-[0-9a-f]{8}-0\\.parquet");
      assertThat(parquet(today)).as("today's partition is left alone").isEqualTo(todayBefore);
      assertThat(parquet(single)).as("a partition with one file is left alone").isEqualTo(singleBefore);
      assertThat(run.filesCompacted()).isEqualTo(FLUSHES);
      assertThat(run.filesWritten()).isEqualTo(1);
      assertThat(run.bytesAfter()).isLessThan(run.bytesBefore());
      assertThat(run.rowsBefore() - run.rowsAfter()).isEqualTo(FLUSHES - 1);

      Snapshot now = snapshot(settings);
      assertThat(now.readings()).isEqualTo(before.readings());
      assertThat(now.perMeter()).isEqualTo(before.perMeter());
      assertThat(now.readingsAll()).as("exactly the duplicates are gone").isEqualTo(before.readingsAll() - (FLUSHES - 1));
      assertThat(now.lateCopies()).as("the first received copy is the one kept").isZero();
      assertThat(describe(compacted)).as("same columns, types and order").isEqualTo(schema);
      assertThat(compression(compacted)).containsOnly("ZSTD");
      List<String> order = serialTsInFileOrder(compacted);
      assertThat(order).hasSize(FLUSHES * METERS).isSorted();

      assertThat(compactor.compactNow().get(60, TimeUnit.SECONDS).filesWritten()).as("nothing left to do").isZero();
      assertThat(parquet(day)).containsExactly(compacted);
    }

    // Late readings (store-and-forward) add small files to the compacted day; a later run merges them.
    appendAndFlush(settings, List.of(reading("LATE1", DAY.plus(Duration.ofHours(20)), Duration.ofDays(1))));
    appendAndFlush(settings, List.of(reading("LATE2", DAY.plus(Duration.ofHours(21)), Duration.ofDays(1))));
    assertThat(parquet(day)).hasSize(3);
    try (Compactor compactor = new Compactor(settings, new LocalFolderTarget(settings.dir()), NEXT_NOON)) {
      assertThat(compactor.compactNow().get(60, TimeUnit.SECONDS).filesCompacted()).isEqualTo(3);
    }
    assertThat(parquet(day)).hasSize(1);
    assertThat(snapshot(settings).readings()).isEqualTo(before.readings() + 2);

    // A file that has reached the target size is left alone: with it, one small file is not enough.
    Path big = parquet(day).get(0);
    appendAndFlush(settings, List.of(reading("LATE3", DAY.plus(Duration.ofHours(22)), Duration.ofDays(1))));
    List<Path> twoFiles = parquet(day);
    LakeSettings bigIsBigEnough = settings.withCompaction(new LakeSettings.Compaction(true, Duration.ofHours(1),
        Duration.ofHours(1), 2, Files.size(big)));
    try (Compactor compactor = new Compactor(bigIsBigEnough, new LocalFolderTarget(settings.dir()), NEXT_NOON)) {
      assertThat(compactor.compactNow().get(60, TimeUnit.SECONDS).filesWritten()).isZero();
    }
    assertThat(parquet(day)).hasSize(2).isEqualTo(twoFiles);
  }

  @Test
  void aCrashBetweenPublishingAndDeletingLeavesDuplicatesTheViewHidesAndTheNextRunRemoves() throws Exception {
    LakeSettings settings = settings(false);
    writeSmallFiles(settings, false);
    Path day = settings.readingsDir().resolve("date=2026-11-25");
    List<Path> inputs = parquet(day);
    Snapshot before = snapshot(settings);

    // The compacted file is published, then the process "dies" before deleting a single input.
    try (Compactor crashing = new Compactor(settings, new CrashBeforeDelete(new LocalFolderTarget(settings.dir())), NEXT_NOON)) {
      Compactor.Run run = crashing.compactNow().get(120, TimeUnit.SECONDS);
      assertThat(run.failures()).isEqualTo(1);
    }
    assertThat(parquet(day)).hasSize(FLUSHES + 1).containsAll(inputs);
    Snapshot between = snapshot(settings);
    assertThat(between.readings()).as("the view counts each reading once").isEqualTo(before.readings());
    assertThat(between.perMeter()).isEqualTo(before.perMeter());
    assertThat(between.readingsAll()).as("every distinct reading of the day is stored twice")
        .isEqualTo(before.readingsAll() + FLUSHES * METERS);

    try (Compactor compactor = new Compactor(settings, new LocalFolderTarget(settings.dir()), NEXT_NOON)) {
      Compactor.Run run = compactor.compactNow().get(120, TimeUnit.SECONDS);
      assertThat(run.filesCompacted()).isEqualTo(FLUSHES + 1);
    }
    assertThat(parquet(day)).hasSize(1).doesNotContainAnyElementsOf(inputs);
    Snapshot after = snapshot(settings);
    assertThat(after.readings()).isEqualTo(before.readings());
    assertThat(after.perMeter()).isEqualTo(before.perMeter());
    assertThat(after.readingsAll()).isEqualTo(before.readingsAll() - (FLUSHES - 1));
  }

  @Test
  void closingDuringARunLosesNothingAndTheNextRunFinishesTheJob() throws Exception {
    LakeSettings settings = settings(false);
    writeSmallFiles(settings, false);
    Snapshot before = snapshot(settings);

    Compactor compactor = new Compactor(settings, new LocalFolderTarget(settings.dir()), NEXT_NOON);
    var run = compactor.compactNow();
    compactor.close(); // most likely before the run starts; the crash test above covers publish-without-delete
    run.handle((r, e) -> null).get(60, TimeUnit.SECONDS); // finished, failed or cancelled, but not hanging
    Snapshot between = snapshot(settings);
    assertThat(between.readings()).isEqualTo(before.readings());
    assertThat(between.perMeter()).isEqualTo(before.perMeter());
    try (Stream<Path> staged = Files.list(settings.stagingDir())) {
      assertThat(staged.filter(p -> p.getFileName().toString().startsWith("compaction-")).toList())
          .as("its staging folder is gone").isEmpty();
    }

    try (Compactor again = new Compactor(settings, new LocalFolderTarget(settings.dir()), NEXT_NOON)) {
      again.compactNow().get(120, TimeUnit.SECONDS);
    }
    assertThat(parquet(settings.readingsDir().resolve("date=2026-11-25"))).hasSize(1);
    Snapshot after = snapshot(settings);
    assertThat(after.readings()).isEqualTo(before.readings());
    assertThat(after.readingsAll()).isEqualTo(before.readingsAll() - (FLUSHES - 1));
  }

  @Test
  void eachRegionFolderIsCompactedOnItsOwnAndKeepsItsRegionInThePath() throws Exception {
    LakeSettings settings = settings(true);
    writeSmallFiles(settings, true);
    Path north = settings.readingsDir().resolve("date=2026-11-25/region=north");
    Path south = settings.readingsDir().resolve("date=2026-11-25/region=south");
    assertThat(parquet(north)).hasSize(FLUSHES);
    assertThat(parquet(south)).hasSize(FLUSHES);
    List<List<Object>> schema = describe(parquet(north).get(0));
    Snapshot before = snapshot(settings);
    List<List<Object>> regions = rows(settings, "SELECT region, count(*) FROM readings GROUP BY region ORDER BY region");

    try (Compactor compactor = new Compactor(settings, new LocalFolderTarget(settings.dir()), NEXT_NOON)) {
      Compactor.Run run = compactor.compactNow().get(120, TimeUnit.SECONDS);
      assertThat(run.partitions()).isEqualTo(2);
      assertThat(run.filesWritten()).isEqualTo(2);
    }
    assertThat(parquet(north)).hasSize(1);
    assertThat(parquet(south)).hasSize(1);
    assertThat(describe(parquet(north).get(0))).as("no region column inside the file").isEqualTo(schema);
    Snapshot after = snapshot(settings);
    assertThat(after.readings()).isEqualTo(before.readings());
    assertThat(after.perMeter()).isEqualTo(before.perMeter());
    assertThat(rows(settings, "SELECT region, count(*) FROM readings GROUP BY region ORDER BY region")).isEqualTo(regions);
  }

  @Test
  void theLakeCompactsOnItsOwnScheduleAndCountsIt() throws Exception {
    LakeSettings settings = settings(false);
    writeSmallFiles(settings, false);
    LakeSettings scheduled = settings.withCompaction(new LakeSettings.Compaction(true, Duration.ofMillis(500),
        Duration.ofHours(1), 2, 128L << 20));
    try (Lake lake = Lake.start(scheduled, NEXT_NOON)) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (lake.compaction().runs() == 0 && System.nanoTime() < deadline) {
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
      }
      assertThat(lake.compaction().filesWritten()).isEqualTo(1);
      assertThat(lake.compaction().filesCompacted()).isEqualTo(FLUSHES);
      assertThat(lake.compaction().bytesAfter()).isPositive().isLessThan(lake.compaction().bytesBefore());
    }
    assertThat(parquet(settings.readingsDir().resolve("date=2026-11-25"))).hasSize(1);
  }

  @Test
  void filesArePackedInArrivalOrderIntoGroupsOfAtMostTheTarget() {
    assertThat(Compactor.pack(List.of(5L, 5L, 5L, 5L, 5L), 12, Long::longValue))
        .containsExactly(List.of(5L, 5L), List.of(5L, 5L), List.of(5L));
    assertThat(Compactor.pack(List.of(3L, 20L, 3L, 3L), 10, Long::longValue))
        .containsExactly(List.of(3L), List.of(20L), List.of(3L, 3L));
    assertThat(Compactor.pack(List.<Long>of(), 10, Long::longValue)).isEmpty();
  }

  @Test
  void theDayOfAPartitionComesFromItsDateFolder() {
    assertThat(Compactor.dayOf(Path.of("date=2026-11-25", "region=north"))).hasToString("2026-11-25");
    assertThat(Compactor.dayOf(Path.of("date=junk"))).isNull();
    assertThat(Compactor.dayOf(Path.of("other"))).isNull();
  }

  // --- helpers ---

  /** What SQL over the lake says: readings (view), readings_all, copies received over 30 min late, per meter and day. */
  record Snapshot(long readings, long readingsAll, long lateCopies, List<List<Object>> perMeter) {}

  static LakeSettings settings(Path dir, boolean byRegion) {
    return Readings.settings(dir, 64L << 20, Duration.ofMinutes(5), byRegion);
  }

  private LakeSettings settings(boolean byRegion) {
    return settings(dir, byRegion);
  }

  /**
   * Through the real lake, {@value #FLUSHES} flushes: each has a 15-minute reading of {@value #METERS}
   * meters on the 25th (north; with regions, half of them south), M0's previous reading once more
   * (redelivered an hour later) and one reading on the 26th; then one flush with a reading on the 24th.
   */
  static void writeSmallFiles(LakeSettings settings, boolean regions) throws Exception {
    try (Lake lake = Lake.start(settings, Clock.systemUTC())) {
      for (int k = 0; k < FLUSHES; k++) {
        List<AcceptedReading> batch = new ArrayList<>();
        Instant ts = DAY.plus(Duration.ofMinutes(15L * k));
        for (int m = 0; m < METERS; m++) {
          AcceptedReading r = reading("M" + m, ts, Duration.ofSeconds(2));
          if (regions && m % 2 == 1) {
            r = new AcceptedReading(r.reading(), r.receivedAt(), new MeterLocation("south", "SS2", "F2", "DT2"));
          }
          batch.add(r);
        }
        if (k > 0) {
          batch.add(reading("M0", ts.minus(Duration.ofMinutes(15)), Duration.ofHours(1))); // redelivered
        }
        batch.add(reading("T" + k, Instant.parse("2026-11-26T01:00:00Z").plus(Duration.ofMinutes(k)), Duration.ofSeconds(2)));
        lake.append(batch).toCompletableFuture().get(10, TimeUnit.SECONDS);
        lake.flush().toCompletableFuture().get(60, TimeUnit.SECONDS);
      }
      lake.append(List.of(reading("Y1", Instant.parse("2026-11-24T10:00:00Z"), Duration.ofSeconds(2))))
          .toCompletableFuture().get(10, TimeUnit.SECONDS);
      lake.flush().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }

  static void appendAndFlush(LakeSettings settings, List<AcceptedReading> batch) throws Exception {
    try (Lake lake = Lake.start(settings, Clock.systemUTC())) {
      lake.append(batch).toCompletableFuture().get(10, TimeUnit.SECONDS);
      lake.flush().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }

  /** A reading of {@code serial} at {@code ts}, received {@code after} later; registers grow with the time of day. */
  static AcceptedReading reading(String serial, Instant ts, Duration after) {
    AcceptedReading r = Readings.series(serial, ts, 1).get(0);
    double kwh = 1000 + (ts.getEpochSecond() % 86_400) / 900 * 0.25;
    return new AcceptedReading(new org.meterflow.model.reading.Reading(serial, ts.getEpochSecond() / 900, ts, kwh, 0.0,
        231.5, 4.2, 50.01, 0.97), ts.plus(after), r.location());
  }

  static Snapshot snapshot(LakeSettings settings) {
    try (LakeSql sql = new LakeSql(settings)) {
      long readings = ((Number) sql.run("SELECT count(*) FROM readings").rows().get(0).get(0)).longValue();
      long all = ((Number) sql.run("SELECT count(*) FROM readings_all").rows().get(0).get(0)).longValue();
      long late = ((Number) sql.run("SELECT count(*) FROM readings_all WHERE received_at > ts + INTERVAL 30 MINUTE")
          .rows().get(0).get(0)).longValue();
      List<List<Object>> perMeter = sql.run("SELECT serial, date, count(*), sum(import_kwh) FROM readings GROUP BY ALL ORDER BY ALL").rows();
      return new Snapshot(readings, all, late, perMeter);
    }
  }

  static List<List<Object>> rows(LakeSettings settings, String query) {
    try (LakeSql sql = new LakeSql(settings)) {
      return new ArrayList<>(sql.run(query).rows());
    }
  }

  static List<Path> parquet(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(p -> p.toString().endsWith(".parquet")).sorted().toList();
    }
  }

  static List<List<Object>> describe(Path file) throws Exception {
    return query("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet("
        + DuckDb.literal(file.toString()) + ", hive_partitioning = false))");
  }

  static List<Object> compression(Path file) throws Exception {
    return query("SELECT DISTINCT compression FROM parquet_metadata(" + DuckDb.literal(file.toString()) + ")")
        .stream().map(r -> r.get(0)).toList();
  }

  static List<String> serialTsInFileOrder(Path file) throws Exception {
    return query("SELECT serial || ' ' || strftime(ts, '%Y-%m-%dT%H:%M') FROM read_parquet(" + DuckDb.literal(file.toString())
        + ", file_row_number = true) ORDER BY file_row_number").stream().map(r -> (String) r.get(0)).toList();
  }

  static List<List<Object>> query(String sql) throws Exception {
    List<List<Object>> out = new ArrayList<>();
    try (Connection db = DuckDb.open(1, 256L << 20, Files.createTempDirectory("duckdb-test"));
        Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getString(i));
        }
        out.add(row);
      }
    }
    return out;
  }

  /** The local target, except that the process "dies" before it deletes anything. */
  static final class CrashBeforeDelete implements LakeTarget {
    private final LakeTarget delegate;

    CrashBeforeDelete(LakeTarget delegate) {
      this.delegate = delegate;
    }

    @Override
    public void publish(Path file, String key) throws IOException {
      delegate.publish(file, key);
    }

    @Override
    public void delete(String key) throws IOException {
      throw new IOException("crashed before deleting " + key);
    }

    @Override
    public String describe() {
      return "crashing " + delegate.describe();
    }
  }
}
