package org.meterflow.simulator.engine;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.meterflow.simulator.fleet.MeterConnection;
import org.meterflow.simulator.fleet.PlatformClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway's (or a meter's) mutual-TLS MQTT session with store and forward: messages queue while
 * the window of unacknowledged QoS 1 publishes is full or the connection is down; a lost
 * connection is re-established with exponential backoff and jitter, and what was in flight is
 * sent again (the platform absorbs redelivery as duplicates). Counts sent, acked and errors.
 */
final class MqttLink implements Link {

  private static final Logger log = LoggerFactory.getLogger(MqttLink.class);
  private static final long MIN_BACKOFF_MS = 500;
  private static final long MAX_BACKOFF_MS = 30_000;

  /** One publish attempt of a message; identity tells a late callback of an abandoned attempt apart. */
  private static final class Attempt {
    final Outgoing message;

    Attempt(Outgoing message) {
      this.message = message;
    }
  }

  private final MeterConnection connection;
  private final int window;
  private final int maxBacklog;
  private final RunCounters counters;
  private final ScheduledExecutorService scheduler;
  private final ArrayDeque<Outgoing> pending = new ArrayDeque<>();
  private final Set<Attempt> inflight = new LinkedHashSet<>();
  private boolean connected;
  private boolean closed;
  private long backoffMs = MIN_BACKOFF_MS;

  MqttLink(String brokerUrl, PlatformClient.Credentials credentials, int window, int maxBacklog, RunCounters counters,
      ScheduledExecutorService scheduler) {
    this.connection = new MeterConnection(brokerUrl, credentials, Math.max(window, 1) + 1, scheduler);
    this.window = window;
    this.maxBacklog = maxBacklog;
    this.counters = counters;
    this.scheduler = scheduler;
    connection.onConnectionLost(this::lost);
  }

  @Override
  public String clientId() {
    return connection.serial();
  }

  @Override
  public CompletableFuture<Void> connect() {
    return connection.connect().thenRun(() -> {
      synchronized (this) {
        connected = true;
        backoffMs = MIN_BACKOFF_MS;
      }
      drain();
    });
  }

  @Override
  public void send(Outgoing message) {
    synchronized (this) {
      if (pending.size() >= maxBacklog) {
        pending.poll();
        counters.dropped.increment();
      }
      pending.add(message);
    }
    drain();
  }

  private void drain() {
    List<Attempt> toPublish = new ArrayList<>();
    synchronized (this) {
      while (connected && !closed && inflight.size() < window && !pending.isEmpty()) {
        Attempt a = new Attempt(pending.poll());
        inflight.add(a);
        toPublish.add(a);
      }
    }
    for (Attempt a : toPublish) {
      counters.sent(a.message);
      connection.publish(a.message.topic(), a.message.payload(), () -> acked(a), () -> failed(a));
    }
  }

  private void acked(Attempt a) {
    boolean mine;
    synchronized (this) {
      mine = inflight.remove(a);
    }
    if (mine) {
      counters.acked(a.message);
      drain();
    }
  }

  private void failed(Attempt a) {
    boolean retry;
    synchronized (this) {
      retry = inflight.remove(a);
      if (retry) {
        pending.addFirst(a.message);
      }
    }
    if (retry) {
      counters.errors.increment();
      if (connection.isConnected()) {
        scheduler.schedule(this::drain, 100, TimeUnit.MILLISECONDS);
      }
    }
  }

  private void lost(Throwable cause) {
    long delay;
    synchronized (this) {
      connected = false;
      List<Attempt> again = new ArrayList<>(inflight);
      inflight.clear();
      for (int i = again.size() - 1; i >= 0; i--) {
        pending.addFirst(again.get(i).message);
      }
      delay = nextBackoff();
      if (closed) {
        return;
      }
    }
    counters.disconnects.increment();
    log.debug("{} lost its connection ({}); reconnecting in {} ms", clientId(), cause == null ? "?" : cause.getMessage(), delay);
    scheduler.schedule(this::reconnect, delay, TimeUnit.MILLISECONDS);
  }

  private void reconnect() {
    synchronized (this) {
      if (closed) {
        return;
      }
    }
    connect().whenComplete((v, e) -> {
      if (e == null) {
        counters.reconnects.increment();
        return;
      }
      counters.errors.increment();
      long delay;
      synchronized (this) {
        delay = nextBackoff();
      }
      scheduler.schedule(this::reconnect, delay, TimeUnit.MILLISECONDS);
    });
  }

  /** Exponential backoff with ±25 % jitter, so a thousand gateways do not reconnect in lockstep. */
  private long nextBackoff() {
    long base = backoffMs;
    backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
    return Math.max(50, (long) (base * (0.75 + 0.5 * ThreadLocalRandom.current().nextDouble())));
  }

  @Override
  public synchronized boolean connected() {
    return connected;
  }

  @Override
  public synchronized int backlog() {
    return pending.size() + inflight.size();
  }

  /** Waits (bounded) until nothing is queued or in flight. */
  boolean awaitDrained(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (backlog() > 0 && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
    }
    return backlog() == 0;
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      connected = false;
    }
    connection.close();
  }
}
