package org.meterflow.mqtt.payload;

import java.util.List;
import org.meterflow.model.reading.Reading;
import org.meterflow.model.reading.Verdict;

/**
 * One MQTT message taken apart: the readings that decoded cleanly and, for every part that did
 * not, a rejection with its reason. A malformed message yields one rejection and no readings.
 */
public record DecodedPayload(List<Reading> readings, List<Rejection> rejections) {

  public DecodedPayload {
    readings = List.copyOf(readings);
    rejections = List.copyOf(rejections);
  }

  /** A refused part of a message; {@code serial} is what the message claimed, or the topic's id. */
  public record Rejection(String serial, Verdict.Rejected verdict) {}
}
