package org.meterflow.simulator.clock;

import java.time.Duration;
import java.time.Instant;

/**
 * Simulated time: starts at {@code start} when the run starts and advances {@code acceleration}
 * times faster than real time (1 = live). An accelerated run starts in the past (now − span) so
 * that it catches up with real time as it ends: the platform accepts readings at most
 * {@code max-age} old and at most {@code max-clock-ahead} in the future.
 */
public final class SimClock {

  private final Instant start;
  private final double acceleration;
  private volatile long realStartNanos;

  public SimClock(Instant start, double acceleration) {
    if (!(acceleration > 0)) {
      throw new IllegalArgumentException("acceleration must be positive, not " + acceleration);
    }
    this.start = start;
    this.acceleration = acceleration;
    this.realStartNanos = System.nanoTime();
  }

  /** Starts (or restarts) the simulated clock at {@code start} now. */
  public void startNow() {
    realStartNanos = System.nanoTime();
  }

  public Instant start() {
    return start;
  }

  public double acceleration() {
    return acceleration;
  }

  /** The simulated now. */
  public Instant now() {
    long realNanos = System.nanoTime() - realStartNanos;
    return start.plusNanos((long) (realNanos * acceleration));
  }

  /** Real time until the simulated clock reaches {@code at} (zero or negative once passed). */
  public Duration realUntil(Instant at) {
    Duration sim = Duration.between(now(), at);
    return Duration.ofNanos((long) (sim.toNanos() / acceleration));
  }

  /** Real time a simulated span takes. */
  public Duration realDuration(Duration simulated) {
    return Duration.ofNanos((long) (simulated.toNanos() / acceleration));
  }
}
