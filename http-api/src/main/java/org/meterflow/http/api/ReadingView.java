package org.meterflow.http.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import org.meterflow.model.reading.AcceptedReading;
import org.meterflow.model.reading.Reading;

/** A reading as the API and the live feed show it: the MQTT payload's field names plus {@code receivedAt}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReadingView(String serial, long seq, Instant ts, double importKwh, double exportKwh, double voltage,
    double current, double frequency, Double powerFactor, Instant receivedAt) {

  public static ReadingView of(AcceptedReading accepted) {
    Reading r = accepted.reading();
    return new ReadingView(r.serial(), r.seq(), r.ts(), r.importKwh(), r.exportKwh(), r.voltage(), r.current(),
        r.frequency(), r.powerFactor(), accepted.receivedAt());
  }
}
