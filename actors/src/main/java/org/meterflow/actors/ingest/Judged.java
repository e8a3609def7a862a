package org.meterflow.actors.ingest;

import java.time.Instant;
import java.util.List;
import org.meterflow.model.reading.AcceptedReading;

/**
 * A message after its readings were judged: the new readings to store, the redelivered copies to
 * store again (idempotent; not counted as accepted), and when it arrived.
 */
record Judged(IngestMessage message, Instant receivedAt, List<AcceptedReading> accepted,
    List<AcceptedReading> redelivered) {

  Judged(IngestMessage message, Instant receivedAt) {
    this(message, receivedAt, List.of(), List.of());
  }

  int toStore() {
    return accepted.size() + redelivered.size();
  }
}
