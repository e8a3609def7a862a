package org.meterflow.model.port;

import java.util.Objects;
import org.meterflow.model.quality.QualityEvent;

/**
 * A state change of an event (raised, or cleared) as a point in the time-series store, beside the
 * readings, stamped with the time of the change and carrying where in the network it happened.
 */
public record EventPoint(QualityEvent event, String region, String feeder, String dt) {

  public EventPoint {
    Objects.requireNonNull(event, "event");
  }
}
