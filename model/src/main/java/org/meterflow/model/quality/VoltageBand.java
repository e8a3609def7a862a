package org.meterflow.model.quality;

/** The mutually exclusive voltage band of one reading (IEEE 1159 style). */
public enum VoltageBand {
  /** {@code pu < 0.1}. */
  INTERRUPTION,
  /** {@code 0.1 <= pu < 0.9}. */
  SAG,
  /** {@code 0.9 <= pu <= 1.1}. */
  NORMAL,
  /** {@code pu > 1.1}. */
  SWELL
}
