package org.meterflow.model.quality;

/**
 * Exact per-unit comparisons: values are quantised to nano-pu (1e-9 pu) as {@code long}, so that
 * a threshold such as 0.9 pu and a reading of 207.0 V at 230 V compare equal.
 */
public final class PerUnit {

  private static final double SCALE = 1e9;

  private PerUnit() {}

  /** {@code value / nominal} in nano-pu. */
  public static long nano(double value, double nominal) {
    return Math.round(value / nominal * SCALE);
  }

  /** A threshold (in pu) in nano-pu. */
  public static long nano(double pu) {
    return Math.round(pu * SCALE);
  }

  /** {@code value / nominal} in pu, rounded to 1e-9 pu. */
  public static double pu(double value, double nominal) {
    return nano(value, nominal) / SCALE;
  }
}
