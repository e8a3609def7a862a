package org.meterflow.simulator.fleet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.meterflow.model.reading.Reading;
import org.meterflow.mqtt.payload.ReadingPayloadCodec;
import org.meterflow.mqtt.payload.ReadingTopic;

/**
 * Load for benchmarks: every connected meter publishes readings back to back, as fast as its
 * window of unacknowledged QoS 1 messages allows, each stamped with the instant it was sent
 * (so a receiver can measure publish-to-receipt latency from {@code ts}). Stops by itself at the
 * deadline or after {@code maxReadings}.
 */
public final class MaxRatePublisher {

  private final List<MeterConnection> connections;
  private final int window;
  private final Clock clock;
  private final ReadingPayloadCodec codec = new ReadingPayloadCodec(Integer.MAX_VALUE, (g, s) -> true);
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private volatile long nanosPerReading;

  private final int batch;
  /** Per meter: the window of unacked messages and the register/sequence, kept across runs (warm-up, then measurement). */
  private final Semaphore[] windows;
  private final MeterState[] meters;

  /** A meter's running sequence number, last timestamp and register. */
  private static final class MeterState {
    long seq;
    long lastMillis;
    double register = 100.0;
  }

  /** @param batch readings per MQTT message (1 = one reading per message; more = the meter's own batch) */
  public MaxRatePublisher(List<MeterConnection> connections, int window, int batch, Clock clock) {
    this.connections = connections;
    this.window = window;
    this.batch = batch;
    this.clock = clock;
    this.windows = new Semaphore[connections.size()];
    this.meters = new MeterState[connections.size()];
    for (int i = 0; i < connections.size(); i++) {
      windows[i] = new Semaphore(window);
      meters[i] = new MeterState();
    }
  }

  /**
   * Publishes until {@code duration} has passed or {@code maxReadings} were sent, at most
   * {@code ratePerSecond} readings/s in total (0 = as fast as the windows allow).
   */
  public void run(Duration duration, long maxReadings, int threads, long ratePerSecond) throws InterruptedException {
    long deadline = System.nanoTime() + duration.toNanos();
    this.nanosPerReading = ratePerSecond > 0 ? 1_000_000_000L * threads / ratePerSecond : 0;
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      int first = t;
      workers[t] = new Thread(() -> publishLoop(first, threads, deadline, maxReadings), "bench-publisher-" + t);
      workers[t].start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
  }

  private void publishLoop(int first, int stride, long deadline, long maxReadings) {
    int n = 0;
    for (int i = first; i < connections.size(); i += stride) {
      n++;
    }
    MeterConnection[] mine = new MeterConnection[n];
    Semaphore[] windows = new Semaphore[n];
    MeterState[] state = new MeterState[n];
    for (int k = 0, i = first; i < connections.size(); i += stride, k++) {
      mine[k] = connections.get(i);
      windows[k] = this.windows[i];
      state[k] = this.meters[i];
    }
    int k = 0;
    long pace = nanosPerReading * batch;
    long next = System.nanoTime();
    while (System.nanoTime() < deadline && sent.get() < maxReadings && n > 0) {
      if (pace > 0) {
        long wait = next - System.nanoTime();
        if (wait > 0) {
          java.util.concurrent.locks.LockSupport.parkNanos(wait);
        }
        next += pace;
      }
      Semaphore w = windows[k];
      try {
        if (!w.tryAcquire(1, TimeUnit.MILLISECONDS)) {
          k = (k + 1) % n;
          continue;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      List<Reading> readings = new java.util.ArrayList<>(batch);
      long sentAt = clock.millis();
      for (int b = 0; b < batch; b++) {
        MeterState m = state[k];
        // A batch's readings were taken in the milliseconds before it is sent, the last one now
        // (a meter sending more than 1,000 readings/s runs ahead of the clock).
        long now = Math.max(sentAt - (batch - 1 - b), m.lastMillis + 1);
        m.lastMillis = now;
        m.register += 0.0001;
        readings.add(new Reading(mine[k].serial(), ++m.seq, Instant.ofEpochMilli(now),
            Math.round(m.register * 1e4) / 1e4, 0.0, 230.0, 5.0, 50.0, 0.95));
      }
      sent.addAndGet(batch);
      byte[] payload = batch == 1 ? codec.encode(readings.get(0)) : codec.encodeBatch(null, readings);
      mine[k].publish(ReadingTopic.meter(mine[k].serial()), payload,
          () -> {
            w.release();
            acked.addAndGet(batch);
          },
          () -> {
            w.release();
            failed.addAndGet(batch);
          });
      k = (k + 1) % n;
    }
  }

  /** Readings sent (a batch counts its readings). */
  public long sent() {
    return sent.get();
  }

  public long acked() {
    return acked.get();
  }

  public long failed() {
    return failed.get();
  }
}
