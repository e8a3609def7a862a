package org.meterflow.lake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.meterflow.lake.compaction.Compactor;
import org.meterflow.lake.parquet.SegmentConverter;
import org.meterflow.lake.spool.Spool;
import org.meterflow.lake.spool.SpoolRows;
import org.meterflow.lake.spool.SpoolSegment;
import org.meterflow.lake.target.LakeTarget;
import org.meterflow.lake.target.LocalFolderTarget;
import org.meterflow.lake.target.S3Target;
import org.meterflow.model.port.ReadingArchive;
import org.meterflow.model.reading.AcceptedReading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data lake: accepted readings are appended to an fsync'd local spool (the append's stage
 * completes only then, so the MQTT ack follows durability); sealed spool segments become Parquet
 * files on one flusher thread, are published to the target (local folder or S3) and only then
 * deleted. A crash at any point leaves either the segment (converted again at the next start,
 * into the same file names) or the published files, never neither.
 */
public final class Lake implements ReadingArchive {

  private static final Logger log = LoggerFactory.getLogger(Lake.class);

  /** Counters for metrics and benchmarks. */
  public record Status(long rowsAppended, long bytesAppended, long segmentsPublished, long filesPublished,
      long parquetBytes, int segmentsWaiting, long segmentsQuarantined) {}

  /** The first compaction runs this long after start (or after {@code every}, if shorter). */
  static final Duration FIRST_COMPACTION_AFTER = Duration.ofMinutes(1);

  /** Conversion attempts of one segment before it is set aside (a spool file DuckDB cannot read). */
  static final int QUARANTINE_AFTER = 5;

  private final LakeSettings settings;
  private final Spool spool;
  private final SegmentConverter converter;
  private final LakeTarget target;
  private final ScheduledExecutorService flusher;
  /** Merges finished days' small files; null when compaction is off. */
  private volatile Compactor compactor;

  // Owned by the flusher thread.
  private final Deque<SpoolSegment> waiting = new ArrayDeque<>();
  private final List<CompletableFuture<Void>> drained = new ArrayList<>();
  private boolean backingOff;
  private Duration backoff;
  /** Failed conversions of the segment at the head of {@link #waiting}. */
  private int conversionFailures;

  private final AtomicLong rowsAppended = new AtomicLong();
  private final AtomicLong bytesAppended = new AtomicLong();
  private final AtomicLong segmentsPublished = new AtomicLong();
  private final AtomicLong filesPublished = new AtomicLong();
  private final AtomicLong parquetBytes = new AtomicLong();
  private final AtomicLong segmentsQuarantined = new AtomicLong();
  private volatile int segmentsWaiting;
  private volatile boolean closed;

