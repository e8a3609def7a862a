package org.meterflow.actors.ingest;

import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.meterflow.mqtt.payload.ReadingTopic;

/**
 * One message of readings as the ingest takes it, whichever way it came: from the embedded broker's
 * hand-over (decisions §25) or from an MQTT subscription. Each source builds it once, with what it
 * already knew: the topic's kind and id (meter or gateway), the publisher's client id where the
 * broker told it, the payload's bytes (held here, not copied again) and how to settle the message
 * with the source. Identity is the message's: two messages are never equal.
 */
public final class IngestMessage {

  /**
   * How the ingest settles a message with its source. {@link #ack()} once every reading it carried
   * is durable (time-series store and lake, decisions §2); {@link #refuse(String)} when the ingest
   * gives up on it, so the publisher sends it again sooner than a timeout would make it.
   */
  public interface Ack {

    /** The source may acknowledge the message (PUBACK); completes when it did. */
    CompletionStage<Done> ack();

    /** The source does not acknowledge the message. By default nothing: it stays unacknowledged. */
    default void refuse(String reason) {}
  }

  private final ReadingTopic topic;
  private final String strayTopic;
  private final String clientId;
  private final byte[] payload;
  private final Ack ack;

  private IngestMessage(ReadingTopic topic, String strayTopic, String clientId, byte[] payload, Ack ack) {
    this.topic = topic;
    this.strayTopic = strayTopic;
    this.clientId = clientId;
    this.payload = Objects.requireNonNull(payload, "payload");
    this.ack = Objects.requireNonNull(ack, "ack");
  }

  /**
   * A message on a readings topic.
   *
   * @param clientId the publisher's client id, or null where the source does not know it (an MQTT
   *                 subscription is not told who published)
   */
  public static IngestMessage of(ReadingTopic topic, String clientId, byte[] payload, Ack ack) {
    return new IngestMessage(Objects.requireNonNull(topic, "topic"), null, clientId, payload, ack);
  }

  /** A message that arrived on a topic that is not a readings topic: it is rejected, then acked. */
  public static IngestMessage stray(String topicName, byte[] payload, Ack ack) {
    return new IngestMessage(null, Objects.requireNonNull(topicName, "topicName"), null, payload, ack);
  }

  /** False for a {@link #stray} message. */
  public boolean onReadingsTopic() {
    return topic != null;
  }

  /** The readings topic: the kind and id of the meter or gateway; null for a {@link #stray} message. */
  public ReadingTopic topic() {
    return topic;
  }

  /** The name of the topic a {@link #stray} message arrived on; null for any other. */
  public String strayTopic() {
    return strayTopic;
  }

  /** The publisher's client id, where the source knew it; else null. */
  public String clientId() {
    return clientId;
  }

  /** The message's bytes (not copied: do not modify). */
  public byte[] payload() {
    return payload;
  }

  public CompletionStage<Done> ack() {
    return ack.ack();
  }

  public void refuse(String reason) {
    ack.refuse(reason);
  }

  @Override
  public String toString() {
    return "IngestMessage[" + (topic != null ? topic : strayTopic) + ", " + payload.length + " bytes]";
  }
}
