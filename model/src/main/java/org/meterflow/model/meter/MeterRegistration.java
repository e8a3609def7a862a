package org.meterflow.model.meter;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A meter's master data: who it bills, where it sits in the network and what it
 * should measure.
 *
 * @param serial           serial number; also the certificate CN and MQTT client id
 * @param consumerId       the consumer account billed for it
 * @param tariffCategory   tariff category, e.g. {@code domestic}, {@code commercial}
 * @param region           region (circle) of the utility
 * @param substation       substation feeding the feeder
 * @param feeder           11 kV feeder
 * @param dt               distribution transformer
 * @param nominalVoltage   nominal voltage, V (230 by default)
 * @param nominalFrequency nominal frequency, Hz (50 by default)
 * @param cycleGroup       billing cycle group (day of month the meter is billed)
 * @param netMetered       true when the consumer may export (rooftop solar)
 */
public record MeterRegistration(
    String serial,
    String consumerId,
    String tariffCategory,
    String region,
    String substation,
    String feeder,
    String dt,
    double nominalVoltage,
    double nominalFrequency,
    int cycleGroup,
    boolean netMetered) {

  /** Serials are printable identifiers safe in MQTT topics, certificate CNs and URLs. */
  public static final Pattern SERIAL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  public MeterRegistration {
    Objects.requireNonNull(serial, "serial");
    if (!SERIAL.matcher(serial).matches()) {
      throw new IllegalArgumentException("serial must match " + SERIAL.pattern());
    }
    consumerId = orDefault(consumerId, "unassigned");
    // Few distinct values shared by a million resident meters: one copy each (interned).
    tariffCategory = orDefault(tariffCategory, "domestic").intern();
    region = orDefault(region, "unassigned").intern();
    substation = orDefault(substation, "unassigned").intern();
    feeder = orDefault(feeder, "unassigned").intern();
    dt = orDefault(dt, "unassigned").intern();
    if (nominalVoltage <= 0) {
      nominalVoltage = 230.0;
    }
    if (nominalFrequency <= 0) {
      nominalFrequency = 50.0;
    }
    if (cycleGroup < 1 || cycleGroup > 28) {
      cycleGroup = 1;
    }
  }

  /** The meter's place in the network. */
  public MeterLocation location() {
    return new MeterLocation(region, substation, feeder, dt);
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
