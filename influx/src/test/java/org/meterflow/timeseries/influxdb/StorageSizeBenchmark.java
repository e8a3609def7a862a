package org.meterflow.timeseries.influxdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterflow.timeseries.questdb.EmbeddedQuestDb;
import org.meterflow.timeseries.questdb.QuestDbReadingStore;
import org.meterflow.timeseries.questdb.QuestDbSettings;
import org.meterflow.timeseries.questdb.QuestDbStoreSettings;
import org.meterflow.model.meter.MeterLocation;
import org.meterflow.model.reading.AcceptedReading;
import org.meterflow.model.reading.Reading;

/**
 * Bytes per stored reading in QuestDB and in InfluxDB 1.6, measured with {@code du} on their data
 * folders after the same readings were written through the adapters. A benchmark, in neither the
 * default run nor the integration profile (docs/benchmarks.md):
 * {@code mvn -B -pl influx -am -Dbenchmark=StorageSizeBenchmark -Dbench.meters=2000 -Dbench.days=7 verify}.
 *
 * <p>It fails rather than print a figure it cannot stand behind: every wait is bounded (a write, a
 * count, {@code du}, QuestDB making the readings queryable, InfluxDB's full compaction), both stores
 * must hold every reading of the first and the last meter, and the two headline figures must be
 * sane: a closed QuestDB day partition holds its uncompressed columns (at least the 9 eight-byte
 * ones, {@value #QUESTDB_MIN_BYTES} B/reading; at most {@value #QUESTDB_MAX_BYTES}), and InfluxDB's
 * compacted {@code *.tsm} files are compressed (between {@value #INFLUXDB_MIN_BYTES} and
 * {@value #INFLUXDB_MAX_BYTES} B/reading: 14 fields of at most 16 B each uncompressed).
 */
@Tag("benchmark")
class StorageSizeBenchmark {

