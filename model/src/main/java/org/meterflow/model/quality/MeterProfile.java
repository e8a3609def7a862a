package org.meterflow.model.quality;

import java.util.Objects;
import org.meterflow.model.meter.MeterRegistration;

/** What the rules need to know about a meter: its serial, nominal values and net-metering. */
public record MeterProfile(String serial, double nominalVoltage, double nominalFrequency, boolean netMetered) {

  public MeterProfile {
    Objects.requireNonNull(serial, "serial");
    if (nominalVoltage <= 0 || nominalFrequency <= 0) {
      throw new IllegalArgumentException("nominal values must be positive");
    }
  }

  public static MeterProfile of(MeterRegistration r) {
    return new MeterProfile(r.serial(), r.nominalVoltage(), r.nominalFrequency(), r.netMetered());
  }
}
