package org.meterflow.model.reading;

import java.util.Objects;

/** What validation decided about one reading. */
public sealed interface Verdict {

  /** The reading is new and valid: store it. */
  record Accepted() implements Verdict {}

  /** The reading was seen before (same serial and timestamp, or same sequence number): ack, store nothing new. */
  record Duplicate() implements Verdict {}

  /** The reading is refused for {@code reason}; {@code detail} says what exactly, for operators. */
  record Rejected(RejectionReason reason, String detail) implements Verdict {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }

  Accepted ACCEPTED = new Accepted();
  Duplicate DUPLICATE = new Duplicate();

  static Rejected rejected(RejectionReason reason, String detail) {
    return new Rejected(reason, detail);
  }
}
