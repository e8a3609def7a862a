package org.meterflow.mqtt.broker;

/** Where the embedded broker hands reading messages over (the platform's ingest). */
@FunctionalInterface
public interface InboundReadings {

  /**
   * Takes a message or says no at once (e.g. the ingest's buffer is full or it is stopping), in
   * which case the broker refuses it. A message taken must be decided on later.
   */
  boolean offer(InboundReading reading);
}
