package org.meterflow.model.reading;

import java.time.Instant;
import java.util.Objects;

/** A reading that passed validation, with the instant the platform received it from the broker. */
public record AcceptedReading(Reading reading, Instant receivedAt) {

  public AcceptedReading {
    Objects.requireNonNull(reading, "reading");
    Objects.requireNonNull(receivedAt, "receivedAt");
  }

  public String serial() {
    return reading.serial();
  }
}
