package org.meterflow.lake.spool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lake's local write-ahead spool: batches of rows are appended to the open segment file by
 * one writer thread, which fsyncs once per group of waiting batches (group commit) and only then
 * completes their stages. A segment is sealed (closed and handed to {@code sealed}) when it
 * reaches {@code segmentBytes}, when its first row is {@code segmentAge} old (Firehose's size and
 * interval buffering hints), or on {@link #seal()}.
 *
 * <p>A crash can leave a half-written last line in a segment; it was never acknowledged, and
 * {@link #truncateToLastLine(Path)} drops it before the segment is read.
 */
public final class Spool implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Spool.class);
  /** Appends written and fsync'd together at most. */
  private static final int GROUP = 256;

  private final Path dir;
  private final long segmentBytes;
  private final Duration segmentAge;
  private final Clock clock;
  private final Consumer<SpoolSegment> sealed;
  private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
  private final Thread writer;

  // Owned by the writer thread.
  private FileChannel channel;
  private Path file;
  private long size;
  private long openedAtMillis;

  private sealed interface Request permits Append, Seal, Stop {}

  private record Append(byte[] rows, CompletableFuture<Void> done) implements Request {}

  private record Seal(CompletableFuture<Void> done) implements Request {}

  private record Stop(CompletableFuture<Void> done) implements Request {}

  private volatile boolean stopped;

  /**
   * @param sealed told about every sealed segment, on the writer thread (keep it short)
   */
  public Spool(Path dir, long segmentBytes, Duration segmentAge, Clock clock, Consumer<SpoolSegment> sealed) {
    if (segmentBytes < 1 || segmentAge.isNegative() || segmentAge.isZero()) {
      throw new IllegalArgumentException("spool segment size and age must be positive");
    }
    this.dir = createDirectories(dir);
    this.segmentBytes = segmentBytes;
    this.segmentAge = segmentAge;
    this.clock = clock;
    this.sealed = sealed;
    this.writer = new Thread(this::run, "lake-spool-writer");
    this.writer.setDaemon(true);
  }

  /**
   * Segments left by an earlier run, oldest first, each cut back to its last complete line.
   * Call before {@link #start()}.
   */
  public List<SpoolSegment> recover() {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> found = Files.newDirectoryStream(dir, "*" + SpoolSegment.SUFFIX)) {
      found.forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the lake spool " + dir, e);
    }
    files.sort(null);
    List<SpoolSegment> segments = new ArrayList<>(files.size());
    for (Path f : files) {
      long bytes = truncateToLastLine(f);
      segments.add(new SpoolSegment(SpoolSegment.idOf(f), f, bytes));
    }
    return segments;
  }

  public Spool start() {
    writer.start();
    return this;
  }

  /** Appends encoded rows ({@link SpoolRows#encode}); completes once they are fsync'd. */
  public CompletableFuture<Void> append(byte[] rows) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (rows.length == 0) {
      done.complete(null);
    } else if (stopped) {
      done.completeExceptionally(new IllegalStateException("the lake spool is closed"));
    } else {
      requests.add(new Append(rows, done));
    }
    return done;
  }

  /** Seals the open segment (if it holds rows); completes once it was handed on. */
  public CompletableFuture<Void> seal() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (stopped) {
      done.complete(null);
    } else {
      requests.add(new Seal(done));
    }
    return done;
  }

  /** Seals the open segment and stops the writer; later appends fail. */
  @Override
  public void close() {
    if (stopped) {
      return;
    }
    stopped = true;
    CompletableFuture<Void> done = new CompletableFuture<>();
    requests.add(new Stop(done));
    if (writer.isAlive()) {
      done.join();
    }
  }

  private void run() {
    List<Request> group = new ArrayList<>(GROUP);
    boolean running = true;
    while (running) {
      try {
        Request first = channel == null
            ? requests.take()
            : requests.poll(Math.max(1, openedAtMillis + segmentAge.toMillis() - clock.millis()), TimeUnit.MILLISECONDS);
        group.clear();
        if (first != null) {
          group.add(first);
          requests.drainTo(group, GROUP - 1);
        }
        running = handle(group);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running = false;
      } catch (RuntimeException e) {
        log.error("lake spool writer failed", e);
      }
    }
    fail(new IllegalStateException("the lake spool is closed"));
  }

  /** Writes a group, fsyncs, completes; seals when due. False after a stop. */
  private boolean handle(List<Request> group) {
    List<CompletableFuture<Void>> written = new ArrayList<>(group.size());
    List<CompletableFuture<Void>> seals = new ArrayList<>(1);
    boolean stop = false;
    long before = size;
    Exception failure = null;
    for (Request r : group) {
      if (r instanceof Append a) {
        written.add(a.done());
        if (failure == null) {
          try {
            write(a.rows());
          } catch (IOException | RuntimeException e) {
            failure = e;
          }
        }
      } else if (r instanceof Seal s) {
        seals.add(s.done());
      } else if (r instanceof Stop s) {
        seals.add(s.done());
        stop = true;
      }
    }
    if (failure == null && !written.isEmpty()) {
      try {
        channel.force(false);
      } catch (IOException | RuntimeException e) {
        failure = e;
      }
    }
    if (failure == null) {
      written.forEach(f -> f.complete(null));
    } else {
      log.error("lake spool write to {} failed; {} batches are not acknowledged", file, written.size(), failure);
      Exception cause = failure;
      written.forEach(f -> f.completeExceptionally(cause));
      if (!undo(before)) {
        sealCurrent();
      }
    }
    boolean due = channel != null && (size >= segmentBytes || clock.millis() - openedAtMillis >= segmentAge.toMillis());
    if (due || !seals.isEmpty()) {
      sealCurrent();
    }
    seals.forEach(f -> f.complete(null));
    return !stop;
  }

  private void write(byte[] rows) throws IOException {
    if (channel == null) {
      open();
    }
    ByteBuffer buffer = ByteBuffer.wrap(rows);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    size += rows.length;
  }

  private void open() throws IOException {
    String id = clock.millis() + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    file = dir.resolve(id + SpoolSegment.SUFFIX);
    channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    syncDirectory(dir);
    size = 0;
    openedAtMillis = clock.millis();
  }

  /** Cuts a failed group's bytes off the segment; false when even that failed. */
  private boolean undo(long goodSize) {
    if (channel == null) {
      return true;
    }
    try {
      channel.truncate(goodSize);
      channel.position(goodSize);
      size = goodSize;
      return true;
    } catch (IOException e) {
      log.error("cannot truncate the lake spool segment {}; sealing it", file, e);
      return false;
    }
  }

  private void sealCurrent() {
    if (channel == null) {
      return;
    }
    Path closed = file;
    long bytes = size;
    try {
      channel.close();
    } catch (IOException e) {
      log.warn("closing lake spool segment {} failed", closed, e);
    }
    channel = null;
    file = null;
    size = 0;
    try {
      sealed.accept(new SpoolSegment(SpoolSegment.idOf(closed), closed, bytes));
    } catch (RuntimeException e) {
      log.error("lake spool segment {} was sealed but not taken; it is converted at the next start", closed, e);
    }
  }

  private void fail(RuntimeException e) {
    List<Request> left = new ArrayList<>();
    requests.drainTo(left);
    for (Request r : left) {
      if (r instanceof Append a) {
        a.done().completeExceptionally(e);
      } else if (r instanceof Seal s) {
        s.done().complete(null);
      } else if (r instanceof Stop s) {
        s.done().complete(null);
      }
    }
  }

  /**
   * Drops a trailing partial line (a write cut short by a crash; never acknowledged) and
   * returns the file's new length.
   */
  public static long truncateToLastLine(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long length = ch.size();
      long end = length;
      ByteBuffer one = ByteBuffer.allocate(8192);
      while (end > 0) {
        int n = (int) Math.min(one.capacity(), end);
        one.clear().limit(n);
        ch.read(one, end - n);
        int newline = -1;
        for (int i = n - 1; i >= 0; i--) {
          if (one.get(i) == '\n') {
            newline = i;
            break;
          }
        }
        if (newline >= 0) {
          end = end - n + newline + 1;
          break;
        }
        end -= n;
      }
      if (end < length) {
        log.warn("lake spool segment {}: dropping {} bytes of an unfinished (never acknowledged) line", file,
            length - end);
        ch.truncate(end);
        ch.force(true);
      }
      return end;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read lake spool segment " + file, e);
    }
  }

  /** Makes a directory's entries (a new or removed file) durable. */
  public static void syncDirectory(Path directory) {
    try (FileChannel ch = FileChannel.open(directory, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      log.debug("cannot fsync directory {}", directory, e);
    }
  }

  private static Path createDirectories(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the lake spool " + dir, e);
    }
  }
}
