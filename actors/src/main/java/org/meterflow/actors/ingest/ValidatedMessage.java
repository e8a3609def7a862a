package org.meterflow.actors.ingest;

import java.time.Instant;
import java.util.List;
import org.meterflow.model.reading.AcceptedReading;

/**
 * A message after its meters validated its readings: the ingest's one result per message.
 *
 * @param message     the message, to ack once what it carried is durable
 * @param receivedAt  when the ingest took it from the broker
 * @param accepted    the new readings, in message order: shown live at once, stored, then counted
 * @param redelivered exact copies of readings accepted before: stored again (idempotent), not shown
 *                    or counted again (decisions §12)
 */
record ValidatedMessage(IngestMessage message, Instant receivedAt, List<AcceptedReading> accepted,
    List<AcceptedReading> redelivered) {

  /** A message with nothing to store (rejected, duplicates only, or empty). */
  ValidatedMessage(IngestMessage message, Instant receivedAt) {
    this(message, receivedAt, List.of(), List.of());
  }

  int toStore() {
    return accepted.size() + redelivered.size();
  }
}
