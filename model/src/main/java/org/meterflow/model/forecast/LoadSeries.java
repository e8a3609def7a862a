package org.meterflow.model.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A regular load series on a UTC grid: value {@code i} is the load of the interval starting at
 * {@code start + i * step}. Missing intervals are {@code NaN}; the grid never skips or repeats an
 * instant, so index arithmetic is time arithmetic. Immutable.
 */
public final class LoadSeries {

  private static final long SECONDS_PER_DAY = 86_400L;

  private final Instant start;
  private final Duration step;
  private final double[] values;

  private LoadSeries(Instant start, Duration step, double[] values) {
    this.start = start;
    this.step = step;
    this.values = values;
  }

  /**
   * A series over a copy of {@code values}.
   *
   * @throws IllegalArgumentException if the step is not a whole number of seconds dividing a day
   */
  public static LoadSeries of(Instant start, Duration step, double[] values) {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(values, "values");
    if (step.isNegative() || step.isZero() || step.getNano() != 0
        || SECONDS_PER_DAY % step.getSeconds() != 0) {
      throw new IllegalArgumentException("step must divide one day into whole seconds: " + step);
    }
    for (double v : values) {
      if (Double.isInfinite(v)) {
        throw new IllegalArgumentException("infinite value in series");
      }
    }
    return new LoadSeries(start, step, values.clone());
  }

  public Instant start() {
    return start;
  }

  public Duration step() {
    return step;
  }

  /** The instant just after the last interval. */
  public Instant end() {
    return instant(values.length);
  }

  public int size() {
    return values.length;
  }

  /** Intervals per 24 hours (48 for half-hourly). */
  public int stepsPerDay() {
    return (int) (SECONDS_PER_DAY / step.getSeconds());
  }

  /** The value of interval {@code i}; {@code NaN} when missing. */
  public double value(int i) {
    return values[i];
  }

  /** A copy of all values. */
  public double[] values() {
    return values.clone();
  }

  public Instant instant(int i) {
    return start.plusSeconds(step.getSeconds() * i);
  }

  /** The index of the interval starting at {@code t}, or -1 when {@code t} is off the grid or outside. */
  public int indexOf(Instant t) {
    long offset = t.getEpochSecond() - start.getEpochSecond();
    long s = step.getSeconds();
    if (t.getNano() != 0 || offset < 0 || offset % s != 0 || offset / s >= values.length) {
      return -1;
    }
    return (int) (offset / s);
  }

  public boolean isMissing(int i) {
    return Double.isNaN(values[i]);
  }

  /** How many intervals are missing. */
  public int missingCount() {
    int n = 0;
    for (double v : values) {
      if (Double.isNaN(v)) {
        n++;
      }
    }
    return n;
  }

  /** The sub-series of intervals [from, to). */
  public LoadSeries slice(int from, int to) {
    if (from < 0 || to > values.length || from > to) {
      throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") of " + values.length);
    }
    return new LoadSeries(instant(from), step, Arrays.copyOfRange(values, from, to));
  }

  /** The series without its leading and trailing missing intervals (empty if all are missing). */
  public LoadSeries trim() {
    int from = 0;
    while (from < values.length && Double.isNaN(values[from])) {
      from++;
    }
    int to = values.length;
    while (to > from && Double.isNaN(values[to - 1])) {
      to--;
    }
    return slice(from, to);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LoadSeries other
        && start.equals(other.start)
        && step.equals(other.step)
        && Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(start, step, Arrays.hashCode(values));
  }

  @Override
  public String toString() {
    return "LoadSeries[start=" + start + ", step=" + step + ", size=" + values.length
        + ", missing=" + missingCount() + "]";
  }
}
