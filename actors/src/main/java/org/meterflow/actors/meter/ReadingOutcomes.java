package org.meterflow.actors.meter;

import java.util.List;
import org.meterflow.actors.CborSerializable;

/** The meter entity's answer to {@link MeterEntity.RecordReadings}: one outcome per reading, in order. */
public record ReadingOutcomes(List<ReadingOutcome> outcomes) implements CborSerializable {

  public ReadingOutcomes {
    outcomes = List.copyOf(outcomes);
  }
}
