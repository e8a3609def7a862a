package org.meterflow.model.billing.bill;

/** Kinds of bill lines, in the order they appear on a bill. */
public enum LineKind {
  FIXED,
  ENERGY_SLAB,
  ENERGY_TOD,
  EXPORT_CREDIT,
  DUTY,
  MINIMUM_CHARGE_TOP_UP,
  TAX
}
