package org.meterflow.model.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Sums the series of several meters (households) into the series of the feeder that supplies
 * them, aligned by timestamp.
 *
 * <p>A meter belongs to the feeder over its own span (its first to its last reading). Inside that
 * span, a missing reading makes the feeder interval missing (NaN): a partial sum would look like
 * a real dip in demand and would be learned and scored as one, whereas a missing interval is
 * gap-filled for training and skipped by the metrics. Outside its span a meter contributes
 * nothing (it had not yet joined, or had left): the feeder is the sum of the meters present. An
 * interval no meter's span covers is missing.
 */
public final class FeederSum {

  private FeederSum() {}

  /**
   * The feeder series over the union of the members' spans.
   *
   * @throws IllegalArgumentException if the members differ in step or their grids are out of phase
   */
  public static LoadSeries of(List<LoadSeries> members) {
    Objects.requireNonNull(members, "members");
    if (members.isEmpty()) {
      throw new IllegalArgumentException("no series to sum");
    }
    Duration step = members.get(0).step();
    long stepSeconds = step.getSeconds();
    Instant first = null;
    Instant last = null;
    for (LoadSeries m : members) {
      if (!m.step().equals(step)) {
        throw new IllegalArgumentException("series differ in step: " + step + " vs " + m.step());
      }
      LoadSeries t = m.trim();
      if (t.size() == 0) {
        continue;
      }
      if (first != null && Math.floorMod(t.start().getEpochSecond() - first.getEpochSecond(), stepSeconds) != 0) {
        throw new IllegalArgumentException("series grids are out of phase: " + t.start() + " vs " + first);
      }
      first = first == null || t.start().isBefore(first) ? t.start() : first;
      Instant end = t.end();
      last = last == null || end.isAfter(last) ? end : last;
    }
    if (first == null) {
      return LoadSeries.of(members.get(0).start(), step, new double[0]);
    }
    int n = (int) ((last.getEpochSecond() - first.getEpochSecond()) / stepSeconds);
    double[] sum = new double[n];
    int[] present = new int[n];
    for (LoadSeries m : members) {
      LoadSeries t = m.trim();
      if (t.size() == 0) {
        continue;
      }
      int offset = (int) ((t.start().getEpochSecond() - first.getEpochSecond()) / stepSeconds);
      for (int i = 0; i < t.size(); i++) {
        double v = t.value(i);
        if (Double.isNaN(v)) {
          sum[offset + i] = Double.NaN;
        } else {
          sum[offset + i] += v;
        }
        present[offset + i]++;
      }
    }
    for (int i = 0; i < n; i++) {
      if (present[i] == 0) {
        sum[i] = Double.NaN;
      }
    }
    return LoadSeries.of(first, step, sum);
  }
}
