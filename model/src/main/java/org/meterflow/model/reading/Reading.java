package org.meterflow.model.reading;

import java.time.Instant;
import java.util.Objects;

/**
 * One reading as a meter reports it: the cumulative registers and the instantaneous quantities
 * at {@code ts}. Field names are those of the MQTT payload ({@code docs/reading.schema.json}) and
 * of the HTTP API.
 *
 * @param serial      the meter's serial number (equals its certificate CN)
 * @param seq         the meter's own sequence number, increasing by one per reading
 * @param ts          the instant the meter took the reading (UTC)
 * @param importKwh   cumulative imported energy register, kWh
 * @param exportKwh   cumulative exported energy register, kWh (0 for meters that are not net-metered)
 * @param voltage     instantaneous RMS voltage, V
 * @param current     instantaneous RMS current, A
 * @param frequency   instantaneous frequency, Hz
 * @param powerFactor power factor, or {@code null} where the meter does not report it
 */
public record Reading(
    String serial,
    long seq,
    Instant ts,
    double importKwh,
    double exportKwh,
    double voltage,
    double current,
    double frequency,
    Double powerFactor) {

  public Reading {
    Objects.requireNonNull(serial, "serial");
    Objects.requireNonNull(ts, "ts");
  }
}
