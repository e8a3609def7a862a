package org.meterflow.app.cli;

import java.nio.file.Files;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.meterflow.app.MeterflowConfig;
import org.meterflow.app.PlatformSettings;
import org.meterflow.lake.Lake;
import org.meterflow.lake.LakeSettings;
import org.meterflow.lake.compaction.Compactor;
import org.meterflow.lake.target.LakeTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code meterflow lake compact [--data-dir D]}: one compaction run now (what the platform does
 * every {@code meterflow.lake.compaction.every}), with the configured target, settle time and sizes.
 */
@Command(name = "compact", mixinStandardHelpOptions = true,
    description = {"Merges the small Parquet files of finished days into files of about target-file-bytes, now.",
        "Safe beside a running platform (at worst rows sit twice for a while, which the readings view hides)."})
public final class LakeCompactCommand implements Callable<Integer> {

  @Mixin
  LakeLocation location;

  @Option(names = "--settle", description = "Compact days that ended at least this long ago, e.g. 0s (default meterflow.lake.compaction.settle)")
  String settle;

  @Option(names = "--target-file-bytes", description = "e.g. 128m (default meterflow.lake.compaction.target-file-bytes)")
  String targetFileBytes;

  @Option(names = "--order", defaultValue = "serial-ts",
      description = "Row order in the new files: serial-ts (what the platform writes) or arrival (by received_at; to measure the difference)")
  String order;

  @Override
  public Integer call() throws Exception {
    Compactor.Order rows;
    try {
      rows = Compactor.Order.valueOf(order.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      System.err.println("--order must be serial-ts or arrival");
      return 2;
    }
    Map<String, Object> overrides = location.overrides();
    if (settle != null) {
      overrides.put("meterflow.lake.compaction.settle", settle);
    }
    if (targetFileBytes != null) {
      overrides.put("meterflow.lake.compaction.target-file-bytes", targetFileBytes);
    }
    var config = MeterflowConfig.load(overrides);
    LakeSettings settings = LakeSettings.fromConfig(config.getConfig("meterflow.lake"),
        PlatformSettings.fromConfig(config).dataDir());
    if (!Files.isDirectory(settings.readingsDir())) {
      System.err.println("no lake at " + settings.dir() + " (give --data-dir or --lake-dir)");
      return 2;
    }
    try (LakeTarget target = Lake.target(settings)) {
      if (!target.keepsLocalCopy()) {
        System.err.println("compaction reads the local copy of the lake, which " + target.describe()
            + " does not keep (meterflow.lake.s3.keep-local = false)");
        return 2;
      }
      try (Compactor compactor = new Compactor(settings, target, Clock.systemUTC(), rows)) {
        Compactor.Run run = compactor.compactNow().join();
        System.out.printf("partitionsCompacted  %d%n", run.partitions());
        System.out.printf("filesBefore          %d%n", run.filesCompacted());
        System.out.printf("bytesBefore          %d%n", run.bytesBefore());
        System.out.printf("rowsBefore           %d%n", run.rowsBefore());
        System.out.printf("filesAfter           %d%n", run.filesWritten());
        System.out.printf("bytesAfter           %d%n", run.bytesAfter());
        System.out.printf("rowsAfter            %d (duplicates dropped: %d)%n", run.rowsAfter(), run.rowsBefore() - run.rowsAfter());
        System.out.printf("seconds              %.2f%n", run.took().toNanos() / 1e9);
        if (run.failures() > 0) {
          System.err.println(run.failures() + " groups failed (see the log); their files stay as they were");
          return 1;
        }
        return 0;
      }
    }
  }
}
