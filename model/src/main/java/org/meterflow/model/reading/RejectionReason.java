package org.meterflow.model.reading;

/**
 * Why a message or reading was refused. The {@link #code()} is what operators see in
 * {@code /api/v1/ingest/stats} and in the {@code meterflow_readings_rejected_total} metric.
 */
public enum RejectionReason {
  /** Not JSON, or JSON of the wrong overall shape. */
  MALFORMED("malformed"),
  /** A required field is absent. */
  MISSING_FIELD("missing-field"),
  /** A field has the wrong JSON type (e.g. a string where a number belongs). */
  WRONG_TYPE("wrong-type"),
  /** A number is NaN or infinite. */
  NOT_A_NUMBER("nan"),
  /** A value outside what the physics of a low-voltage service allows. */
  OUT_OF_RANGE("out-of-range"),
  /** The reading's timestamp lies too far in the future. */
  FUTURE_TIMESTAMP("future-timestamp"),
  /** The reading's timestamp is older than the accepted window. */
  TOO_OLD("too-old"),
  /** A cumulative register went backwards (tamper or rollover). */
  REGISTER_BACKWARDS("register-backwards"),
  /** More energy than voltage × current × elapsed time can explain. */
  IMPLAUSIBLE_JUMP("implausible-jump"),
  /** The MQTT payload exceeds the size limit. */
  OVERSIZE("oversize"),
  /** The serial in the payload is not the serial of the topic (or the gateway's meters). */
  SPOOFED("spoofed"),
  /** The serial is not a registered, active meter. */
  UNREGISTERED("unregistered");

  private final String code;

  RejectionReason(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
