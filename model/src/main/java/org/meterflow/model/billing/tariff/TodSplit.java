package org.meterflow.model.billing.tariff;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Splits interval consumption into a tariff's time-of-day windows. */
public final class TodSplit {

  /** Consumption of one interval that starts at {@code start}. */
  public record IntervalKwh(Instant start, double kwh) {}

  private TodSplit() {}

  /**
   * kWh per window name (every window present, zero if unused). Each interval is assigned whole
   * to the window owning the local hour of its start, so intervals should not cross a window edge
   * (15- and 30-minute intervals aligned to the hour never do).
   */
  public static Map<String, Double> split(List<IntervalKwh> intervals, TodEnergy tod, ZoneId zone) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (TodWindow w : tod.windows()) {
      out.put(w.name(), 0.0);
    }
    for (IntervalKwh i : intervals) {
      int hour = i.start().atZone(zone).getHour();
      out.merge(tod.windowAt(hour).name(), i.kwh(), Double::sum);
    }
    return out;
  }
}
