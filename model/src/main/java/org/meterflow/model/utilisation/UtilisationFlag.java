package org.meterflow.model.utilisation;

import java.util.Locale;

/** How loaded an asset is against its rating. */
public enum UtilisationFlag {
  /** Below the warning share (default 80 %). */
  NORMAL,
  /** At or above the warning share, below the overload share (default 80 % ≤ u &lt; 100 %). */
  HIGH,
  /** At or above the overload share (default 100 %). */
  OVERLOAD,
  /** No load measured. */
  NO_DATA;

  public String code() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
