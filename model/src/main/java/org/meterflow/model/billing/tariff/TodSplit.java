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

  /**
   * kWh per window name (every window present) from kWh per local hour of day ({@code kwhByHour[h]}
   * for hour h, 24 entries), e.g. interval data summed by the hour each interval starts in. A
   * negative hour (a register that ran backwards) counts as zero.
   */
  public static Map<String, Double> byHourOfDay(double[] kwhByHour, TodEnergy tod) {
    if (kwhByHour.length != 24) {
      throw new IllegalArgumentException("24 hours expected, got " + kwhByHour.length);
    }
    Map<String, Double> out = new LinkedHashMap<>();
    for (TodWindow w : tod.windows()) {
      out.put(w.name(), 0.0);
    }
    for (int hour = 0; hour < 24; hour++) {
      out.merge(tod.windowAt(hour).name(), Math.max(0.0, kwhByHour[hour]), Double::sum);
    }
    return out;
  }
}
