package org.meterflow.mqtt.broker;

import org.meterflow.mqtt.payload.ReadingTopic;

/** Where the embedded broker hands reading messages over (the platform's ingest, decisions §25). */
@FunctionalInterface
public interface InboundReadings {

  /**
   * Takes a message or says no at once (e.g. the ingest's buffer is full or it is stopping), in
   * which case the broker refuses it. A message taken must be decided on later through {@code puback}.
   *
   * @param topic    the readings topic as the broker knew it: the publisher's kind (meter or gateway)
   *                 and its id, which is the client id (a client publishes only on its own topic)
   * @param clientId the publisher's MQTT client id
   * @param payload  the message's bytes, copied once out of the broker (not copied again: do not modify)
   * @param puback   the publisher's PUBACK, held until the readings are durable
   */
  boolean offer(ReadingTopic topic, String clientId, byte[] payload, HeldPuback puback);
}
