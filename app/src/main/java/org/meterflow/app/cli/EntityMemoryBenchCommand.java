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
import java.util.concurrent.CompletionStage;
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
 * embedded platform, registers N meter entities (journaled), gives each {@code --readings}
 * 15-minute readings (the default fills the duplicate window, as in steady operation), then
 * compares the used heap after full GCs.
 */
@Command(name = "bench-entities", mixinStandardHelpOptions = true,
    description = "Measure heap per resident meter entity (registered, with a full window of readings).")
public final class EntityMemoryBenchCommand implements Callable<Integer> {

  /** Short, so that the scheduler's timeout slots of completed asks drain before the heap is measured. */
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(60);

  @Option(names = "--count", defaultValue = "100000", description = "Meter entities (default ${DEFAULT-VALUE})")
  int count;

  @Option(names = "--readings", defaultValue = "33",
      description = "Readings per entity, 15 min apart (default ${DEFAULT-VALUE}: a full duplicate window)")
  int readings;

  @Option(names = "--histogram", defaultValue = "0",
      description = "Print the top N classes of the live heap at the end (0 = none)")
  int histogram;

  @Option(names = "--parallelism", defaultValue = "2000", description = "Commands in flight (default ${DEFAULT-VALUE})")
  int parallelism;

  @Override
  public Integer call() throws Exception {
    try (RunFolder folder = RunFolder.of(null, "meterflow-bench-entities")) {
      return run(folder.path());
    }
  }

  private Integer run(Path dir) throws Exception {
    Map<String, Object> overrides = MeterflowConfig.isolated(dir);
    overrides.put("meterflow.ingest.enabled", false);
    overrides.put("pekko.cluster.sharding.passivation.default-strategy.idle-entity.timeout", "1h");
    try (Platform platform = Platform.start(MeterflowConfig.load(overrides))) {
      ClusterSharding sharding = ClusterSharding.get(platform.system());
      MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
      long before = usedAfterGc(memory);
      long started = System.nanoTime();
      Instant first = Instant.now().minus(Duration.ofMinutes(15L * readings));
      for (int from = 0; from < count; from += parallelism) {
        List<CompletableFuture<?>> batch = new ArrayList<>(parallelism);
        for (int i = from; i < Math.min(count, from + parallelism); i++) {
          String serial = String.format("E%07d", i);
          var entity = sharding.entityRefFor(MeterEntity.ENTITY_KEY, serial);
          MeterRegistration registration = new MeterRegistration(serial, "C" + i, "domestic", "north", "SS1",
              "F" + (i / 200), "DT" + (i / 20), 230, 50, 1, false);
          CompletionStage<?> fed =
              entity.<Done>askWithStatus(r -> new MeterEntity.Register(registration, r), ASK_TIMEOUT);
          for (int k = 0; k < readings; k++) {
            Reading reading = new Reading(serial, k + 1, first.plus(Duration.ofMinutes(15L * k)), 100.0 + 0.1 * k,
                0, 231, 2, 50, null);
            fed = fed.thenComposeAsync(d -> entity.<ReadingOutcome>askWithStatus(
                r -> new MeterEntity.RecordReading(reading, Instant.now(), r), ASK_TIMEOUT),
                platform.system().executionContext());
          }
          batch.add(fed.toCompletableFuture());
        }
        CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).join();
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      // Completed asks leave cancelled timeout tasks in the scheduler wheel until their slot passes.
      CompletableFuture.runAsync(() -> { },
          CompletableFuture.delayedExecutor(ASK_TIMEOUT.toMillis() + 2_000, java.util.concurrent.TimeUnit.MILLISECONDS)).join();
      long after = usedAfterGc(memory);
      System.out.printf("cores                 %d%n", Runtime.getRuntime().availableProcessors());
      System.out.printf("maxHeapMiB            %d%n", Runtime.getRuntime().maxMemory() >> 20);
      System.out.printf("entities              %d%n", count);
      System.out.printf("readingsPerEntity     %d%n", readings);
      System.out.printf("registeredPerSecond   %.0f%n", count / seconds);
      System.out.printf("heapBeforeMiB         %.1f%n", before / 1048576.0);
      System.out.printf("heapAfterMiB          %.1f%n", after / 1048576.0);
      System.out.printf("bytesPerEntity        %.0f%n", (after - before) / (double) count);
      System.out.printf("projected1MGiB        %.2f%n", (after - before) / (double) count * 1_000_000 / 1073741824.0);
      if (histogram > 0) {
        String table = (String) ManagementFactory.getPlatformMBeanServer().invoke(
            new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
            new Object[] {null}, new String[] {String[].class.getName()});
        table.lines().limit(histogram + 2L).forEach(System.out::println);
      }
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
