package org.meterflow.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import org.meterflow.app.MeterflowConfig;
import org.meterflow.lake.Lake;
import org.meterflow.lake.LakeSettings;
import org.meterflow.lake.query.LakeSql;
import org.meterflow.model.meter.MeterLocation;
import org.meterflow.model.reading.AcceptedReading;
import org.meterflow.model.reading.Reading;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code meterflow lake bench}: the lake alone. Appends synthetic 15-minute readings of N meters
 * (values at the payload's precision) in ingest-sized batches with the ingest's parallelism,
 * flushes, and reports append throughput (spool, fsync'd), conversion time and bytes per reading.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure the lake: append throughput to the fsync'd spool, Parquet conversion, bytes per reading.")
public final class LakeBenchCommand implements Callable<Integer> {

  @Option(names = "--readings", defaultValue = "5000000", description = "Readings to append (default ${DEFAULT-VALUE})")
  int readings;

  @Option(names = "--meters", defaultValue = "100000", description = "Distinct meters (default ${DEFAULT-VALUE})")
  int meters;

  @Option(names = "--batch", defaultValue = "5000", description = "Readings per append, like meterflow.ingest.batch-size (default ${DEFAULT-VALUE})")
  int batch;

  @Option(names = "--parallelism", defaultValue = "4", description = "Appends in flight, like meterflow.ingest.write-parallelism (default ${DEFAULT-VALUE})")
  int parallelism;

  @Option(names = "--dir", description = "Lake folder (default: a new temporary folder, deleted afterwards)")
  Path dir;

  @Override
  public Integer call() throws Exception {
    try (RunFolder folder = RunFolder.of(dir, "meterflow-lake-bench")) {
      Path lakeDir = folder.path();
      Map<String, Object> overrides = new java.util.LinkedHashMap<>();
      overrides.put("meterflow.lake.dir", lakeDir.toAbsolutePath().toString());
      overrides.put("meterflow.lake.compaction.enabled", false); // measured on its own: `meterflow lake compact`
      run(LakeSettings.fromConfig(MeterflowConfig.load(overrides).getConfig("meterflow.lake"), lakeDir));
      return 0;
    }
  }

  private void run(LakeSettings settings) throws Exception {
    List<List<AcceptedReading>> batches = synthesize();
    long started;
    long appended;
    long flushed;
    Lake.Status status;
    try (Lake lake = Lake.start(settings, Clock.systemUTC())) {
      Semaphore inFlight = new Semaphore(parallelism);
      List<CompletableFuture<Void>> all = new ArrayList<>(batches.size());
      started = System.nanoTime();
      for (List<AcceptedReading> b : batches) {
        inFlight.acquire();
        CompletableFuture<Void> f = lake.append(b).toCompletableFuture();
        f.whenComplete((v, e) -> inFlight.release());
        all.add(f);
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
      appended = System.nanoTime();
      lake.flush().toCompletableFuture().join();
      flushed = System.nanoTime();
      status = lake.status();
    }
    long parquetBytes = sizeOf(settings.readingsDir(), ".parquet");
    long files = countOf(settings.readingsDir(), ".parquet");
    long counted;
    try (LakeSql sql = new LakeSql(settings)) {
      counted = ((Number) sql.run("SELECT count(*) FROM readings_all").rows().get(0).get(0)).longValue();
    }
    double appendSeconds = (appended - started) / 1e9;
    double totalSeconds = (flushed - started) / 1e9;
    System.out.printf("cores                   %d%n", Runtime.getRuntime().availableProcessors());
    System.out.printf("readings                %d (%d meters, batches of %d, %d in flight)%n", readings, meters, batch, parallelism);
    System.out.printf("flushBytes              %d (segments sealed: %d)%n", settings.flushBytes(), status.segmentsPublished());
    System.out.printf("appendSeconds           %.2f%n", appendSeconds);
    System.out.printf("appendReadingsPerSecond %.0f%n", readings / appendSeconds);
    System.out.printf("appendThenFlushSeconds  %.2f%n", totalSeconds);
    System.out.printf("endToEndReadingsPerSec  %.0f%n", readings / totalSeconds);
    System.out.printf("spoolBytesPerReading    %.1f%n", status.bytesAppended() / (double) readings);
    System.out.printf("parquetFiles            %d%n", files);
    System.out.printf("parquetBytes            %d%n", parquetBytes);
    System.out.printf("parquetBytesPerReading  %.2f%n", parquetBytes / (double) readings);
    System.out.printf("rowsInLake              %d%n", counted);
  }

  /** Meters reading every 15 minutes from midnight, UTC, at the MQTT payload's precision. */
  private List<List<AcceptedReading>> synthesize() {
    SplittableRandom random = new SplittableRandom(42);
    Instant day = Instant.parse("2026-11-20T00:00:00Z");
    double[] register = new double[meters];
    List<List<AcceptedReading>> out = new ArrayList<>(readings / batch + 1);
    List<AcceptedReading> current = new ArrayList<>(batch);
    for (int i = 0; i < readings; i++) {
      int m = i % meters;
      int slot = i / meters;
      Instant ts = day.plus(15L * slot, ChronoUnit.MINUTES);
      double kw = 0.2 + random.nextDouble() * 1.5;
      register[m] = round(register[m] + kw / 4, 1000);
      double voltage = round(230 + random.nextGaussian() * 4, 10);
      double amps = round(kw * 1000 / voltage / 0.95, 100);
      Reading r = new Reading(String.format("M%07d", m), slot, ts, 1000 + register[m], 0.0, voltage, amps,
          round(50 + random.nextGaussian() * 0.02, 100), round(0.9 + random.nextDouble() * 0.1, 100));
      MeterLocation at = new MeterLocation("R" + (m % 8), "SS" + (m / 5000), "F" + (m / 1000), "DT" + (m / 50));
      current.add(new AcceptedReading(r, ts.plusMillis(200 + random.nextInt(800)), at));
      if (current.size() == batch) {
        out.add(current);
        current = new ArrayList<>(batch);
      }
    }
    if (!current.isEmpty()) {
      out.add(current);
    }
    return out;
  }

  private static double round(double v, int scale) {
    return Math.round(v * scale) / (double) scale;
  }

  private static long sizeOf(Path root, String suffix) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> p.toString().endsWith(suffix)).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static long countOf(Path root, String suffix) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> p.toString().endsWith(suffix)).count();
    }
  }
}
