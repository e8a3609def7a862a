package org.meterflow.model.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A forecast of consecutive intervals from {@code start}: the point forecast and the bounds of the
 * central 80 % and 95 % prediction intervals (lower80 ≤ point ≤ upper80 is not guaranteed where
 * residuals are skewed, but lower95 ≤ lower80 and upper80 ≤ upper95 always hold).
 */
public record DayAheadForecast(
    Instant start,
    Duration step,
    double[] point,
    double[] lower80,
    double[] upper80,
    double[] lower95,
    double[] upper95) {

  public DayAheadForecast {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(step, "step");
    int n = point.length;
    if (lower80.length != n || upper80.length != n || lower95.length != n || upper95.length != n) {
      throw new IllegalArgumentException("bounds and point forecast differ in length");
    }
    point = point.clone();
    lower80 = lower80.clone();
    upper80 = upper80.clone();
    lower95 = lower95.clone();
    upper95 = upper95.clone();
  }

  public int size() {
    return point.length;
  }

  public Instant instant(int i) {
    return start.plusSeconds(step.getSeconds() * i);
  }

  /** The largest point forecast (the expected peak). */
  public double peak() {
    return Arrays.stream(point).max().orElse(Double.NaN);
  }

  @Override
  public double[] point() {
    return point.clone();
  }

  @Override
  public double[] lower80() {
    return lower80.clone();
  }

  @Override
  public double[] upper80() {
    return upper80.clone();
  }

  @Override
  public double[] lower95() {
    return lower95.clone();
  }

  @Override
  public double[] upper95() {
    return upper95.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DayAheadForecast f && start.equals(f.start) && step.equals(f.step)
        && Arrays.equals(point, f.point) && Arrays.equals(lower80, f.lower80)
        && Arrays.equals(upper80, f.upper80) && Arrays.equals(lower95, f.lower95)
        && Arrays.equals(upper95, f.upper95);
  }

  @Override
  public int hashCode() {
    return Objects.hash(start, step, Arrays.hashCode(point));
  }

  @Override
  public String toString() {
    return "DayAheadForecast[start=" + start + ", step=" + step + ", size=" + point.length + "]";
  }
}
