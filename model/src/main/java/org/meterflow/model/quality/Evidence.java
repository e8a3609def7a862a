package org.meterflow.model.quality;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What an event is based on.
 *
 * @param min      lowest observed value in {@code unit} (pu for voltage, Hz for frequency, kWh for
 *                 registers, A for current; NaN where meaningless)
 * @param max      highest observed value in {@code unit}
 * @param unit     unit of {@code min}/{@code max}
 * @param duration from the first evidence to the last (or to {@code clearedAt} once cleared)
 * @param samples  number of readings (or failures, or meters) that made up the event
 * @param note     a short human-readable remark, never null
 */
public record Evidence(double min, double max, String unit, Duration duration, long samples, String note) {

  public Evidence {
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(duration, "duration");
    note = note == null ? "" : note;
  }

  /** Evidence of a single sample. */
  public static Evidence of(double value, String unit, String note) {
    return new Evidence(value, value, unit, Duration.ZERO, 1, note);
  }

  /** This evidence with one more sample {@code value} taken at {@code at}. */
  public Evidence plus(double value, Instant since, Instant at) {
    return new Evidence(
        Double.isNaN(min) ? value : Math.min(min, value),
        Double.isNaN(max) ? value : Math.max(max, value),
        unit, Duration.between(since, at), samples + 1, note);
  }

  public Evidence withDuration(Duration d) {
    return new Evidence(min, max, unit, d, samples, note);
  }

  public Evidence withNote(String n) {
    return new Evidence(min, max, unit, duration, samples, n);
  }
}
