package org.meterflow.actors.meter;

import org.meterflow.actors.CborSerializable;
import org.meterflow.model.reading.RejectionReason;
import org.meterflow.model.reading.Verdict;

/**
 * The meter entity's answer to a reading, flat so that it serialises across cluster nodes.
 * {@code reason} and {@code detail} are null unless {@code kind} is REJECTED.
 */
public record ReadingOutcome(Kind kind, RejectionReason reason, String detail) implements CborSerializable {

  public enum Kind { ACCEPTED, DUPLICATE, REJECTED }

  public static final ReadingOutcome ACCEPTED = new ReadingOutcome(Kind.ACCEPTED, null, null);
  public static final ReadingOutcome DUPLICATE = new ReadingOutcome(Kind.DUPLICATE, null, null);

  public static ReadingOutcome of(Verdict verdict) {
    if (verdict instanceof Verdict.Rejected r) {
      return new ReadingOutcome(Kind.REJECTED, r.reason(), r.detail());
    }
    return verdict instanceof Verdict.Duplicate ? DUPLICATE : ACCEPTED;
  }

  public static ReadingOutcome rejected(RejectionReason reason, String detail) {
    return new ReadingOutcome(Kind.REJECTED, reason, detail);
  }
}
