package org.meterflow.model.meter;

import java.util.Objects;

/**
 * Where a meter sits in the utility's network: region (circle) → substation → 11 kV feeder →
 * distribution transformer. Stored readings carry it so that load can be summed per area.
 */
public record MeterLocation(String region, String substation, String feeder, String dt) {

  /** For readings whose meter's location is not known (e.g. written before registration data). */
  public static final MeterLocation UNKNOWN = new MeterLocation("unassigned", "unassigned", "unassigned", "unassigned");

  public MeterLocation {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(substation, "substation");
    Objects.requireNonNull(feeder, "feeder");
    Objects.requireNonNull(dt, "dt");
  }
}