  private static final Instant T0 = Instant.parse("2026-10-01T00:00:00Z");
  private static final int PER_DAY = 96;
  /** One write or count; a stuck store fails the run instead of hanging it. */
  private static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);
  /** Until QuestDB has applied its WAL and every reading is queryable. */
  private static final Duration VISIBLE_TIMEOUT = Duration.ofMinutes(5);
  /** Until InfluxDB's TSM files stop changing and its WAL is flushed (full compaction after 5 s cold). */
  private static final Duration COMPACTION_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration DU_TIMEOUT = Duration.ofMinutes(1);
  static final int QUESTDB_MIN_BYTES = 72;
  static final int QUESTDB_MAX_BYTES = 200;
  static final int INFLUXDB_MIN_BYTES = 5;
  static final int INFLUXDB_MAX_BYTES = 224;

  @TempDir Path dir;

  @Test
  void bytesPerReading() throws Exception {
    int meters = Integer.getInteger("bench.meters", 2000);
    int days = Integer.getInteger("bench.days", 7);
    assertThat(meters).as("bench.meters").isPositive();
    assertThat(days).as("bench.days (a closed day partition is measured, so at least 2)").isGreaterThanOrEqualTo(2);
    long readings = (long) meters * days * PER_DAY;
    List<String> probes = List.of(serial(0), serial(meters - 1));
    Instant end = T0.plus(Duration.ofDays(days));
    System.out.printf(Locale.ROOT, "%d meters x %d days x 96 readings/day = %,d readings%n", meters, days, readings);

    Path questRoot = Files.createDirectories(dir.resolve("questdb"));
    try (EmbeddedQuestDb questDb = EmbeddedQuestDb.start(QuestDbSettings.loopback(questRoot, EmbeddedQuestDb.freePort()));
         QuestDbReadingStore store = new QuestDbReadingStore(questDb.httpUrl(), QuestDbStoreSettings.defaults())) {
      join(store.start());
      long started = System.nanoTime();
      writeAll(store::write, meters, days);
      // WAL apply is asynchronous: wait, bounded, until the first and the last meter are complete
      long deadline = System.nanoTime() + VISIBLE_TIMEOUT.toNanos();
      for (String serial : probes) {
        long count = join(store.count(serial, T0, end));
        while (count < days * (long) PER_DAY && System.nanoTime() < deadline) {
          LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
          count = join(store.count(serial, T0, end));
        }
        assertThat(count).as("QuestDB readings of %s after %s", serial, VISIBLE_TIMEOUT).isEqualTo(days * (long) PER_DAY);
      }
      System.out.printf(Locale.ROOT, "QuestDB: wrote in %.1f s%n", (System.nanoTime() - started) / 1e9);
      LockSupport.parkNanos(Duration.ofSeconds(5).toNanos()); // WAL apply and segment purge settle
      Path table = tableDir(questRoot.resolve("db"));
      report("QuestDB table folder (db/readings~*, WAL included)", table, readings);
      // Day partitions are folders 2026-10-01[.N]; a rewrite (dedup, out-of-order) makes a new
      // version .N and the old ones wait for QuestDB's purge job: count the newest version only.
      java.util.Map<String, Path> newest = new java.util.TreeMap<>();
      long wal = 0;
      try (var entries = Files.list(table)) {
        for (Path p : entries.toList()) {
          String name = p.getFileName().toString();
          if (Character.isDigit(name.charAt(0)) && Files.isDirectory(p)) {
            String day = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
            newest.merge(day, p, (x, y) -> version(x) >= version(y) ? x : y);
          } else if (name.startsWith("wal")) {
            wal += du(p, false);
          }
        }
      }
      assertThat(newest).as("QuestDB day partitions in %s", table).hasSize(days);
      long partitions = 0;
      for (Path p : newest.values()) {
        partitions += du(p, true);
      }
      System.out.printf(Locale.ROOT, "QuestDB live day partitions (%d, newest versions): %,d bytes = %.1f bytes/reading; WAL awaiting purge: %,d bytes%n",
          newest.size(), partitions, partitions / (double) readings, wal);
      // the first day is closed (later days were written after it): its folder holds just its columns
      Path first = newest.values().iterator().next();
      try (var columns = Files.list(first)) {
        for (Path c : columns.sorted().toList()) {
          System.out.printf(Locale.ROOT, "  %s/%s: %,d bytes%n", first.getFileName(), c.getFileName(), Files.size(c));
        }
      }
      double closedDay = du(first, true) / ((double) meters * PER_DAY);
      System.out.printf(Locale.ROOT, "QuestDB closed day partition %s: %.1f bytes/reading%n", first.getFileName(), closedDay);
      assertThat(closedDay).as("QuestDB bytes/reading of the closed day partition %s", first.getFileName())
          .isBetween((double) QUESTDB_MIN_BYTES, (double) QUESTDB_MAX_BYTES);
    }

    Path influxDir = Files.createDirectories(dir.resolve("influxdb"));
    try (InfluxDbServer influxd = InfluxDbServer.start(influxDir, false, true);
         InfluxDbReadingStore store = new InfluxDbReadingStore(InfluxDbSettings.v1(influxd.url(), "bench"))) {
      join(store.start());
      long started = System.nanoTime();
      writeAll(store::write, meters, days);
      System.out.printf(Locale.ROOT, "InfluxDB: wrote in %.1f s%n", (System.nanoTime() - started) / 1e9);
      for (String serial : probes) {
        assertThat(join(store.count(serial, T0, end))).as("InfluxDB readings of %s", serial).isEqualTo(days * (long) PER_DAY);
      }
      // Snapshot the cache to TSM after 1 s cold, fully compact after 5 s cold (set in the config):
      // settled = the TSM files' size unchanged over 10 s and the WAL flushed.
      Path data = influxDir.resolve("data").resolve("bench");
      Path walDir = influxDir.resolve("wal").resolve("bench");
      long deadline = System.nanoTime() + COMPACTION_TIMEOUT.toNanos();
      long last = -1;
      boolean settled = false;
      while (!settled && System.nanoTime() < deadline) {
        LockSupport.parkNanos(Duration.ofSeconds(10).toNanos());
        long now = du(data, true);
        settled = now == last && du(walDir, true) < 64 * 1024;
        last = now;
      }
      assertThat(settled).as("InfluxDB compaction settled within %s (data %,d bytes, WAL %,d bytes)",
          COMPACTION_TIMEOUT, last, du(walDir, true)).isTrue();
      report("InfluxDB data folder (data/bench, after full compaction)", data, readings);
      // The folder's apparent size is mostly the series file (_series/NN/0000), which InfluxDB 1.6
      // preallocates sparse (4 MiB per partition, a few KiB on disk): the data are the *.tsm files.
      long tsmFiles = 0;
      try (var files = Files.walk(data)) {
        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
          System.out.printf(Locale.ROOT, "  %s: %,d bytes (%,d on disk)%n", data.relativize(f), Files.size(f), du(f, false));
          if (f.getFileName().toString().endsWith(".tsm")) {
            tsmFiles += Files.size(f);
          }
        }
      }
      double tsmBytes = tsmFiles / (double) readings;
      System.out.printf(Locale.ROOT, "InfluxDB *.tsm files: %,d bytes = %.1f bytes/reading%n", tsmFiles, tsmBytes);
      report("InfluxDB WAL (wal/bench)", walDir, readings);
      assertThat(tsmBytes).as("InfluxDB *.tsm bytes/reading")
          .isBetween((double) INFLUXDB_MIN_BYTES, (double) INFLUXDB_MAX_BYTES);
    }
  }

  private interface Writer {
    CompletionStage<Void> write(List<AcceptedReading> batch);
  }

  /** Per day, per meter, 96 readings: registers climb, voltage/current/pf vary like a real feeder. */
  private static void writeAll(Writer store, int meters, int days) {
    List<AcceptedReading> batch = new ArrayList<>(5000);
    List<CompletionStage<Void>> pending = new ArrayList<>();
    for (int day = 0; day < days; day++) {
      for (int i = 0; i < 96; i++) {
        for (int m = 0; m < meters; m++) {
          int n = day * 96 + i;
          Instant ts = T0.plus(Duration.ofMinutes(15L * n));
          double load = 0.5 + 0.4 * Math.sin(2 * Math.PI * (i / 96.0) + m) + (m % 7) * 0.1;
          double volts = Math.round((228 + 6 * Math.sin(i / 9.0 + m % 13)) * 10) / 10.0;
          double amps = Math.round(load * 10 * 1000) / 1000.0;
          double kwh = Math.round((m * 13.0 + n * load * 0.25) * 1000) / 1000.0;
          Reading r = new Reading(serial(m), n, ts, kwh, 0.0, volts, amps,
              Math.round((50 + 0.05 * Math.sin(n / 5.0)) * 100) / 100.0, m % 4 == 0 ? null : 0.9 + (m % 9) / 100.0);
          MeterLocation where = new MeterLocation("R" + m % 4, "S" + m % 20, "F" + m % 40, "DT" + m / 25);
          batch.add(new AcceptedReading(r, ts.plusMillis(200 + m % 800), where));
          if (batch.size() == 5000) {
            pending.add(store.write(List.copyOf(batch)));
            batch.clear();
            if (pending.size() == 2) {
              pending.forEach(StorageSizeBenchmark::join);
              pending.clear();
            }
          }
        }
      }
    }
    pending.add(store.write(List.copyOf(batch)));
    pending.forEach(StorageSizeBenchmark::join);
  }

  private static String serial(int meter) {
    return String.format(Locale.ROOT, "B%07d", meter);
  }

  private static int version(Path partition) {
    String name = partition.getFileName().toString();
    return name.contains(".") ? Integer.parseInt(name.substring(name.indexOf('.') + 1)) : 0;
  }

  private static Path tableDir(Path db) throws IOException {
    try (var dirs = Files.list(db)) {
      return dirs.filter(p -> p.getFileName().toString().startsWith("readings")).findFirst().orElseThrow();
    }
  }

  /** Prints what {@code path} takes on disk and in apparent (file) sizes. */
  private static void report(String what, Path path, long readings) {
    long allocated = du(path, false);
    long apparent = du(path, true);
    System.out.printf(Locale.ROOT, "%s: %,d bytes on disk (%,d apparent) = %.1f bytes/reading on disk, %.1f apparent%n",
        what, allocated, apparent, allocated / (double) readings, apparent / (double) readings);
  }

  /** {@code du -s --block-size=1} (allocated) or {@code du -sb} (apparent) of a path; fails when du does. */
  private static long du(Path path, boolean apparent) {
    List<String> command = apparent ? List.of("du", "-sb", path.toString())
        : List.of("du", "-s", "--block-size=1", path.toString());
    try {
      Path out = Files.createTempFile("du", ".txt");
      try {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(DU_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new AssertionError(String.join(" ", command) + " still running after " + DU_TIMEOUT);
        }
        String text = Files.readString(out, StandardCharsets.UTF_8).trim();
        assertThat(p.exitValue()).as("%s: %s", String.join(" ", command), text).isZero();
        return Long.parseLong(text.split("\\s+")[0]);
      } finally {
        Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted: " + String.join(" ", command), e);
    }
  }

  /** A store call's result, at most {@link #CALL_TIMEOUT}. */
  private static <T> T join(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("store call not done after " + CALL_TIMEOUT, e);
    } catch (ExecutionException e) {
      throw new AssertionError("store call failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
