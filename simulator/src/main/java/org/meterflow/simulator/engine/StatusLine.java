package org.meterflow.simulator.engine;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A live status line on the terminal, rewritten in place once a second: simulated time, rates,
 * acknowledged readings, errors, backlog and connections. On a non-terminal (a log file, CI) it
 * prints one line every {@code plainEverySeconds} instead of carriage returns.
 */
public final class StatusLine implements AutoCloseable {

  private final Simulation simulation;
  private final PrintStream out;
  private final boolean terminal;
  private final int plainEverySeconds;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "simulator-status");
    t.setDaemon(true);
    return t;
  });
  private long lastMessages;
  private long lastReadings;
  private long lastNanos = System.nanoTime();
  private int ticks;
  private int width;

  public StatusLine(Simulation simulation, PrintStream out, boolean terminal, int plainEverySeconds) {
    this.simulation = simulation;
    this.out = out;
    this.terminal = terminal;
    this.plainEverySeconds = Math.max(1, plainEverySeconds);
  }

  public StatusLine start() {
    timer.scheduleAtFixedRate(this::print, 1, 1, TimeUnit.SECONDS);
    return this;
  }

  /** The current line (also used for the final summary). */
  public synchronized String render() {
    RunCounters c = simulation.counters();
    long now = System.nanoTime();
    double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
    long messages = c.messagesAcked();
    long readings = c.readingsAcked();
    double msgRate = (messages - lastMessages) / seconds;
    double readingRate = (readings - lastReadings) / seconds;
    lastMessages = messages;
    lastReadings = readings;
    lastNanos = now;
    String phase = simulation.phase();
    if (phase.equals("registering") || phase.equals("preparing")) {
      return String.format(Locale.ROOT, "registering  %,d of %,d meters and gateways", simulation.registered(),
          simulation.meterCount() + simulation.senderCount());
    }
    Instant sim = simulation.publishedThrough();
    return String.format(Locale.ROOT,
        "%-8s sim %s | %,8.0f msg/s %,9.0f readings/s | acked %,d | errors %,d | backlog %,d | connected %,d/%,d",
        phase, sim.truncatedTo(ChronoUnit.MINUTES), msgRate, readingRate, c.acked(), c.errors(), simulation.backlog(),
        simulation.connected(), simulation.senderCount());
  }

  private void print() {
    String line = render();
    ticks++;
    if (terminal) {
      synchronized (this) {
        out.print('\r' + line + " ".repeat(Math.max(0, width - line.length())));
        width = line.length();
      }
      out.flush();
    } else if (ticks % plainEverySeconds == 0) {
      out.println(line);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    if (terminal) {
      out.println();
    }
  }
}
