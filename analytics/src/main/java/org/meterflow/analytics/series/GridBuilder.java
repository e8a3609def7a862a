package org.meterflow.analytics.series;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.meterflow.model.forecast.LoadSeries;

/**
 * Collects timestamped values in any order and lays them on a regular UTC grid anchored at the
 * earliest timestamp: values sharing an interval (duplicates, or a timestamp between grid points,
 * which is floored onto its interval) are averaged; intervals without a value are NaN.
 */
final class GridBuilder {

  private final long stepSeconds;
  private long[] times = new long[1024];
  private double[] values = new double[1024];
  private int size;

  GridBuilder(Duration step) {
    this.stepSeconds = step.getSeconds();
  }

  void add(Instant start, double value) {
    if (size == times.length) {
      times = Arrays.copyOf(times, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    times[size] = start.getEpochSecond();
    values[size] = value;
    size++;
  }

  int size() {
    return size;
  }

  /** The regular series and how many values were merged into an already-filled interval. */
  Result build() {
    if (size == 0) {
      return new Result(LoadSeries.of(Instant.EPOCH, Duration.ofSeconds(stepSeconds), new double[0]), 0, 0);
    }
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (int i = 0; i < size; i++) {
      first = Math.min(first, times[i]);
      last = Math.max(last, times[i]);
    }
    long slots = (last - first) / stepSeconds + 1;
    if (slots > 50_000_000L) {
      throw new IllegalArgumentException("series spans too many intervals: " + slots);
    }
    double[] sum = new double[(int) slots];
    int[] count = new int[(int) slots];
    int merged = 0;
    int offGrid = 0;
    for (int i = 0; i < size; i++) {
      long offset = times[i] - first;
      if (offset % stepSeconds != 0) {
        offGrid++;
      }
      int slot = (int) (offset / stepSeconds);
      if (count[slot] > 0) {
        merged++;
      }
      sum[slot] += values[i];
      count[slot]++;
    }
    for (int i = 0; i < sum.length; i++) {
      sum[i] = count[i] == 0 ? Double.NaN : sum[i] / count[i];
    }
    return new Result(LoadSeries.of(Instant.ofEpochSecond(first), Duration.ofSeconds(stepSeconds), sum),
        merged, offGrid);
  }

  record Result(LoadSeries series, int merged, int offGrid) {}
}
