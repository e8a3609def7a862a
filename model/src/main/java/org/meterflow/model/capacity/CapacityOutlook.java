package org.meterflow.model.capacity;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.meterflow.model.forecast.DayAheadForecast;
import org.meterflow.model.network.RatedAsset;

/**
 * What a day-ahead load forecast (kVA) says about an asset's rating: the forecast peak, when it
 * falls, and how long the forecast stays above {@code share} of the rating.
 *
 * @param asset          the feeder or DT with its rating
 * @param share          alert threshold as a share of the rating (e.g. 0.9)
 * @param peakKva        highest point forecast; NaN if the forecast is empty
 * @param peakAt         start of the interval of the peak; null if the forecast is empty
 * @param intervalsAbove forecast intervals strictly above the threshold
 * @param timeAbove      their total duration
 */
public record CapacityOutlook(RatedAsset asset, double share, double peakKva, Instant peakAt, int intervalsAbove,
    Duration timeAbove) {

  public CapacityOutlook {
    Objects.requireNonNull(asset, "asset");
    Objects.requireNonNull(timeAbove, "timeAbove");
    if (!(share > 0)) {
      throw new IllegalArgumentException("share must be > 0: " + share);
    }
  }

  /** Which series of the forecast is compared with the rating. */
  public enum Bound {
    /** The point forecast (median-like typical load). */
    POINT,
    /** The upper bound of the 80 % interval (exceeded about one interval in ten). */
    UPPER80,
    /** The upper bound of the 95 % interval. */
    UPPER95
  }

  /** Assesses the point forecast {@code forecast} (kVA) against the asset's rating. */
  public static CapacityOutlook of(RatedAsset asset, DayAheadForecast forecast, double share) {
    return of(asset, forecast, share, Bound.POINT);
  }

  /** Assesses the {@code bound} series of {@code forecast} (kVA) against the asset's rating. */
  public static CapacityOutlook of(RatedAsset asset, DayAheadForecast forecast, double share, Bound bound) {
    double limit = share * asset.ratedKva();
    double[] point = switch (bound) {
      case POINT -> forecast.point();
      case UPPER80 -> forecast.upper80();
      case UPPER95 -> forecast.upper95();
    };
    double peak = Double.NaN;
    Instant peakAt = null;
    int above = 0;
    for (int i = 0; i < point.length; i++) {
      double v = point[i];
      if (Double.isNaN(v)) {
        continue;
      }
      if (Double.isNaN(peak) || v > peak) {
        peak = v;
        peakAt = forecast.instant(i);
      }
      if (v > limit) {
        above++;
      }
    }
    return new CapacityOutlook(asset, share, peak, peakAt, above, forecast.step().multipliedBy(above));
  }

  /** The peak as a share of the rating (NaN without a forecast). */
  public double peakShare() {
    return peakKva / asset.ratedKva();
  }

  /** True when the forecast peak is above the threshold (strictly: exactly at it is not an alert). */
  public boolean exceeds() {
    return !Double.isNaN(peakKva) && peakKva > share * asset.ratedKva();
  }
}
