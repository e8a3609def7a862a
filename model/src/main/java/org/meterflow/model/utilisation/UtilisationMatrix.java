package org.meterflow.model.utilisation;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Objects;

/**
 * Load ÷ rated capacity of one asset by local day of week × hour of day over a window (docs/utilisation.md).
 * Each interval load (kVA, e.g. the mean of a 15-min step) falls into the cell of the local
 * wall-clock hour it starts in, in the utility's zone: on the daylight-saving day that repeats an
 * hour both UTC hours pool into that one local hour (nothing is shifted), and on the day that skips
 * one that hour simply has no sample. Hours without any sample are empty (NaN), never zero, so a
 * missing hour cannot hide a peak or fake a light load. Immutable; build with {@link #builder}.
 */
public final class UtilisationMatrix {

  public static final int DAYS = 7;
  public static final int HOURS = 24;

  private final double ratedKva;
  private final ZoneId zone;
  /** Per cell (day × 24 + hour), sorted utilisations. */
  private final double[][] cells;
  private final double[] all;

  private UtilisationMatrix(double ratedKva, ZoneId zone, double[][] cells, double[] all) {
    this.ratedKva = ratedKva;
    this.zone = zone;
    this.cells = cells;
    this.all = all;
  }

  /** A builder for an asset rated {@code ratedKva}, bucketing by local time in {@code zone}. */
  public static Builder builder(double ratedKva, ZoneId zone) {
    if (!(ratedKva > 0) || Double.isInfinite(ratedKva)) {
      throw new IllegalArgumentException("ratedKva must be positive: " + ratedKva);
    }
    return new Builder(ratedKva, Objects.requireNonNull(zone, "zone"));
  }

  public double ratedKva() {
    return ratedKva;
  }

  public ZoneId zone() {
    return zone;
  }

  /** Samples in the cell of {@code day} at local {@code hour} (0–23). */
  public int samples(DayOfWeek day, int hour) {
    return cell(day, hour).length;
  }

  /** Intervals over the whole window. */
  public int samples() {
    return all.length;
  }

  /** The statistic of the utilisations in one cell; NaN when the cell has no sample. */
  public double value(UtilisationStat stat, DayOfWeek day, int hour) {
    return of(stat, cell(day, hour));
  }

  /** The statistic over the whole window (peak: the highest interval anywhere); NaN with no data. */
  public double overall(UtilisationStat stat) {
    return of(stat, all);
  }

  /** The flag of the whole window's statistic. */
  public UtilisationFlag flag(UtilisationStat stat, UtilisationThresholds thresholds) {
    return thresholds.flag(overall(stat));
  }

  /** How many cells' statistic is at or above {@code share} of the rating. */
  public int cellsAtOrAbove(UtilisationStat stat, double share) {
    int n = 0;
    for (double[] c : cells) {
      double v = of(stat, c);
      if (!Double.isNaN(v) && v >= share) {
        n++;
      }
    }
    return n;
  }

  /** The 7 × 24 view: rows Monday … Sunday, columns local hour 0 … 23, NaN where empty. */
  public double[][] grid(UtilisationStat stat) {
    double[][] out = new double[DAYS][HOURS];
    for (int d = 0; d < DAYS; d++) {
      for (int h = 0; h < HOURS; h++) {
        out[d][h] = of(stat, cells[d * HOURS + h]);
      }
    }
    return out;
  }

  private double[] cell(DayOfWeek day, int hour) {
    if (hour < 0 || hour >= HOURS) {
      throw new IllegalArgumentException("hour must be 0..23: " + hour);
    }
    return cells[(day.getValue() - 1) * HOURS + hour];
  }

  private static double of(UtilisationStat stat, double[] sorted) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return switch (stat) {
      case PEAK -> sorted[sorted.length - 1];
      case MEAN -> Arrays.stream(sorted).sum() / sorted.length;
      case P95 -> percentile(sorted, 0.95);
    };
  }

  /** Linear interpolation between closest ranks ({@code p} in [0, 1]) of sorted values. */
  static double percentile(double[] sorted, double p) {
    double pos = p * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  /** Collects interval loads; not thread-safe. */
  public static final class Builder {
    private final double ratedKva;
    private final ZoneId zone;
    private final double[][] values = new double[DAYS * HOURS][];
    private final int[] counts = new int[DAYS * HOURS];

    private Builder(double ratedKva, ZoneId zone) {
      this.ratedKva = ratedKva;
      this.zone = zone;
      for (int i = 0; i < values.length; i++) {
        values[i] = new double[4];
      }
    }

    /**
     * Adds the load (kVA) of the interval starting at {@code ts}. NaN, infinite or negative
     * loads (no data, or net export) are skipped: they say nothing about the transformer's
     * loading from the grid side.
     */
    public Builder add(Instant ts, double kva) {
      if (Double.isNaN(kva) || Double.isInfinite(kva) || kva < 0) {
        return this;
      }
      ZonedDateTime local = ts.atZone(zone);
      int i = (local.getDayOfWeek().getValue() - 1) * HOURS + local.getHour();
      if (counts[i] == values[i].length) {
        values[i] = Arrays.copyOf(values[i], counts[i] * 2);
      }
      values[i][counts[i]++] = kva / ratedKva;
      return this;
    }

    public UtilisationMatrix build() {
      double[][] cells = new double[DAYS * HOURS][];
      int total = 0;
      for (int i = 0; i < cells.length; i++) {
        cells[i] = Arrays.copyOf(values[i], counts[i]);
        Arrays.sort(cells[i]);
        total += counts[i];
      }
      double[] all = new double[total];
      int k = 0;
      for (double[] c : cells) {
        System.arraycopy(c, 0, all, k, c.length);
        k += c.length;
      }
      Arrays.sort(all);
      return new UtilisationMatrix(ratedKva, zone, cells, all);
    }
  }
}
