package org.meterflow.model.quality;

import java.util.Objects;

/**
 * The aggregator's memory for one DT or feeder.
 *
 * @param area the DT or feeder id
 * @param open the open area-outage event, or null
 */
public record AreaOutageState(String area, QualityEvent open) {

  public AreaOutageState {
    Objects.requireNonNull(area, "area");
  }

  public static AreaOutageState idle(String area) {
    return new AreaOutageState(area, null);
  }

  /** True when {@code serial} is linked to the open area outage (its own outage may be suppressed). */
  public boolean links(String serial) {
    return open != null && open.linkedMeters().contains(serial);
  }
}
