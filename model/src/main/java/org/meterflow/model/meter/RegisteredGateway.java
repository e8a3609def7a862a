package org.meterflow.model.meter;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A gateway (data concentrator) and the meters it may report for. It connects with its own
 * certificate (CN = id) and publishes batches on {@code gateways/{id}/readings}.
 */
public record RegisteredGateway(String id, MeterStatus status, Set<String> meters, String certificateSerial,
    Instant registeredAt) {

  public RegisteredGateway {
    Objects.requireNonNull(id, "id");
    if (!MeterRegistration.SERIAL.matcher(id).matches()) {
      throw new IllegalArgumentException("gateway id must match " + MeterRegistration.SERIAL.pattern());
    }
    Objects.requireNonNull(status, "status");
    meters = Set.copyOf(meters);
    Objects.requireNonNull(registeredAt, "registeredAt");
  }
}
