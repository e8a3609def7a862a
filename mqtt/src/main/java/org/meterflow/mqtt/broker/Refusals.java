package org.meterflow.mqtt.broker;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/** Connections the broker's authenticator refused, counted by reason. Thread-safe. */
public final class Refusals {

  /** Why a connection was refused; {@link #code()} is the key in {@link #snapshot()}. */
  public enum Reason {
    /** The client id is not in the directory (unknown, revoked or not active). */
    UNREGISTERED("unregistered"),
    /** The certificate's CN is not the MQTT client id (or the certificate has no single CN). */
    CLIENT_ID_MISMATCH("client-id-mismatch"),
    /** No client certificate reached the authenticator (cannot happen with TLS client auth REQUIRED). */
    NO_CERTIFICATE("no-certificate"),
    /** The client id is empty or holds {@code / + #}, which would widen its topic permissions. */
    INVALID_CLIENT_ID("invalid-client-id"),
    /** The directory failed to answer; the client is refused rather than let in unchecked. */
    DIRECTORY_ERROR("directory-error");

    private final String code;

    Reason(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  private final Map<Reason, LongAdder> counts = new EnumMap<>(Reason.class);

  public Refusals() {
    for (Reason reason : Reason.values()) {
      counts.put(reason, new LongAdder()); // filled once, read-only afterwards: safe to share
    }
  }

  public void count(Reason reason) {
    counts.get(reason).increment();
  }

  public long get(Reason reason) {
    return counts.get(reason).sum();
  }

  /** Reason code → count, every reason present (zeros included), sorted by code. */
  public Map<String, Long> snapshot() {
    Map<String, Long> result = new TreeMap<>();
    counts.forEach((reason, adder) -> result.put(reason.code(), adder.sum()));
    return result;
  }
}
