package org.meterflow.model.billing.ledger;

import java.time.Instant;
import org.meterflow.model.billing.bill.Bill;

/**
 * A bill as issued: its id, the consumer it is addressed to, its revision and why it was revised.
 *
 * @param superseded a later revision replaced it
 * @param revisionReason {@code null} for revision 1
 */
public record StoredBill(
    String id, String consumerId, int revision, boolean superseded, String revisionReason, Instant issuedAt, Bill bill) {

  /** The id of revision {@code revision} of a meter's bill for the period starting {@code start}. */
  public static String idOf(String serial, java.time.LocalDate start, int revision) {
    return serial + "_" + start.toString().replace("-", "") + "_r" + revision;
  }
}