  private Lake(LakeSettings settings, LakeTarget target, Clock clock) {
    this.settings = settings;
    this.target = target;
    this.backoff = settings.minBackoff();
    this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "lake-flusher");
      t.setDaemon(true);
      return t;
    });
    this.converter = new SegmentConverter(settings.stagingDir(), settings.duckdbThreads(), settings.duckdbMemory(),
        settings.partitionByRegion());
    this.spool = new Spool(settings.spoolDir(), settings.flushBytes(), settings.flushInterval(), clock, this::sealed);
  }

  /** Opens the lake of {@code settings} with its configured target; converts what an earlier run left spooled. */
  public static Lake start(LakeSettings settings, Clock clock) {
    return start(settings, target(settings), clock);
  }

  /** The target the settings describe: the local folder, or S3 (plus the local folder if {@code keep-local}). */
  public static LakeTarget target(LakeSettings settings) {
    LocalFolderTarget local = new LocalFolderTarget(settings.dir());
    return settings.target() == LakeSettings.Target.S3
        ? new S3Target(S3Target.client(settings.s3()), settings.s3().bucket(), settings.s3().prefix(),
            settings.s3().keepLocal() ? local : null)
        : local;
  }

  /** Opens the lake publishing to {@code target} (keys relative to the lake root). */
  public static Lake start(LakeSettings settings, LakeTarget target, Clock clock) {
    Lake lake = new Lake(settings, target, clock);
    try {
      Files.createDirectories(settings.readingsDir());
      lake.converter.cleanAll();
    } catch (IOException e) {
      lake.close();
      throw new java.io.UncheckedIOException("cannot prepare the lake in " + settings.dir(), e);
    }
    List<SpoolSegment> left = lake.spool.recover();
    if (!left.isEmpty()) {
      log.info("lake: {} spool segments left by the last run ({} bytes); converting them", left.size(),
          left.stream().mapToLong(SpoolSegment::bytes).sum());
    }
    left.forEach(lake::sealed);
    lake.spool.start();
    log.info("lake: spool {} → Parquet → {} (flush at {} bytes or {})", settings.spoolDir(), target.describe(),
        settings.flushBytes(), settings.flushInterval());
    if (settings.compaction().enabled() && !target.keepsLocalCopy()) {
      log.info("lake: compaction is off: it reads the local copy, which {} does not keep (meterflow.lake.s3.keep-local = false)",
          target.describe());
    } else if (settings.compaction().enabled()) {
      try {
        lake.compactor = new Compactor(settings, target, clock);
      } catch (RuntimeException e) {
        lake.close();
        throw e;
      }
      Duration every = settings.compaction().every();
      lake.compactor.schedule(every.compareTo(FIRST_COMPACTION_AFTER) < 0 ? every : FIRST_COMPACTION_AFTER);
    }
    return lake;
  }

  public LakeSettings settings() {
    return settings;
  }

  /**
   * Publishes a finished file under {@code key} (relative to the lake root, e.g.
   * {@code events/date=2026-11-26/events.parquet}) to the lake's target, replacing one of the same key.
   */
  public void publish(Path file, String key) throws IOException {
    target.publish(file, key);
  }

  @Override
  public CompletionStage<Void> append(List<AcceptedReading> batch) {
    if (batch.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    byte[] rows = SpoolRows.encode(batch);
    return spool.append(rows).thenRun(() -> {
      rowsAppended.addAndGet(batch.size());
      bytesAppended.addAndGet(rows.length);
    });
  }

  /** Seals the open spool segment and completes once every sealed segment is published. */
  @Override
  public CompletionStage<Void> flush() {
    if (closed) {
      return CompletableFuture.completedFuture(null);
    }
    return spool.seal().thenCompose(v -> {
      CompletableFuture<Void> done = new CompletableFuture<>();
      flusher.execute(() -> {
        if (waiting.isEmpty()) {
          done.complete(null);
        } else {
          drained.add(done);
        }
      });
      return done;
    });
  }

  /** Compaction totals since start ({@link Compactor.Status#NONE} when compaction is off). */
  public Compactor.Status compaction() {
    Compactor c = compactor;
    return c == null ? Compactor.Status.NONE : c.status();
  }

  /** Runs a compaction now (after one in progress); fails if compaction is off. */
  public CompletionStage<Compactor.Run> compactNow() {
    Compactor c = compactor;
    return c == null
        ? CompletableFuture.failedFuture(new IllegalStateException("lake compaction is off"))
        : c.compactNow();
  }

  public Status status() {
    return new Status(rowsAppended.get(), bytesAppended.get(), segmentsPublished.get(), filesPublished.get(),
        parquetBytes.get(), segmentsWaiting, segmentsQuarantined.get());
  }

  /** Flushes (waiting at most {@code close-timeout}), then stops; unflushed rows stay spooled for the next start. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    if (compactor != null) {
      compactor.close(); // first, so it leaves the cores to the last flush and stops using the target
    }
    try {
      flush().toCompletableFuture().get(settings.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.warn("lake: flush did not finish within {}; {} segments stay in {} for the next start",
          settings.closeTimeout(), segmentsWaiting, settings.spoolDir());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException e) {
      log.warn("lake: flush at close failed; the spool keeps the rows", e.getCause());
    }
    closed = true;
    spool.close();
    flusher.shutdownNow();
    try {
      flusher.awaitTermination(settings.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    converter.close();
    target.close();
  }

  /** A segment was sealed (on the spool's writer thread) or left by the last run. */
  private void sealed(SpoolSegment segment) {
    flusher.execute(() -> {
      waiting.add(segment);
      segmentsWaiting = waiting.size();
      drain();
    });
  }

  /** Publishes waiting segments in order; on failure retries the head after a growing backoff. */
  private void drain() {
    if (backingOff) {
      return;
    }
    while (!waiting.isEmpty() && !closed) {
      SpoolSegment segment = waiting.peek();
      try {
        publish(segment);
      } catch (SQLException e) {
        if (++conversionFailures >= QUARANTINE_AFTER && quarantine(segment, e)) {
          continue;
        }
        if (conversionFailures >= QUARANTINE_AFTER) {
          return; // could not move it aside either; retried after the backoff
        }
        retryLater(segment, e);
        return;
      } catch (Exception e) {
        retryLater(segment, e);
        return;
      }
      conversionFailures = 0;
      backoff = settings.minBackoff();
      waiting.poll();
      segmentsWaiting = waiting.size();
    }
    if (waiting.isEmpty()) {
      drained.forEach(f -> f.complete(null));
      drained.clear();
    }
  }

  private void retryLater(SpoolSegment segment, Exception e) {
    log.error("lake: segment {} not published (retry in {}); its rows stay in the spool", segment.id(), backoff, e);
    backingOff = true;
    flusher.schedule(() -> {
      backingOff = false;
      drain();
    }, backoff.toMillis(), TimeUnit.MILLISECONDS);
    backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : backoff.multipliedBy(2);
  }

  /**
   * Sets aside a segment DuckDB failed to read {@value #QUARANTINE_AFTER} times (so one bad file
   * does not hold back every later one): it moves, unchanged, to {@code <lake>/quarantine/}, where
   * an operator can inspect it and move it back into {@code spool/} to try again at the next start.
   */
  private boolean quarantine(SpoolSegment segment, SQLException cause) {
    Path dir = settings.dir().resolve("quarantine");
    try {
      Files.createDirectories(dir);
      Files.move(segment.file(), dir.resolve(segment.file().getFileName()), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      Spool.syncDirectory(dir);
      converter.clean(segment);
    } catch (IOException e) {
      log.error("lake: cannot move segment {} to {}; retrying it", segment.id(), dir, e);
      retryLater(segment, cause);
      return false;
    }
    log.error("lake: segment {} could not be converted {} times; moved to {} ({} bytes kept)", segment.id(),
        conversionFailures, dir, segment.bytes(), cause);
    conversionFailures = 0;
    segmentsQuarantined.incrementAndGet();
    waiting.poll();
    segmentsWaiting = waiting.size();
    return true;
  }

  private void publish(SpoolSegment segment) throws Exception {
    long started = System.nanoTime();
    long bytes = Spool.truncateToLastLine(segment.file());
    List<Path> files = bytes == 0 ? List.of() : converter.convert(segment);
    Path out = converter.output(segment);
    long size = 0;
    for (Path relative : files) {
      Path file = out.resolve(relative);
      size += Files.size(file);
      target.publish(file, "readings/" + relative.toString().replace('\\', '/'));
    }
    Files.deleteIfExists(segment.file());
    Spool.syncDirectory(segment.file().getParent());
    converter.clean(segment);
    segmentsPublished.incrementAndGet();
    filesPublished.addAndGet(files.size());
    parquetBytes.addAndGet(size);
    log.info("lake: segment {} ({} bytes of spool) → {} Parquet files ({} bytes) in {} ms", segment.id(), bytes,
        files.size(), size, (System.nanoTime() - started) / 1_000_000);
  }
}
