package org.meterflow.model.port;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Interval consumption of many meters, read from the time-series store in bulk, for time-of-day
 * tariffs: a billing run asks once for all its TOD meters, not once per meter.
 */
public interface IntervalEnergy {

  /** No interval data at all (every TOD bill falls back to its base window). */
  IntervalEnergy NONE = (serials, start, end, zone, maxInterval) -> CompletableFuture.completedFuture(Map.of());

  /**
   * For each of {@code serials} with readings in {@code [start, end]}: the imported kWh of each
   * interval between two consecutive readings, summed by the local hour of day (in {@code zone})
   * at which the interval starts — index 0..23 — as {@code TodSplit} assigns intervals. Intervals
   * longer than {@code maxInterval} are left out (they cannot be placed in a window); a meter
   * without any usable interval is absent.
   */
  CompletionStage<Map<String, double[]>> importByHourOfDay(Collection<String> serials, Instant start, Instant end,
      ZoneId zone, Duration maxInterval);
}
