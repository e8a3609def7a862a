package org.meterflow.influx.influxdb;

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
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterflow.influx.questdb.EmbeddedQuestDb;
import org.meterflow.influx.questdb.QuestDbReadingStore;
import org.meterflow.influx.questdb.QuestDbSettings;
import org.meterflow.influx.questdb.QuestDbStoreSettings;
import org.meterflow.model.meter.MeterLocation;
import org.meterflow.model.reading.AcceptedReading;
import org.meterflow.model.reading.Reading;

/**
 * Bytes per stored reading in QuestDB and in InfluxDB 1.6, measured with {@code du} on their data
 * folders after the same readings were written through the adapters. A benchmark, in neither the
 * default run nor the integration profile (docs/benchmarks.md):
 * {@code mvn -B -pl influx -am -Dbenchmark=StorageSizeBenchmark -Dbench.meters=2000 -Dbench.days=7 verify}.
 */
@Tag("benchmark")
class StorageSizeBenchmark {

  private static final Instant T0 = Instant.parse("2026-10-01T00:00:00Z");

  @TempDir Path dir;

  @Test
  void bytesPerReading() throws Exception {
    int meters = Integer.getInteger("bench.meters", 2000);
    int days = Integer.getInteger("bench.days", 7);
    long readings = (long) meters * days * 96;
    System.out.printf(Locale.ROOT, "%d meters x %d days x 96 readings/day = %,d readings%n", meters, days, readings);

    Path questRoot = Files.createDirectories(dir.resolve("questdb"));
    try (EmbeddedQuestDb questDb = EmbeddedQuestDb.start(QuestDbSettings.loopback(questRoot, EmbeddedQuestDb.freePort()));
         QuestDbReadingStore store = new QuestDbReadingStore(questDb.httpUrl(), QuestDbStoreSettings.defaults())) {
      join(store.start());
      long started = System.nanoTime();
      writeAll(store::write, meters, days);
      long serialCount = join(store.count("B0000000", T0, T0.plus(Duration.ofDays(days))));
      while (serialCount != days * 96L) {
        LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        serialCount = join(store.count("B0000000", T0, T0.plus(Duration.ofDays(days))));
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
      long partitions = 0;
      for (Path p : newest.values()) {
        partitions += du(p, true);
      }
      System.out.printf(Locale.ROOT, "QuestDB live day partitions (%d, newest versions): %,d bytes = %.1f bytes/reading; WAL awaiting purge: %,d bytes%n",
          newest.size(), partitions, partitions / (double) readings, wal);
      try (var files = Files.list(table)) {
        Path first = newest.values().iterator().next();
        try (var columns = Files.list(first)) {
          for (Path c : columns.sorted().toList()) {
            System.out.printf(Locale.ROOT, "  %s/%s: %,d bytes%n", first.getFileName(), c.getFileName(), Files.size(c));
          }
        }
      }
    }

    Path influxDir = Files.createDirectories(dir.resolve("influxdb"));
    try (InfluxDbServer influxd = InfluxDbServer.start(influxDir, false, true);
         InfluxDbReadingStore store = new InfluxDbReadingStore(InfluxDbSettings.v1(influxd.url(), "bench"))) {
      join(store.start());
      long started = System.nanoTime();
      writeAll(store::write, meters, days);
      System.out.printf(Locale.ROOT, "InfluxDB: wrote in %.1f s%n", (System.nanoTime() - started) / 1e9);
      // Snapshot the cache to TSM after 1 s cold, fully compact after 5 s cold (set in the config).
      Path tsm = influxDir.resolve("data").resolve("bench");
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      long last = -1;
      while (System.nanoTime() < deadline) {
        LockSupport.parkNanos(Duration.ofSeconds(10).toNanos());
        long now = du(tsm, true);
        if (now == last && du(influxDir.resolve("wal").resolve("bench"), true) < 64 * 1024) {
          break;
        }
        last = now;
      }
      report("InfluxDB TSM files (data/bench, after full compaction)", tsm, readings);
      report("InfluxDB WAL (wal/bench)", influxDir.resolve("wal").resolve("bench"), readings);
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
          Reading r = new Reading(String.format(Locale.ROOT, "B%07d", m), n, ts, kwh, 0.0, volts, amps,
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

  private static int version(Path partition) {
    String name = partition.getFileName().toString();
    return name.contains(".") ? Integer.parseInt(name.substring(name.indexOf('.') + 1)) : 0;
  }

  private static Path tableDir(Path db) throws IOException {
    try (var dirs = Files.list(db)) {
      return dirs.filter(p -> p.getFileName().toString().startsWith("readings")).findFirst().orElseThrow();
    }
  }

  private static void report(String what, Path path, long readings) throws IOException, InterruptedException {
    long allocated = du(path, false);
    long apparent = du(path, true);
    System.out.printf(Locale.ROOT, "%s: %,d bytes on disk (%,d apparent) = %.1f bytes/reading on disk, %.1f apparent%n",
        what, allocated, apparent, allocated / (double) readings, apparent / (double) readings);
  }

  /** {@code du -s --block-size=1} (allocated) or {@code du -sb} (apparent) of a path. */
  private static long du(Path path, boolean apparent) {
    try {
      Process p = new ProcessBuilder(apparent ? List.of("du", "-sb", path.toString())
          : List.of("du", "-s", "--block-size=1", path.toString())).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      p.waitFor();
      return Long.parseLong(out.split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }
}
