package org.meterflow.model.quality;

/** Why a {@link EventType#TAMPER} event was raised; {@link #code()} goes into the event's cause. */
public enum TamperCause {
  REGISTER_ROLLBACK("register-rollback"),
  REVERSE_ENERGY("reverse-energy"),
  CURRENT_WITHOUT_ENERGY("current-without-energy"),
  CERTIFICATE_FAILURES("certificate-failures");

  private final String code;

  TamperCause(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
