package org.meterflow.model.reading;

import java.util.Objects;

/** What validation decided about one reading. */
public sealed interface Verdict {

  /** The reading is new and valid: store it. */
  record Accepted() implements Verdict {}

  /**
   * The reading was seen before (same serial and timestamp, or same sequence number): counted once,
   * as a duplicate. {@code identical}: it is an exact copy of a reading accepted before (an MQTT
   * redelivery), so writing it again is idempotent — and needed, because the first copy may have
   * been judged but never stored (the ingest failed between the verdict and the write) and its ack
   * must not precede storage. A non-identical duplicate (same timestamp or seq, other values) is
   * never stored: the first accepted version stands.
   */
  record Duplicate(boolean identical) implements Verdict {}

  /** The reading is refused for {@code reason}; {@code detail} says what exactly, for operators. */
  record Rejected(RejectionReason reason, String detail) implements Verdict {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }

  Accepted ACCEPTED = new Accepted();
  /** A duplicate whose values differ from the reading remembered (or that matches two remembered readings). */
  Duplicate DUPLICATE = new Duplicate(false);
  /** An exact copy of a remembered reading: a redelivery. */
  Duplicate REDELIVERED = new Duplicate(true);

  static Rejected rejected(RejectionReason reason, String detail) {
    return new Rejected(reason, detail);
  }
}
