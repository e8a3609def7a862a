package org.meterflow.app.wiring;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the platform started, in start order, each with how to stop it. The same list serves a start
 * that fails half-way and the normal shutdown: {@link #stopAll()} stops everything in reverse order,
 * once, and goes on past a part that fails to stop.
 */
public final class Lifecycle {

  private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);

  private final Deque<Part> started = new ArrayDeque<>();

  private record Part(String name, Object part, Action stop) {}

  /** How a part stops. */
  @FunctionalInterface
  public interface Stop<T> {
    void stop(T part) throws Exception;
  }

  /** A stop action on its own (a timer to cancel, a stream to shut). */
  @FunctionalInterface
  public interface Action {
    void run() throws Exception;
  }

  /** Adds a started part; it is stopped before every part added earlier. Thread-safe. */
  public synchronized <T> T add(String name, T part, Stop<? super T> stop) {
    started.push(new Part(name, part, () -> stop.stop(part)));
    return part;
  }

  /** Adds a part that is only its stop action. */
  public synchronized void add(String name, Action stop) {
    started.push(new Part(name, null, stop));
  }

  /**
   * Stops every part in reverse start order; each is stopped at most once. Failures are logged and
   * returned (the rest still stop).
   */
  public List<Exception> stopAll() {
    return stopAllExcept(null);
  }

  /**
   * Like {@link #stopAll()}, but leaves {@code running} alone: the shutdown that the actor system
   * runs itself stops everything but the actor system.
   */
  public List<Exception> stopAllExcept(Object running) {
    List<Exception> failures = new ArrayList<>();
    Part part;
    while ((part = next()) != null) {
      if (running != null && part.part() == running) {
        continue;
      }
      try {
        part.stop().run();
        log.debug("stopped {}", part.name());
      } catch (Exception e) {
        log.warn("could not stop {} cleanly: {}", part.name(), e.toString());
        failures.add(e);
      }
    }
    return failures;
  }

  private synchronized Part next() {
    return started.poll();
  }
}
