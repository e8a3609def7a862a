package org.meterflow.model.quality;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of feeding one reading (or one timer tick) to the detector.
 *
 * @param state   the new state
 * @param raised  events raised by this step (open)
 * @param cleared events cleared by this step (with clearedAt and final evidence)
 */
public record DetectorStep(MeterQualityState state, List<QualityEvent> raised, List<QualityEvent> cleared) {

  public DetectorStep {
    Objects.requireNonNull(state, "state");
    raised = List.copyOf(raised);
    cleared = List.copyOf(cleared);
  }

  public boolean isQuiet() {
    return raised.isEmpty() && cleared.isEmpty();
  }
}
