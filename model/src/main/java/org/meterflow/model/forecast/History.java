package org.meterflow.model.forecast;

import java.util.Objects;

/**
 * What a forecaster may see at a forecast origin: the intervals before {@link #origin()} of one
 * series, both as observed (NaN where missing) and gap-filled, plus the calendar of the whole
 * grid (known in advance). Reading an interval at or after the origin throws, so a backtest
 * cannot leak the future into a model. Immutable view; cheap to move with {@link #at(int)}.
 */
public final class History {

  private final double[] observed;
  private final double[] filled;
  private final SlotCalendar calendar;
  private final int origin;

  private History(double[] observed, double[] filled, SlotCalendar calendar, int origin) {
    this.observed = observed;
    this.filled = filled;
    this.calendar = calendar;
    this.origin = origin;
  }

  /**
   * The full history of a series (origin = its end); move the origin back with {@link #at(int)}.
   * Gaps are filled causally by {@link GapFill#causal}.
   *
   * @throws IllegalArgumentException if the calendar does not cover the series' grid
   */
  public static History of(LoadSeries series, SlotCalendar calendar) {
    Objects.requireNonNull(series, "series");
    Objects.requireNonNull(calendar, "calendar");
    if (!calendar.start().equals(series.start()) || !calendar.step().equals(series.step())
        || calendar.size() < series.size()) {
      throw new IllegalArgumentException("calendar does not cover the series grid");
    }
    double[] observed = series.values();
    return new History(observed, GapFill.causal(observed, calendar), calendar, observed.length);
  }

  /** The same series seen from another origin (at most the series length). */
  public History at(int newOrigin) {
    if (newOrigin < 0 || newOrigin > observed.length) {
      throw new IndexOutOfBoundsException("origin " + newOrigin + " outside 0.." + observed.length);
    }
    return new History(observed, filled, calendar, newOrigin);
  }

  /** The first interval not yet known: forecasts start here. */
  public int origin() {
    return origin;
  }

  public SlotCalendar calendar() {
    return calendar;
  }

  /** The observed value of interval {@code i < origin}, NaN when it is missing. */
  public double observed(int i) {
    check(i);
    return observed[i];
  }

  /** The value of interval {@code i < origin} with gaps filled from the past only. */
  public double filled(int i) {
    check(i);
    return filled[i];
  }

  public boolean isMissing(int i) {
    check(i);
    return Double.isNaN(observed[i]);
  }

  private void check(int i) {
    if (i >= origin || i < 0) {
      throw new IndexOutOfBoundsException("interval " + i + " is not in the history before " + origin);
    }
  }
}
