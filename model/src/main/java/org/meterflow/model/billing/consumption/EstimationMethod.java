package org.meterflow.model.billing.consumption;

/**
 * How a register value at a period boundary, or the consumption inside a data gap, was obtained.
 * {@link #EXACT} and {@link #INTERPOLATED} are true readings; every other method is an estimate.
 */
public enum EstimationMethod {
  /** A reading stamped exactly at the boundary. */
  EXACT,
  /** Linear interpolation between readings within the tolerance on both sides of the boundary. */
  INTERPOLATED,
  /**
   * Linear interpolation between the nearest readings although at least one is farther than the
   * tolerance: the register bridges the gap, only the split between the two periods is estimated.
   */
  INTERPOLATED_ACROSS_GAP,
  /** A data gap filled at the average rate of the available data (register rebuilt from deltas). */
  GAP_FILLED_AVERAGE_RATE,
  /** No reading after the boundary: last register plus the average daily consumption. */
  EXTRAPOLATED_AVERAGE_DAILY,
  /** No reading before the boundary: first register minus the average daily consumption. */
  BACK_EXTRAPOLATED_AVERAGE_DAILY,
  /** No reading after the boundary: the last known register carried forward (no consumption). */
  LAST_REGISTER_CARRIED,
  /** No reading before the boundary and no rate to extrapolate: the first register carried back. */
  FIRST_REGISTER_CARRIED_BACK,
  /** No reading at all: the configured fallback daily consumption times the period length. */
  FALLBACK_AVERAGE_DAILY,
  /** No reading at all and no fallback: consumption unknown, reported as 0 and flagged. */
  NO_DATA,
  /**
   * Time-of-day tariff without usable interval data for the period: the (read) consumption is
   * billed wholly in the tariff's base window; the split between windows is the estimate.
   */
  TOD_BASE_WINDOW;

  /** Whether a value obtained this way is an estimate rather than a reading. */
  public boolean isEstimate() {
    return this != EXACT && this != INTERPOLATED;
  }
}
