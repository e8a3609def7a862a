package org.meterflow.model.billing.ledger;

import org.meterflow.model.billing.bill.Bill;

/**
 * What a billing run does with a recomputed bill given the newest issued revision (the rules of
 * {@link org.meterflow.model.billing.bill.Revision}, decided on fingerprints): issue revision 1 when
 * none exists; nothing when the fingerprint is unchanged (rerun) or when an actual bill would be
 * replaced by an estimate (readings lost later); otherwise the next revision.
 */
public enum BillDecision {
  ISSUE,
  REVISE,
  UNCHANGED,
  KEEP_ACTUAL;

  public static BillDecision decide(IssuedBill issued, Bill recomputed, String fingerprint) {
    if (issued == null) {
      return ISSUE;
    }
    if (issued.fingerprint().equals(fingerprint)) {
      return UNCHANGED;
    }
    if (!issued.estimated() && recomputed.estimated()) {
      return KEEP_ACTUAL;
    }
    return REVISE;
  }
}
