package org.meterflow.mqtt.broker;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PUBACK the embedded broker holds for one reading message it handed to the platform
 * (decisions §25). {@link #accept()}: call it once every reading the message carried is durable;
 * the broker sends the PUBACK. {@link #refuse(String)}: no PUBACK (an MQTT 3 publisher is
 * disconnected and publishes again after it reconnects). Only the first decision counts; a message
 * nobody decides on is refused by the broker after the hand-over timeout, and a decision that comes
 * after that is ignored here: it never reaches whoever decided.
 */
public final class HeldPuback {

  private static final Logger log = LoggerFactory.getLogger(HeldPuback.class);

  private final String clientId;
  private final Consumer<String> decision;
  private final AtomicBoolean decided = new AtomicBoolean();

  /**
   * @param clientId the publisher, for the log
   * @param decision called once: with {@code null} to acknowledge, with a reason to refuse
   */
  public HeldPuback(String clientId, Consumer<String> decision) {
    this.clientId = Objects.requireNonNull(clientId, "clientId");
    this.decision = Objects.requireNonNull(decision, "decision");
  }

  /** A message with no PUBACK to hold (QoS 0): deciding on it does nothing. */
  public static HeldPuback none(String clientId) {
    return new HeldPuback(clientId, reason -> { });
  }

  /** Lets the broker acknowledge the message (PUBACK). */
  public void accept() {
    decide(null);
  }

  /** The broker does not acknowledge the message; the publisher sends it again. */
  public void refuse(String reason) {
    decide(Objects.requireNonNullElse(reason, "refused"));
  }

  private void decide(String reason) {
    if (!decided.compareAndSet(false, true)) {
      return;
    }
    try {
      decision.accept(reason);
    } catch (RuntimeException late) {
      // Decided after the broker's timeout had already refused it: the publisher sends it again,
      // and the copy is idempotent (decisions §12). Never let this reach the ingest stream.
      log.debug("hand-over of a message from '{}' decided after its timeout: {}", clientId, late.toString());
    }
  }
}
