package org.meterflow.model.billing.ledger;

import java.util.Objects;

/**
 * What a billing run writes for one meter whose bill is issued or revised: the monthly reading and the bill
 * ({@code bill == null} only for a reading without a bill).
 */
public record BillRecord(MonthlyReading reading, StoredBill bill, String fingerprint) {

  public BillRecord {
    Objects.requireNonNull(reading, "reading");
  }
}
