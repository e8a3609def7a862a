package org.meterflow.actors.meter;

import org.meterflow.actors.CborSerializable;
import org.meterflow.model.meter.MeterLocation;
import org.meterflow.model.reading.RejectionReason;
import org.meterflow.model.reading.Verdict;

/**
 * The meter entity's answer to a reading, flat so that it serialises across cluster nodes.
 * {@code reason} and {@code detail} are null unless {@code kind} is REJECTED; {@code location} (where
 * the meter sits, stored with the reading) is set when {@code kind} is ACCEPTED.
 */
public record ReadingOutcome(Kind kind, RejectionReason reason, String detail, MeterLocation location)
    implements CborSerializable {

  /**
   * ACCEPTED: new and valid, store it. DUPLICATE: seen before with other values, store nothing.
   * REDELIVERED: an exact copy of a reading accepted before: counted as a duplicate but stored again
   * (idempotent), since the first copy may have been judged and never stored.
   */
  public enum Kind { ACCEPTED, DUPLICATE, REDELIVERED, REJECTED }

  public static final ReadingOutcome DUPLICATE = new ReadingOutcome(Kind.DUPLICATE, null, null, null);

  /** The outcome of a verdict on a reading of a meter at {@code location}. */
  public static ReadingOutcome of(Verdict verdict, MeterLocation location) {
    if (verdict instanceof Verdict.Rejected r) {
      return rejected(r.reason(), r.detail());
    }
    if (verdict instanceof Verdict.Duplicate d) {
      return d.identical()
          ? new ReadingOutcome(Kind.REDELIVERED, null, null, location == null ? MeterLocation.UNKNOWN : location)
          : DUPLICATE;
    }
    return accepted(location);
  }

  public static ReadingOutcome accepted(MeterLocation location) {
    return new ReadingOutcome(Kind.ACCEPTED, null, null, location == null ? MeterLocation.UNKNOWN : location);
  }

  public static ReadingOutcome rejected(RejectionReason reason, String detail) {
    return new ReadingOutcome(Kind.REJECTED, reason, detail, null);
  }
}
