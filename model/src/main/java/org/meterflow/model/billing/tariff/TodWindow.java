package org.meterflow.model.billing.tariff;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A time-of-day window [fromHour, toHour) in local wall-clock hours; it wraps past midnight when
 * {@code toHour <= fromHour} (22 → 6 is 22:00–06:00). Energy in the window is charged at the
 * tariff's base rate times {@code multiplier}.
 */
public record TodWindow(String name, int fromHour, int toHour, BigDecimal multiplier) {

  public TodWindow {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(multiplier, "multiplier");
    boolean wholeDay = fromHour == 0 && toHour == 24;
    if (fromHour < 0 || fromHour > 23 || toHour < 0 || toHour > 24 || (fromHour == toHour % 24 && !wholeDay)) {
      throw new IllegalArgumentException("bad window hours " + fromHour + "–" + toHour);
    }
    if (multiplier.signum() < 0) {
      throw new IllegalArgumentException("multiplier must be >= 0");
    }
  }

  /** Whether the local hour-of-day {@code hour} (0..23) falls in this window. */
  public boolean contains(int hour) {
    int to = toHour % 24;
    if (fromHour < to) {
      return hour >= fromHour && hour < to;
    }
    return hour >= fromHour || hour < to;
  }
}
