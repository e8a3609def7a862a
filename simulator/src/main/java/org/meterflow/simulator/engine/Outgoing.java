package org.meterflow.simulator.engine;

/**
 * One MQTT message to publish and what it carries, so acknowledgements can be counted by kind.
 *
 * @param clean            readings the platform should accept
 * @param duplicates       readings sent a second time (the platform counts them as duplicates)
 * @param malformed        deliberately malformed messages/elements (rejected as malformed)
 * @param rejectedExpected readings the platform must reject (register rollback)
 * @param skewed           readings with a skewed clock (accepted or rejected depending on the skew)
 */
public record Outgoing(String topic, byte[] payload, int clean, int duplicates, int malformed, int rejectedExpected,
    int skewed) {

  /** Every reading in the message, whatever its kind. */
  public int readings() {
    return clean + duplicates + rejectedExpected + skewed;
  }
}
