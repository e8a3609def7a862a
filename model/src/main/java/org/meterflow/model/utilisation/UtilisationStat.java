package org.meterflow.model.utilisation;

import java.util.Locale;

/** Which summary of the loads of one cell (or of the whole window) a view shows. */
public enum UtilisationStat {
  /** The highest interval load. */
  PEAK,
  /** The 95th percentile of the interval loads (linear interpolation between ranks). */
  P95,
  /** The mean interval load. */
  MEAN;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static UtilisationStat ofCode(String code) {
    for (UtilisationStat s : values()) {
      if (s.code().equalsIgnoreCase(code)) {
        return s;
      }
    }
    throw new IllegalArgumentException("stat must be peak, p95 or mean, not '" + code + "'");
  }
}
