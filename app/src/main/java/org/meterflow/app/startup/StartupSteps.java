package org.meterflow.app.startup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the platform's start-up steps, each with a deadline. A step runs on a thread of its own, so
 * one that hangs (a database that never answers, a connection pool that retries for ever) is left
 * behind when its deadline passes: the start fails with a {@link StartupFailure} that names the
 * component, the cause and the setting to change, and never hangs silently.
 */
public final class StartupSteps {

  private static final Logger log = LoggerFactory.getLogger(StartupSteps.class);

  private final Duration deadline;

  /** @param deadline how long any one step may take */
  public StartupSteps(Duration deadline) {
    this.deadline = deadline;
  }

  public Duration deadline() {
    return deadline;
  }

  /**
   * Runs {@code step} for {@code component}; its result, or a {@link StartupFailure} naming
   * {@code setting} when it throws or outlasts the deadline.
   */
  public <T> T run(String component, String setting, Callable<T> step) {
    long started = System.nanoTime();
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread worker = new Thread(() -> {
      try {
        result.complete(step.call());
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
    }, "meterflow-start-" + component.replaceAll("[^A-Za-z0-9]+", "-"));
    worker.setDaemon(true);
    worker.start();
    try {
      T value = result.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
      log.debug("started {} in {} ms", component, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      return value;
    } catch (TimeoutException e) {
      worker.interrupt();
      throw new StartupFailure(component, "no answer within " + deadline.toSeconds()
          + " s (meterflow.startup.step-timeout)", setting, e);
    } catch (ExecutionException e) {
      throw failure(component, setting, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartupFailure(component, "interrupted", setting, e);
    }
  }

  /**
   * A start that must not go on, said before anything starts: {@code component} cannot run because
   * of {@code cause}; {@code setting} is what to change.
   */
  public StartupFailure refuse(String component, String cause, String setting) {
    return new StartupFailure(component, cause, setting, null);
  }

  /** Like {@link #run} for a step without a result. */
  public void run(String component, String setting, Step step) {
    run(component, setting, () -> {
      step.run();
      return null;
    });
  }

  /**
   * Makes {@code dataDir} and checks that it can be written and has at least {@code minFreeBytes}
   * free, so an unwritable folder or a full disk is said at once rather than half-way through.
   */
  public Path dataDir(Path dataDir, long minFreeBytes, String setting) {
    return run("the data dir " + dataDir, setting, () -> {
      Files.createDirectories(dataDir);
      Path probe = Files.createTempFile(dataDir, ".write-check", ".tmp");
      try {
        Files.write(probe, new byte[4096]);
      } finally {
        Files.deleteIfExists(probe);
      }
      FileStore store = Files.getFileStore(dataDir);
      long free = store.getUsableSpace();
      if (free < minFreeBytes) {
        throw new IOException("No space left on device: " + (free >> 20) + " MiB free on " + store
            + ", at least " + (minFreeBytes >> 20) + " MiB needed (meterflow.startup.min-free-disk)");
      }
      return dataDir;
    });
  }

  private static StartupFailure failure(String component, String setting, Throwable thrown) {
    if (thrown instanceof StartupFailure already) {
      return already;
    }
    Throwable root = thrown;
    while ((root instanceof CompletionException || root instanceof ExecutionException
        || root instanceof UncheckedIOException || root.getMessage() == null) && root.getCause() != null) {
      root = root.getCause();
    }
    String cause = describe(root, thrown);
    return new StartupFailure(component, cause, setting, thrown);
  }

  /** A one-line cause an operator understands; the innermost cause that says something. */
  static String describe(Throwable root, Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return "the port is already in use (" + t.getMessage() + ")";
      }
      if (t instanceof AccessDeniedException denied) {
        return "permission denied: " + denied.getFile() + " is not writable";
      }
      String message = String.valueOf(t.getMessage());
      if (message.contains("No space left on device")) {
        return "the disk is full (" + message + ")";
      }
      if (message.contains("Address already in use") || message.contains("could not bind socket")) {
        return "the port is already in use (" + message + ")";
      }
    }
    Throwable innermost = thrown;
    while (innermost.getCause() != null && innermost.getCause() != innermost) {
      innermost = innermost.getCause();
    }
    String outer = root.getClass().getSimpleName() + ": " + root.getMessage();
    if (innermost != root && innermost.getMessage() != null && !outer.contains(innermost.getMessage())) {
      return outer + " (caused by " + innermost.getClass().getSimpleName() + ": " + innermost.getMessage() + ")";
    }
    return outer;
  }

  /** A step with no result. */
  @FunctionalInterface
  public interface Step {
    void run() throws Exception;
  }
}
