package org.meterflow.model.quality;

/**
 * Event types with their wire names ({@link #code()}): the {@code EventType} values of the HTTP
 * API's openapi.yaml, which clients, the lake and the stored events rely on.
 */
public enum EventType {
  SAG("sag"),
  SWELL("swell"),
  INTERRUPTION("interruption"),
  UNDERVOLTAGE("undervoltage"),
  OVERVOLTAGE("overvoltage"),
  FREQUENCY("frequency"),
  OUTAGE("outage"),
  AREA_OUTAGE("area-outage"),
  TAMPER("tamper"),
  CAPACITY("capacity");

  private final String code;

  EventType(String code) {
    this.code = code;
  }

  /** The name used in the API, the WebSocket feed and the time-series store. */
  public String code() {
    return code;
  }

  public static EventType ofCode(String code) {
    for (EventType t : values()) {
      if (t.code.equals(code)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown event type " + code);
  }
}
