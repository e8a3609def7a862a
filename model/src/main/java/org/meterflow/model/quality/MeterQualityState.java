package org.meterflow.model.quality;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the detector remembers about one meter between readings; immutable, small, and
 * made of records only (snapshot-friendly).
 *
 * @param profile            the meter's serial and nominal values
 * @param lastTs             timestamp of the newest reading seen; null before the first
 * @param lastExportKwh      export register of that reading (NaN before the first)
 * @param importHighWaterKwh highest import register ever seen (-Infinity before the first)
 * @param underRun           the current run in the undervoltage band, or null
 * @param overRun            the current run in the overvoltage band, or null
 * @param stuckRun           the current run of current flowing without import advance, or null
 * @param open               open events by {@link QualityEvent#key()}
 */
public record MeterQualityState(
    MeterProfile profile,
    Instant lastTs,
    double lastExportKwh,
    double importHighWaterKwh,
    Run underRun,
    Run overRun,
    Run stuckRun,
    Map<String, QualityEvent> open) {

  public MeterQualityState {
    Objects.requireNonNull(profile, "profile");
    open = Map.copyOf(open);
  }

  /** The state of a meter never heard from. */
  public static MeterQualityState initial(MeterProfile profile) {
    return new MeterQualityState(profile, null, Double.NaN, Double.NEGATIVE_INFINITY, null, null, null, Map.of());
  }

  /** The open event of {@code type} (and tamper {@code cause}, else null), if any. */
  public QualityEvent openEvent(EventType type, TamperCause cause) {
    return open.get(MeterQualityDetector.key(type, cause));
  }
}
