package org.meterflow.model.billing.ledger;

import java.util.Objects;

/**
 * What a billing run writes for one meter: always the monthly reading; a bill when one is issued or
 * revised ({@code bill == null} when the issued bill stands).
 */
public record BillRecord(MonthlyReading reading, StoredBill bill, String fingerprint) {

  public BillRecord {
    Objects.requireNonNull(reading, "reading");
  }
}
