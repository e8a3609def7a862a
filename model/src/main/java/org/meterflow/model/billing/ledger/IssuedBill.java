package org.meterflow.model.billing.ledger;

/**
 * The newest revision of a bill already issued for a meter and period: what a rerun compares with.
 *
 * @param fingerprint {@link BillFingerprint} of the issued bill
 */
public record IssuedBill(String billId, int revision, String fingerprint, boolean estimated) {}
