package org.meterflow.mqtt.broker;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A reading message a meter or gateway published to the embedded broker, handed to the platform
 * before the broker acknowledges it. The publisher's PUBACK waits for {@link #accept()}: call it
 * once every reading the message carried is durable. {@link #refuse(String)} sends no PUBACK (an
 * MQTT 3 publisher is disconnected and publishes again after it reconnects). Only the first
 * decision counts; a message nobody decides on is refused by the broker after the hand-over timeout.
 */
public final class InboundReading {

  private final String clientId;
  private final String topic;
  private final byte[] payload;
  private final Consumer<String> decision;
  private final AtomicBoolean decided = new AtomicBoolean();

  /**
   * @param decision called once: with {@code null} to acknowledge, with a reason to refuse
   */
  public InboundReading(String clientId, String topic, byte[] payload, Consumer<String> decision) {
    this.clientId = Objects.requireNonNull(clientId, "clientId");
    this.topic = Objects.requireNonNull(topic, "topic");
    this.payload = Objects.requireNonNull(payload, "payload");
    this.decision = Objects.requireNonNull(decision, "decision");
  }

  public String clientId() {
    return clientId;
  }

  public String topic() {
    return topic;
  }

  /** The message's bytes (not copied: do not modify). */
  public byte[] payload() {
    return payload;
  }

  /** Lets the broker acknowledge the message (PUBACK). */
  public void accept() {
    if (decided.compareAndSet(false, true)) {
      decision.accept(null);
    }
  }

  /** The broker does not acknowledge the message; the publisher sends it again. */
  public void refuse(String reason) {
    if (decided.compareAndSet(false, true)) {
      decision.accept(Objects.requireNonNullElse(reason, "refused"));
    }
  }
}
