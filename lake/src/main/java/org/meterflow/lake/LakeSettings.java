package org.meterflow.lake;

import com.typesafe.config.Config;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code meterflow.lake} block: where readings are archived and how they are buffered.
 *
 * @param enabled           false: no lake (readings go to the time-series store only)
 * @param dir               the local lake: {@code spool/}, {@code staging/} and the Parquet tree {@code readings/}
 * @param target            where Parquet files are published: the local folder, or S3 as well
 * @param flushBytes        a spool segment becomes Parquet when it holds this many bytes (Firehose's size hint)
 * @param flushInterval     … or when its first row is this old (Firehose's interval hint)
 * @param partitionByRegion {@code readings/date=…/region=…/} instead of {@code readings/date=…/}
 * @param duckdbThreads     threads of the DuckDB that converts segments (leave cores to the ingest)
 * @param duckdbMemory      its memory limit, bytes
 * @param closeTimeout      how long a clean stop waits for the last flush (what is left stays spooled)
 * @param minBackoff        first retry delay of a failed conversion or upload
 * @param maxBackoff        longest retry delay
 * @param s3                the S3 target (used when {@code target = s3})
 * @param query             limits of SQL over the lake
 * @param compaction        merging a finished day's small Parquet files into a few big ones
 */
public record LakeSettings(
    boolean enabled,
    Path dir,
    Target target,
    long flushBytes,
    Duration flushInterval,
    boolean partitionByRegion,
    int duckdbThreads,
    long duckdbMemory,
    Duration closeTimeout,
    Duration minBackoff,
    Duration maxBackoff,
    S3 s3,
    Query query,
    Compaction compaction) {

  public enum Target { LOCAL, S3 }

  /**
   * @param bucket    the bucket (must exist)
   * @param prefix    key prefix, e.g. {@code meterflow/} (keys are prefix + {@code readings/date=…/part-….parquet})
   * @param region    the signing region, e.g. {@code ap-south-1}
   * @param endpoint  an S3-compatible endpoint (MinIO, Ceph, S3Proxy), or empty for AWS
   * @param pathStyle path-style requests ({@code http://host/bucket/key}), which most S3-compatible stores need
   * @param keepLocal keep each file in the local lake too (needed for {@code meterflow lake query})
   */
  public record S3(String bucket, String prefix, String region, Optional<URI> endpoint, boolean pathStyle,
      boolean keepLocal) {}

  /**
   * @param rowLimit    rows returned at most (more are cut and the result says so)
   * @param timeout     a query running longer is cancelled
   * @param threads     DuckDB threads per query
   * @param memory      DuckDB memory limit per query, bytes
   * @param parallelism queries running at once (more wait, up to {@code queue})
   * @param queue       queries waiting at most; beyond that they are refused as busy
   */
  public record Query(int rowLimit, Duration timeout, int threads, long memory, int parallelism, int queue) {}

  /**
   * @param enabled         false: the small files stay as they are
   * @param every           how often the compactor looks for work (and once shortly after start)
   * @param settle          a day's partitions are compacted only this long after the day ended (UTC)
   * @param minFiles        a partition is rewritten only if it holds at least this many small files
   * @param targetFileBytes files at least this big are left alone; small ones are packed into files of about this size
   */
  public record Compaction(boolean enabled, Duration every, Duration settle, int minFiles, long targetFileBytes) {

    /** The defaults of {@code meterflow.lake.compaction}. */
    public static final Compaction DEFAULTS = new Compaction(true, Duration.ofHours(1), Duration.ofHours(1), 2, 128L << 20);

    public Compaction {
      if (every.isNegative() || every.isZero() || settle.isNegative() || minFiles < 2 || targetFileBytes < 1) {
        throw new IllegalArgumentException("meterflow.lake.compaction: every must be positive, settle not negative, "
            + "min-files at least 2 and target-file-bytes positive");
      }
    }

    static Compaction fromConfig(Config c) {
      return new Compaction(c.getBoolean("enabled"), c.getDuration("every"), c.getDuration("settle"),
          c.getInt("min-files"), c.getBytes("target-file-bytes"));
    }
  }

  /** The settings without a compaction block: compaction with its defaults. */
  public LakeSettings(boolean enabled, Path dir, Target target, long flushBytes, Duration flushInterval,
      boolean partitionByRegion, int duckdbThreads, long duckdbMemory, Duration closeTimeout, Duration minBackoff,
      Duration maxBackoff, S3 s3, Query query) {
    this(enabled, dir, target, flushBytes, flushInterval, partitionByRegion, duckdbThreads, duckdbMemory, closeTimeout,
        minBackoff, maxBackoff, s3, query, Compaction.DEFAULTS);
  }

  /** The same settings with another compaction block. */
  public LakeSettings withCompaction(Compaction compaction) {
    return new LakeSettings(enabled, dir, target, flushBytes, flushInterval, partitionByRegion, duckdbThreads,
        duckdbMemory, closeTimeout, minBackoff, maxBackoff, s3, query, compaction);
  }

  public LakeSettings {
    if (flushBytes < 1 || flushInterval.isNegative() || flushInterval.isZero()) {
      throw new IllegalArgumentException("meterflow.lake: flush-bytes and flush-interval must be positive");
    }
    if (target == Target.S3 && s3.bucket().isBlank()) {
      throw new IllegalArgumentException("meterflow.lake.target = s3 needs meterflow.lake.s3.bucket");
    }
  }

  /** The folder the Parquet files of readings live in. */
  public Path readingsDir() {
    return dir.resolve("readings");
  }

  /** The folder the Parquet files of events live in ({@code events/date=YYYY-MM-DD/events.parquet}). */
  public Path eventsDir() {
    return dir.resolve("events");
  }

  public Path spoolDir() {
    return dir.resolve("spool");
  }

  public Path stagingDir() {
    return dir.resolve("staging");
  }

  /**
   * Reads the block.
   *
   * @param c       the {@code meterflow.lake} block
   * @param dataDir the platform's data folder: an empty {@code dir} means {@code dataDir/lake}
   */
  public static LakeSettings fromConfig(Config c, Path dataDir) {
    String dir = c.getString("dir");
    Config s3 = c.getConfig("s3");
    Config q = c.getConfig("query");
    String endpoint = s3.getString("endpoint");
    return new LakeSettings(
        c.getBoolean("enabled"),
        (dir.isBlank() ? dataDir.resolve("lake") : Path.of(dir)).toAbsolutePath(),
        Target.valueOf(c.getString("target").trim().toUpperCase(Locale.ROOT)),
        c.getBytes("flush-bytes"),
        c.getDuration("flush-interval"),
        c.getBoolean("partition-by-region"),
        c.getInt("duckdb-threads"),
        c.getBytes("duckdb-memory"),
        c.getDuration("close-timeout"),
        c.getDuration("min-backoff"),
        c.getDuration("max-backoff"),
        new S3(s3.getString("bucket"), s3.getString("prefix"), s3.getString("region"),
            endpoint.isBlank() ? Optional.empty() : Optional.of(URI.create(endpoint)),
            s3.getBoolean("path-style"), s3.getBoolean("keep-local")),
        new Query(q.getInt("row-limit"), q.getDuration("timeout"), q.getInt("threads"), q.getBytes("memory"),
            q.getInt("parallelism"), q.getInt("queue")),
        Compaction.fromConfig(c.getConfig("compaction")));
  }
}
