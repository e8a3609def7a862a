package org.meterflow.model.meter;

import java.time.Instant;
import java.util.Objects;

/** A meter as the registry holds it: master data, lifecycle status and its certificate's serial. */
public record RegisteredMeter(
    MeterRegistration registration, MeterStatus status, String certificateSerial, Instant registeredAt) {

  public RegisteredMeter {
    Objects.requireNonNull(registration, "registration");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(registeredAt, "registeredAt");
  }

  public String serial() {
    return registration.serial();
  }
}
