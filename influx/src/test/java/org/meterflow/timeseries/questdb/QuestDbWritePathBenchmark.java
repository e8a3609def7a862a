package org.meterflow.timeseries.questdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterflow.model.meter.MeterLocation;
import org.meterflow.model.reading.AcceptedReading;
import org.meterflow.model.reading.Reading;

/**
 * CPU and time to write readings into an embedded QuestDB through each write path (docs/benchmarks.md,
 * "Time-series writes"). A benchmark, in neither the default run nor the integration profile:
 *
 * <pre>{@code
 * mvn -B -pl influx -am -Dbenchmark=QuestDbWritePathBenchmark -Dbench.readings=1000000 -Dbench.batch=5000 verify
 * }</pre>
 *
 * <p>Per path, a fresh embedded QuestDB; a warm-up of a tenth of the readings (other days), then the
 * measured run: every batch submitted to the store (at most 32 in flight, as the bounded queue
 * wants), until every stage completed (= committed to the WAL, the ack point), then until QuestDB
 * applied the WAL to the table. CPU is the whole process's ({@code OperatingSystemMXBean}), so it
 * includes QuestDB's HTTP workers and its WAL apply job, plus the store's writer threads on their own
 * ({@link ThreadMXBean}).
 */
@Tag("benchmark")
class QuestDbWritePathBenchmark {

  private static final int METERS = 2_000;
  private static final MeterLocation[] PLACES = {
      new MeterLocation("North", "S1", "F-1", "DT-1"), new MeterLocation("North", "S1", "F-2", "DT-2"),
      new MeterLocation("South", "S2", "F-9", "DT-9")};

  @Test
  void bothPaths(@TempDir Path root) {
    int total = Integer.getInteger("bench.readings", 1_000_000);
    int batch = Integer.getInteger("bench.batch", 5_000);
    System.out.printf(Locale.ROOT, "%,d readings in batches of %,d, %d cores%n", total, batch,
        Runtime.getRuntime().availableProcessors());
    for (QuestDbWritePath path : List.of(QuestDbWritePath.LINE_PROTOCOL, QuestDbWritePath.WAL)) {
      try (EmbeddedQuestDb db = EmbeddedQuestDb.start(QuestDbSettings.loopback(root.resolve(path.configValue()), 0));
          QuestDbReadingStore store = new QuestDbReadingStore(db, QuestDbStoreSettings.defaults().withWritePath(path))) {
        store.start().toCompletableFuture().join();
        Instant base = Instant.parse("2026-10-01T00:00:00Z");
        write(store, readings(base.plus(Duration.ofDays(40)), total / 10), batch); // warm-up
        awaitApplied(db);
        List<AcceptedReading> measured = readings(base, total);
        System.gc();

        long cpu0 = processCpuNanos();
        long writers0 = writerThreadsCpuNanos();
        long t0 = System.nanoTime();
        write(store, measured, batch);
        long acked = System.nanoTime() - t0;
        long ackedCpu = processCpuNanos() - cpu0;
        long writersCpu = writerThreadsCpuNanos() - writers0;
        awaitApplied(db);
        long applied = System.nanoTime() - t0;
        long appliedCpu = processCpuNanos() - cpu0;

        String serial = measured.get(0).serial();
        long perMeter = total / METERS;
        assertThat(store.count(serial, base, base.plus(Duration.ofDays(30))).toCompletableFuture().join())
            .isEqualTo(perMeter);
        System.out.printf(Locale.ROOT,
            "%-13s acked in %,6d ms = %,9d readings/s, process CPU %,6d ms (%.2f us/reading, writer threads %,d ms);"
                + " applied after %,6d ms, process CPU %,6d ms (%.2f us/reading)%n",
            path.configValue(), acked / 1_000_000, total * 1_000_000_000L / acked, ackedCpu / 1_000_000,
            ackedCpu / 1_000.0 / total, writersCpu / 1_000_000, applied / 1_000_000, appliedCpu / 1_000_000,
            appliedCpu / 1_000.0 / total);
      }
    }
  }

  private static void write(QuestDbReadingStore store, List<AcceptedReading> all, int batch) {
    List<CompletableFuture<Void>> inFlight = new ArrayList<>();
    for (int i = 0; i < all.size(); i += batch) {
      inFlight.add(store.write(all.subList(i, Math.min(all.size(), i + batch))).toCompletableFuture());
      if (inFlight.size() >= 32) { // the store's queue holds 64
        inFlight.remove(0).join();
      }
    }
    inFlight.forEach(CompletableFuture::join);
  }

  /** Meter after meter every 15 minutes from {@code base}, as a fleet reports. */
  private static List<AcceptedReading> readings(Instant base, int count) {
    String[] serials = new String[METERS];
    for (int m = 0; m < METERS; m++) {
      serials[m] = String.format(Locale.ROOT, "M%06d", m);
    }
    List<AcceptedReading> all = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int m = i % METERS;
      int r = i / METERS;
      Instant ts = base.plus(Duration.ofMinutes(15L * r));
      Double pf = m % 4 == 0 ? null : 0.9 + (m % 10) / 100.0;
      Reading reading = new Reading(serials[m], r, ts, 1000.125 + r * 0.25 + m, 0.0, 230.1 + (m % 7) * 0.3,
          4.2 + (r % 11) * 0.1, 49.98 + (r % 5) * 0.01, pf);
      all.add(new AcceptedReading(reading, ts.plusMillis(250 + m % 500), PLACES[m % PLACES.length]));
    }
    return all;
  }

  private static void awaitApplied(EmbeddedQuestDb db) {
    QuestDbExec sql = new QuestDbExec(db.httpUrl(), Duration.ofSeconds(5), new ObjectMapper());
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    String probe = "SELECT writerTxn, sequencerTxn FROM wal_tables() WHERE name = 'readings'";
    while (System.nanoTime() < deadline) {
      QuestDbExec.Result result = sql.query(probe).toCompletableFuture().join();
      var row = result.rows().get(0);
      if (result.cell(row, "writerTxn").asLong() == result.cell(row, "sequencerTxn").asLong()) {
        return;
      }
      QuestDbReadingStoreTest.awaitBriefly();
    }
    throw new AssertionError("WAL not applied within 5 minutes");
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** CPU of the store's writer threads ({@code questdb-writer-N}). */
  private static long writerThreadsCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith("questdb-writer-")) {
        sum += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return sum;
  }
}
