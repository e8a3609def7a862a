package org.meterflow.model.reading;

import java.time.Instant;
import java.util.Objects;
import org.meterflow.model.meter.MeterLocation;

/**
 * A reading that passed validation, with the instant the platform received it from the broker and
 * the meter's place in the network at that time (stored with the reading so load sums per area).
 */
public record AcceptedReading(Reading reading, Instant receivedAt, MeterLocation location) {

  public AcceptedReading {
    Objects.requireNonNull(reading, "reading");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(location, "location");
  }

  /** A reading of a meter whose location is not known. */
  public AcceptedReading(Reading reading, Instant receivedAt) {
    this(reading, receivedAt, MeterLocation.UNKNOWN);
  }

  public String serial() {
    return reading.serial();
  }
}
