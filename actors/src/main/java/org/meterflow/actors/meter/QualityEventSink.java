package org.meterflow.actors.meter;

import org.meterflow.model.meter.MeterRegistration;
import org.meterflow.model.quality.QualityEvent;

/**
 * Where the meter entity sends a power-quality, outage or tamper event once it is journaled:
 * raised (open) and again when cleared. Implementations must not block the entity (hand the
 * work to their own executor); the journal stays the source of truth.
 */
@FunctionalInterface
public interface QualityEventSink {

  /** An event of a meter (or of an area: {@code where} is then any member's registration). */
  void publish(QualityEvent event, MeterRegistration where);

  QualityEventSink NONE = (event, where) -> { };
}
