package org.meterflow.model.billing.tariff;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * Time-of-day pricing: a base rate per kWh and windows covering each hour of the day exactly once,
 * each with a multiplier (peak above 1, off-peak below). Needs the month's kWh per window, see
 * {@link TodSplit}.
 *
 * @param baseWindow the window that takes the whole consumption when no split is available
 *     (e.g. an estimated month without interval data)
 */
public record TodEnergy(BigDecimal baseRatePerKwh, List<TodWindow> windows, String baseWindow) implements EnergyCharge {

  public TodEnergy {
    Objects.requireNonNull(baseRatePerKwh, "baseRatePerKwh");
    windows = List.copyOf(windows);
    for (int hour = 0; hour < 24; hour++) {
      int owners = 0;
      for (TodWindow w : windows) {
        owners += w.contains(hour) ? 1 : 0;
      }
      if (owners != 1) {
        throw new IllegalArgumentException("hour " + hour + " is in " + owners + " TOD windows");
      }
    }
    if (windows.stream().noneMatch(w -> w.name().equals(baseWindow))) {
      throw new IllegalArgumentException("unknown base window " + baseWindow);
    }
  }

  /** The window named {@code name}, or {@code null}. */
  public TodWindow window(String name) {
    for (TodWindow w : windows) {
      if (w.name().equals(name)) {
        return w;
      }
    }
    return null;
  }

  /** The window owning local hour-of-day {@code hour}. */
  public TodWindow windowAt(int hour) {
    for (TodWindow w : windows) {
      if (w.contains(hour)) {
        return w;
      }
    }
    throw new IllegalStateException("no window for hour " + hour);
  }

  /** Rate of a window: base rate × multiplier, unrounded (only line amounts are rounded). */
  public BigDecimal rate(TodWindow w) {
    return baseRatePerKwh.multiply(w.multiplier());
  }
}
