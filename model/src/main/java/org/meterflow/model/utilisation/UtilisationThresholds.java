package org.meterflow.model.utilisation;

/**
 * The shares of rated capacity at which an asset is flagged (inclusive: exactly 80 % is HIGH).
 *
 * @param high     warning share, default 0.8
 * @param overload overload share, default 1.0
 */
public record UtilisationThresholds(double high, double overload) {

  public UtilisationThresholds {
    if (!(high > 0) || !(overload >= high) || Double.isInfinite(overload)) {
      throw new IllegalArgumentException("need 0 < high <= overload, finite: " + high + ", " + overload);
    }
  }

  public static UtilisationThresholds defaults() {
    return new UtilisationThresholds(0.8, 1.0);
  }

  /** The flag of a utilisation (load ÷ rating); NaN = no data. */
  public UtilisationFlag flag(double utilisation) {
    if (Double.isNaN(utilisation)) {
      return UtilisationFlag.NO_DATA;
    }
    if (utilisation >= overload) {
      return UtilisationFlag.OVERLOAD;
    }
    return utilisation >= high ? UtilisationFlag.HIGH : UtilisationFlag.NORMAL;
  }
}
