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

  public enum Kind { ACCEPTED, DUPLICATE, REJECTED }

  public static final ReadingOutcome DUPLICATE = new ReadingOutcome(Kind.DUPLICATE, null, null, null);

  /** The outcome of a verdict on a reading of a meter at {@code location}. */
  public static ReadingOutcome of(Verdict verdict, MeterLocation location) {
    if (verdict instanceof Verdict.Rejected r) {
      return rejected(r.reason(), r.detail());
    }
    return verdict instanceof Verdict.Duplicate ? DUPLICATE : accepted(location);
  }

  public static ReadingOutcome accepted(MeterLocation location) {
    return new ReadingOutcome(Kind.ACCEPTED, null, null, location == null ? MeterLocation.UNKNOWN : location);
  }

  public static ReadingOutcome rejected(RejectionReason reason, String detail) {
    return new ReadingOutcome(Kind.REJECTED, reason, detail, null);
  }
}
