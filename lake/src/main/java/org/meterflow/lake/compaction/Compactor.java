package org.meterflow.lake.compaction;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.meterflow.lake.LakeSettings;
import org.meterflow.lake.parquet.DuckDb;
import org.meterflow.lake.target.LakeTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges the small Parquet files of finished days into a few big ones (what Athena and DuckDB
 * read fastest). For every partition folder of {@code readings/} whose day ended at least
 * {@code settle} ago and that holds at least {@code min-files} files smaller than
 * {@code target-file-bytes}, the small files are packed, in arrival order, into groups of about the
 * target size; each group is rewritten as one file (each (serial, ts) once, the first received,
 * exactly as the {@code readings} view counts it; sorted by serial, ts; ZSTD; the columns of the
 * inputs), which is built in staging, checked (its row count must equal the distinct (serial, ts)
 * of its inputs), published through the lake's target, and only then are the inputs deleted. A
 * crash between publishing and deleting leaves rows twice in {@code readings_all}, which the view
 * already hides and the next run merges away; so no order of failures loses or double-counts a
 * reading. Runs on its own thread with its own one-thread DuckDB, never concurrently with itself.
 */
public final class Compactor implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Compactor.class);

  /** Row order inside a compacted file. */
  public enum Order {
    /**
     * By meter, then time: what the lake uses (29 % smaller than arrival order on realistic data,
     * and row groups a query for a few meters can skip; docs/decisions.md §32).
     */
    SERIAL_TS("serial, ts"),
    /** By {@code received_at}, the order a real ingest receives readings in: only for measuring the difference. */
    ARRIVAL("received_at, serial, ts");

    final String sql;

    Order(String sql) {
      this.sql = sql;
    }
  }

  /** Totals since start, for metrics. */
  public record Status(long runs, long partitionsCompacted, long filesCompacted, long filesWritten, long bytesBefore,
      long bytesAfter, long duplicatesRemoved, long failures) {

    public static final Status NONE = new Status(0, 0, 0, 0, 0, 0, 0, 0);
  }

  /** What one run did. */
  public record Run(int partitions, int filesCompacted, int filesWritten, long bytesBefore, long bytesAfter,
      long rowsBefore, long rowsAfter, int failures, Duration took) {}

  /** A Parquet file of a partition as listed (size and time let a changed file be told apart before deleting it). */
  private record Part(Path file, long bytes, Instant modified) {}

  private final Path readingsDir;
  private final Path staging;
  private final LakeTarget target;
  private final LakeSettings.Compaction settings;
  private final Clock clock;
  private final Order order;
  private final Connection duckdb;
  private final ScheduledExecutorService thread;

  private final AtomicLong runs = new AtomicLong();
  private final AtomicLong partitionsCompacted = new AtomicLong();
  private final AtomicLong filesCompacted = new AtomicLong();
  private final AtomicLong filesWritten = new AtomicLong();
  private final AtomicLong bytesBefore = new AtomicLong();
  private final AtomicLong bytesAfter = new AtomicLong();
  private final AtomicLong duplicatesRemoved = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private volatile boolean closed;
  /** Runs asked for by {@link #compactNow()} and not finished: cancelled if the compactor stops first. */
  private final java.util.Set<CompletableFuture<Run>> pending = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** The statement running now (on the compactor thread), cancelled by {@link #close()}. */
  private volatile Statement running;

  /**
   * @param settings the lake (its {@code readings/}, {@code staging/}, DuckDB memory and compaction block)
   * @param target   where compacted files are published and small ones deleted; must keep a local copy
   */
  public Compactor(LakeSettings settings, LakeTarget target, Clock clock) {
    this(settings, target, clock, Order.SERIAL_TS);
  }

  public Compactor(LakeSettings settings, LakeTarget target, Clock clock, Order order) {
    if (!target.keepsLocalCopy()) {
      throw new IllegalArgumentException("compaction reads the local lake, but " + target.describe() + " keeps no local copy");
    }
    this.readingsDir = settings.readingsDir();
    // Its own folder (a `lake compact` command may run beside the platform's compactor); the lake
    // clears staging/ at its next start, so a crash leaves nothing behind for long.
    this.staging = settings.stagingDir().resolve("compaction-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
    this.target = target;
    this.settings = settings.compaction();
    this.clock = clock;
    this.order = order;
    try {
      Files.createDirectories(staging.resolve(".tmp"));
      this.duckdb = DuckDb.open(1, settings.duckdbMemory(), staging.resolve(".tmp"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + staging, e);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot start DuckDB for lake compaction: " + e.getMessage(), e);
    }
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "lake-compactor");
      t.setDaemon(true);
      t.setPriority(Thread.MIN_PRIORITY);
      return t;
    });
  }

  /** Runs every {@code every}, the first time after {@code firstAfter}; a run starts only after the last one ended. */
  public void schedule(Duration firstAfter) {
    thread.scheduleWithFixedDelay(() -> {
      try {
        runOnce();
      } catch (RuntimeException e) {
        log.error("lake: compaction run failed; retried in {}", settings.every(), e);
      }
    }, firstAfter.toMillis(), settings.every().toMillis(), TimeUnit.MILLISECONDS);
    log.info("lake: compaction every {} (first in {}): finished days' partitions with >= {} files under {} bytes",
        settings.every(), firstAfter, settings.minFiles(), settings.targetFileBytes());
  }

  /**
   * One run now, on the compactor's thread (after a run in progress); fails with a
   * {@link java.util.concurrent.CancellationException} if the compactor is closed before it starts.
   */
  public CompletableFuture<Run> compactNow() {
    CompletableFuture<Run> result = new CompletableFuture<>();
    pending.add(result);
    result.whenComplete((r, e) -> pending.remove(result));
    try {
      thread.execute(() -> {
        try {
          result.complete(runOnce());
        } catch (RuntimeException e) {
          result.completeExceptionally(e);
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      result.cancel(false);
    }
    return result;
  }

  public Status status() {
    return new Status(runs.get(), partitionsCompacted.get(), filesCompacted.get(), filesWritten.get(), bytesBefore.get(),
        bytesAfter.get(), duplicatesRemoved.get(), failures.get());
  }

  /**
   * Stops: no new run or group starts; a statement in progress is cancelled. Whatever a run had
   * done by then is safe (a staged file is removed at the next start; published files whose
   * inputs are not yet deleted are duplicates the view hides and the next run merges).
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    Statement s = running;
    if (s != null) {
      try {
        s.cancel();
      } catch (SQLException e) {
        // it ended meanwhile
      }
    }
    thread.shutdownNow();
    boolean stopped = false;
    try {
      stopped = thread.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    new ArrayList<>(pending).forEach(f -> f.cancel(false)); // asked for, never started
    if (stopped) {
      try {
        duckdb.close();
      } catch (SQLException e) {
        // closing an embedded in-memory database; nothing to recover
      }
      try {
        deleteRecursively(staging);
      } catch (IOException e) {
        log.warn("lake: cannot remove {}: {}", staging, e.getMessage());
      }
    } else {
      log.warn("lake: compaction did not stop within 30 s; abandoned (the next run tidies up)");
    }
  }

  private Run runOnce() {
    long started = System.nanoTime();
    int partitions = 0;
    int compacted = 0;
    int written = 0;
    long before = 0;
    long after = 0;
    long rowsBefore = 0;
    long rowsAfter = 0;
    int failed = 0;
    Instant now = clock.instant();
    String runId = now.toEpochMilli() + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    int n = 0;
    for (Path partition : partitions()) {
      if (closed) {
        break;
      }
      LocalDate day = dayOf(partition);
      if (day == null || day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).plus(settings.settle()).isAfter(now)) {
        continue;
      }
      List<Part> small;
      try {
        small = smallFiles(readingsDir.resolve(partition));
      } catch (IOException e) {
        log.warn("lake: cannot list {} for compaction: {}", partition, e.getMessage());
        continue;
      }
      if (small.size() < settings.minFiles()) {
        continue;
      }
      boolean any = false;
      for (List<Part> group : pack(small, settings.targetFileBytes())) {
        if (closed) {
          break;
        }
        if (group.size() < 2) {
          continue; // rewriting one file alone gains nothing
        }
        String name = "compacted-" + runId + "-" + n++ + ".parquet";
        try {
          long[] result = compact(partition, group, name);
          any = true;
          compacted += group.size();
          written++;
          before += result[0];
          after += result[1];
          rowsBefore += result[2];
          rowsAfter += result[3];
        } catch (Exception e) {
          failed++;
          failures.incrementAndGet();
          if (closed) {
            log.info("lake: compaction of {} abandoned at close ({})", partition, e.getMessage());
          } else {
            log.error("lake: compaction of {} ({} files) failed; its files stay as they are", partition, group.size(), e);
          }
        }
      }
      if (any) {
        partitions++;
        partitionsCompacted.incrementAndGet();
      }
    }
    runs.incrementAndGet();
    Run run = new Run(partitions, compacted, written, before, after, rowsBefore, rowsAfter, failed,
        Duration.ofNanos(System.nanoTime() - started));
    if (written > 0 || failed > 0) {
      log.info("lake: compaction run: {} partitions, {} files ({} bytes) → {} files ({} bytes), {} duplicate rows dropped, "
          + "{} failures, {} ms", partitions, compacted, before, written, after, rowsBefore - rowsAfter, failed,
          run.took().toMillis());
    }
    return run;
  }

  /**
   * Rewrites one group; returns bytes before, bytes after, rows before, rows after.
   */
  private long[] compact(Path partition, List<Part> group, String name) throws SQLException, IOException {
    long started = System.nanoTime();
    String inputs = group.stream().map(p -> DuckDb.literal(p.file().toString())).collect(Collectors.joining(", ", "[", "]"));
    String source = "read_parquet(" + inputs + ", hive_partitioning = false, union_by_name = true)";
    Path out = staging.resolve(name);
    long rowsIn = count("SELECT count(*) FROM " + source);
    long distinct = count("SELECT count(*) FROM (SELECT DISTINCT serial, ts FROM " + source + ")");
    execute("COPY (SELECT * FROM " + source
        + " QUALIFY row_number() OVER (PARTITION BY serial, ts ORDER BY received_at, seq) = 1"
        + " ORDER BY " + order.sql + ") TO " + DuckDb.literal(out.toString()) + " (FORMAT PARQUET, COMPRESSION ZSTD)");
    long rowsOut = count("SELECT count(*) FROM read_parquet(" + DuckDb.literal(out.toString()) + ")");
    if (rowsOut != distinct) {
      Files.deleteIfExists(out);
      throw new IllegalStateException("compacted file of " + partition + " holds " + rowsOut
          + " rows, its inputs " + distinct + " distinct (serial, ts); nothing published");
    }
    long bytesIn = group.stream().mapToLong(Part::bytes).sum();
    long bytesOut = Files.size(out);
    String folder = "readings/" + partition.toString().replace('\\', '/') + "/";
    target.publish(out, folder + name);
    filesWritten.incrementAndGet();
    bytesAfter.addAndGet(bytesOut);
    duplicatesRemoved.addAndGet(rowsIn - rowsOut);
    for (Part p : group) {
      if (closed) {
        return new long[] {bytesIn, bytesOut, rowsIn, rowsOut}; // the rest: duplicates the next run removes
      }
      if (!unchanged(p)) {
        log.warn("lake: {} changed while it was compacted; kept (the next run merges it)", p.file());
        continue;
      }
      target.delete(folder + p.file().getFileName());
      filesCompacted.incrementAndGet();
      bytesBefore.addAndGet(p.bytes());
    }
    log.info("lake: {}: {} files ({} bytes, {} rows) → {} ({} bytes, {} rows) in {} ms", partition, group.size(), bytesIn,
        rowsIn, name, bytesOut, rowsOut, (System.nanoTime() - started) / 1_000_000);
    return new long[] {bytesIn, bytesOut, rowsIn, rowsOut};
  }

  private static boolean unchanged(Part p) throws IOException {
    if (!Files.exists(p.file())) {
      return true; // gone already (a concurrent compaction); deleting again is harmless
    }
    BasicFileAttributes a = Files.readAttributes(p.file(), BasicFileAttributes.class);
    return a.size() == p.bytes() && a.lastModifiedTime().toInstant().equals(p.modified());
  }

  private long count(String sql) throws SQLException {
    try (Statement s = duckdb.createStatement()) {
      running = s;
      try (ResultSet rs = s.executeQuery(sql)) {
        rs.next();
        return rs.getLong(1);
      } finally {
        running = null;
      }
    }
  }

  private void execute(String sql) throws SQLException {
    try (Statement s = duckdb.createStatement()) {
      running = s;
      try {
        s.execute(sql);
      } finally {
        running = null;
      }
    }
  }

  /** Folders under {@code readings/} holding Parquet files, relative to it, e.g. {@code date=2026-11-25}. */
  private List<Path> partitions() {
    if (!Files.isDirectory(readingsDir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(readingsDir)) {
      return walk.filter(p -> p.getFileName().toString().endsWith(".parquet") && Files.isRegularFile(p))
          .map(p -> readingsDir.relativize(p.getParent())).distinct().sorted().toList();
    } catch (IOException | UncheckedIOException e) {
      log.warn("lake: cannot list {} for compaction: {}", readingsDir, e.getMessage());
      return List.of();
    }
  }

  /** The {@code date=} of a partition folder, or null. */
  static LocalDate dayOf(Path partition) {
    for (Path part : partition) {
      String s = part.toString();
      if (s.startsWith("date=")) {
        try {
          return LocalDate.parse(s.substring("date=".length()));
        } catch (DateTimeParseException e) {
          return null;
        }
      }
    }
    return null;
  }

  /** The partition's files under the target size, in the order they arrived. */
  private List<Part> smallFiles(Path dir) throws IOException {
    List<Part> parts = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (!f.getFileName().toString().endsWith(".parquet")) {
          continue;
        }
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
        if (a.isRegularFile() && a.size() < settings.targetFileBytes()) {
          parts.add(new Part(f, a.size(), a.lastModifiedTime().toInstant()));
        }
      }
    }
    parts.sort(Comparator.comparing(Part::modified).thenComparing(p -> p.file().getFileName().toString()));
    return parts;
  }

  /**
   * Packs files, in arrival order, into groups of at most {@code target} bytes (a file is never
   * split; a group holds at least one). The files are far below the target, so each group but the
   * last is filled to within one file of it (at most one group more than the fewest possible), and,
   * unlike packing by size, a reading redelivered minutes later lands in the same group as its first
   * copy, where it is de-duplicated.
   */
  static <T> List<List<T>> pack(List<T> files, long target, java.util.function.ToLongFunction<T> size) {
    List<List<T>> groups = new ArrayList<>();
    List<T> current = new ArrayList<>();
    long bytes = 0;
    for (T f : files) {
      long s = size.applyAsLong(f);
      if (!current.isEmpty() && bytes + s > target) {
        groups.add(current);
        current = new ArrayList<>();
        bytes = 0;
      }
      current.add(f);
      bytes += s;
    }
    if (!current.isEmpty()) {
      groups.add(current);
    }
    return groups;
  }

  private static List<List<Part>> pack(List<Part> files, long target) {
    return pack(files, target, Part::bytes);
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
