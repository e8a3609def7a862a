package org.meterflow.actors.ingest;

import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.stream.connectors.mqtt.MqttConnectionSettings;
import org.apache.pekko.stream.connectors.mqtt.MqttQoS;
import org.apache.pekko.stream.connectors.mqtt.MqttSubscriptions;
import org.apache.pekko.stream.connectors.mqtt.javadsl.MqttMessageWithAck;
import org.apache.pekko.stream.connectors.mqtt.javadsl.MqttSource;
import org.apache.pekko.stream.javadsl.Source;
import org.meterflow.mqtt.payload.ReadingTopic;

/**
 * The ingest's edge to an MQTT subscription (pekko-connectors-mqtt, at least once, decisions §2):
 * the readings topics subscribed to, and each message adapted into an {@link IngestMessage} once, as
 * it arrives. Nothing past this edge sees the library's types.
 */
final class MqttSubscription {

  private MqttSubscription() {}

  /**
   * The readings of every meter and gateway, from one connection.
   *
   * @param shareGroup the {@code $share} group every ingest client joins; blank for none
   * @param bufferSize messages buffered before backpressure
   * @return the messages; its value completes when the broker acknowledged the subscription
   */
  static Source<IngestMessage, CompletionStage<Done>> readings(MqttConnectionSettings connection, String shareGroup,
      int bufferSize) {
    String group = shareGroup.isBlank() ? "" : "$share/" + shareGroup + "/";
    MqttSubscriptions subscriptions = MqttSubscriptions
        .create(group + ReadingTopic.METERS_FILTER, MqttQoS.atLeastOnce())
        .addSubscription(group + ReadingTopic.GATEWAYS_FILTER, MqttQoS.atLeastOnce());
    return MqttSource.atLeastOnce(connection, subscriptions, bufferSize).map(MqttSubscription::toIngestMessage);
  }

  /**
   * The topic is parsed here, the one place that knows only its name; the subscription is not told
   * who published, so the client id stays unknown. The payload's bytes are those the library
   * received, not copied again. A message the ingest gives up on is left unacknowledged: the broker
   * sends it again once the connection restarts.
   */
  static IngestMessage toIngestMessage(MqttMessageWithAck received) {
    String topicName = received.message().topic();
    byte[] payload = received.message().payload().toArrayUnsafe();
    return ReadingTopic.parse(topicName)
        .map(topic -> IngestMessage.of(topic, null, payload, received::ack))
        .orElseGet(() -> IngestMessage.stray(topicName, payload, received::ack));
  }
}
