package org.meterflow.timeseries;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer threads of a time-series store: blocking HTTP writes of batches run on a fixed pool
 * with a bounded queue (a full queue fails the write at once: backpressure, never unbounded memory),
 * each returning the stage its caller waits on. Closing lets queued and running writes finish
 * within a deadline and fails the rest (their readings were never acked, so the broker redelivers).
 */
public final class BatchWriters implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BatchWriters.class);

  /** One blocking write of a batch; throws when the store refuses it. */
  @FunctionalInterface
  public interface BlockingWrite {
    void run() throws Exception;
  }

  private final String store;
  private final ThreadPoolExecutor pool;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param store         the store's name, for thread names ({@code <store>-writer-N}) and logs
   * @param threads       writes in flight at once
   * @param queueCapacity writes waiting at most
   */
  public BatchWriters(String store, int threads, int queueCapacity) {
    this.store = store;
    this.pool = new ThreadPoolExecutor(threads, threads, 0L, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(queueCapacity), new DaemonThreads(store + "-writer-"), new ThreadPoolExecutor.AbortPolicy());
  }

  /** Runs {@code write} of {@code size} readings on a writer thread; completes when it returned. */
  public CompletionStage<Void> submit(int size, BlockingWrite write) {
    if (closed.get()) {
      return CompletableFuture.failedFuture(new IllegalStateException("store closed"));
    }
    Task task = new Task(size, write);
    try {
      pool.execute(task);
    } catch (RejectedExecutionException e) {
      task.done.completeExceptionally(e);
    }
    return task.done;
  }

  public boolean isClosed() {
    return closed.get();
  }

  /** Stops taking writes; waits at most {@code deadline} for queued and running ones, fails the rest. */
  public void close(Duration deadline) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    pool.shutdown();
    try {
      if (!pool.awaitTermination(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
        abandonQueued();
      }
    } catch (InterruptedException e) {
      abandonQueued();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(Duration.ZERO);
  }

  private void abandonQueued() {
    List<Runnable> dropped = pool.shutdownNow(); // also interrupts the writes in flight
    log.warn("{} store closed with {} writes still queued; failing them", store, dropped.size());
    for (Runnable task : dropped) {
      ((Task) task).done.completeExceptionally(new IllegalStateException("store closed before the write ran"));
    }
  }

  private final class Task implements Runnable {
    private final int size;
    private final BlockingWrite write;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    Task(int size, BlockingWrite write) {
      this.size = size;
      this.write = write;
    }

    @Override
    public void run() {
      try {
        write.run();
        done.complete(null);
      } catch (Exception e) {
        log.warn("{} write of {} readings failed: {}", store, size, e.toString());
        done.completeExceptionally(e);
      }
    }
  }

  /** Daemon threads, so a forgotten close() cannot hold the JVM. */
  private static final class DaemonThreads implements ThreadFactory {
    private final String prefix;
    private final AtomicInteger next = new AtomicInteger();

    DaemonThreads(String prefix) {
      this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, prefix + next.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }
}
