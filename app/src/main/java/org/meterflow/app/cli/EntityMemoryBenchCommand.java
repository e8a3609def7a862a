package org.meterflow.app.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.meterflow.actors.meter.MeterEntity;
import org.meterflow.actors.meter.ReadingOutcome;
import org.meterflow.app.MeterflowConfig;
import org.meterflow.app.Platform;
import org.meterflow.model.meter.MeterRegistration;
import org.meterflow.model.reading.Reading;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code meterflow bench-entities}: how much heap a resident meter entity costs. Starts the
 * embedded platform, registers N meter entities (journaled), gives each one reading (so its
 * in-memory windows are populated), then compares the used heap after full GCs.
 */
@Command(name = "bench-entities", mixinStandardHelpOptions = true,
    description = "Measure heap per resident meter entity (registered, one reading each).")
public final class EntityMemoryBenchCommand implements Callable<Integer> {

  @Option(names = "--count", defaultValue = "100000", description = "Meter entities (default ${DEFAULT-VALUE})")
  int count;

  @Option(names = "--parallelism", defaultValue = "2000", description = "Commands in flight (default ${DEFAULT-VALUE})")
  int parallelism;

  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("meterflow-bench-entities");
    Map<String, Object> overrides = MeterflowConfig.isolated(dir);
    overrides.put("meterflow.ingest.enabled", false);
    overrides.put("pekko.cluster.sharding.passivation.default-strategy.idle-entity.timeout", "1h");
    try (Platform platform = Platform.start(MeterflowConfig.load(overrides))) {
      ClusterSharding sharding = ClusterSharding.get(platform.system());
      MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
      long before = usedAfterGc(memory);
      long started = System.nanoTime();
      Instant ts = Instant.now().minusSeconds(60);
      for (int from = 0; from < count; from += parallelism) {
        List<CompletableFuture<?>> batch = new ArrayList<>(parallelism);
        for (int i = from; i < Math.min(count, from + parallelism); i++) {
          String serial = String.format("E%07d", i);
          var entity = sharding.entityRefFor(MeterEntity.ENTITY_KEY, serial);
          MeterRegistration registration = new MeterRegistration(serial, "C" + i, "domestic", "north", "SS1",
              "F" + (i / 200), "DT" + (i / 20), 230, 50, 1, false);
          Reading reading = new Reading(serial, 1, ts, 100.0, 0, 231, 2, 50, null);
          batch.add(entity.<Done>askWithStatus(r -> new MeterEntity.Register(registration, r), Duration.ofSeconds(30))
              .thenCompose(d -> entity.<ReadingOutcome>askWithStatus(
                  r -> new MeterEntity.RecordReading(reading, Instant.now(), r), Duration.ofSeconds(30)))
              .toCompletableFuture());
        }
        CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).join();
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      long after = usedAfterGc(memory);
      System.out.printf("cores                 %d%n", Runtime.getRuntime().availableProcessors());
      System.out.printf("maxHeapMiB            %d%n", Runtime.getRuntime().maxMemory() >> 20);
      System.out.printf("entities              %d%n", count);
      System.out.printf("registeredPerSecond   %.0f%n", count / seconds);
      System.out.printf("heapBeforeMiB         %.1f%n", before / 1048576.0);
      System.out.printf("heapAfterMiB          %.1f%n", after / 1048576.0);
      System.out.printf("bytesPerEntity        %.0f%n", (after - before) / (double) count);
      System.out.printf("projected1MGiB        %.2f%n", (after - before) / (double) count * 1_000_000 / 1073741824.0);
      return 0;
    }
  }

  private static long usedAfterGc(MemoryMXBean memory) {
    for (int i = 0; i < 3; i++) {
      memory.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
