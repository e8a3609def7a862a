package org.meterflow.model.capacity;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.meterflow.model.network.RatedAsset;
import org.meterflow.model.quality.EventType;
import org.meterflow.model.quality.Evidence;
import org.meterflow.model.quality.QualityEvent;

/**
 * The capacity event lifecycle of one asset: raised when a day-ahead forecast peak exceeds the
 * threshold share of the rating, kept (with fresh evidence) while later forecasts still exceed it,
 * cleared by the first later forecast that does not. At most one open event per asset.
 */
public final class CapacityAlerts {

  /** Evidence unit: shares of the rated capacity. */
  public static final String UNIT = "pu-rated";

  private CapacityAlerts() {}

  /**
   * What to publish after a forecast run: the new or refreshed open event, the cleared event, or
   * nothing.
   *
   * @param open    the asset's open capacity event, or null
   * @param outlook the newest forecast's outlook
   * @param now     when the forecast ran (raise and clear time)
   */
  public static List<QualityEvent> next(QualityEvent open, CapacityOutlook outlook, Instant now) {
    if (outlook.exceeds()) {
      if (open == null) {
        RatedAsset a = outlook.asset();
        String id = a.kind().code() + ":" + a.id() + ":" + EventType.CAPACITY.code() + ":" + now.toEpochMilli();
        return List.of(new QualityEvent(id, EventType.CAPACITY, null, null, a.id(), now, null, evidence(outlook), List.of()));
      }
      return List.of(open.withEvidence(evidence(outlook)));
    }
    if (open != null && !Double.isNaN(outlook.peakKva())) {
      return List.of(open.clearedAt(now).withEvidence(evidence(outlook).withDuration(Duration.between(open.raisedAt(), now))));
    }
    return List.of();
  }

  /** Threshold (min) and forecast peak (max) in shares of the rating, time above it, a readable note. */
  static Evidence evidence(CapacityOutlook o) {
    RatedAsset a = o.asset();
    String note = String.format(Locale.ROOT, "forecast peak %.1f kVA at %s = %.0f %% of %s %s rated %.1f kVA (threshold %.0f %%)",
        o.peakKva(), o.peakAt(), 100 * o.peakShare(), a.kind().code(), a.id(), a.ratedKva(), 100 * o.share());
    return new Evidence(o.share(), o.peakShare(), UNIT, o.timeAbove(), o.intervalsAbove(), note);
  }
}
