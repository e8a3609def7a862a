package org.meterflow.http.api;

import com.fasterxml.jackson.annotation.JsonAlias;
import org.meterflow.model.meter.MeterRegistration;

/** Body of {@code POST /api/v1/meters}; only {@code serial} is required, the rest has utility defaults. */
public record RegisterMeterRequest(
    String serial,
    @JsonAlias("consumer") String consumerId,
    @JsonAlias("tariff") String tariffCategory,
    String region,
    String substation,
    String feeder,
    String dt,
    Double nominalVoltage,
    Double nominalFrequency,
    Integer cycleGroup,
    Boolean netMetered) {

  /** The master data; throws IllegalArgumentException with a readable message when invalid. */
  public MeterRegistration toRegistration() {
    if (serial == null || serial.isBlank()) {
      throw new IllegalArgumentException("serial is required");
    }
    return new MeterRegistration(serial, consumerId, tariffCategory, region, substation, feeder, dt,
        nominalVoltage == null ? 230.0 : nominalVoltage,
        nominalFrequency == null ? 50.0 : nominalFrequency,
        cycleGroup == null ? 1 : cycleGroup,
        netMetered != null && netMetered);
  }
}
