package org.meterflow.app.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.meterflow.model.forecast.LoadSeries;
import org.meterflow.model.network.AssetKind;
import org.meterflow.model.port.LoadPoint;
import org.meterflow.model.port.NetworkLevel;
import org.meterflow.model.port.ReadingStore;

/** Area loads from the time-series store, read on a blocking thread with a bounded wait. */
final class AreaLoads {

  private final ReadingStore store;
  private final Duration timeout;

  AreaLoads(ReadingStore store, Duration timeout) {
    this.store = store;
    this.timeout = timeout;
  }

  static NetworkLevel level(AssetKind kind) {
    return kind == AssetKind.DT ? NetworkLevel.DT : NetworkLevel.FEEDER;
  }

  /** The load points of an area in [from, to); blocks at most the query timeout (plus a second). */
  List<LoadPoint> points(NetworkLevel level, String id, Instant from, Instant to, Duration step) {
    return Blocking.await(store.load(level, id, from, to, step), timeout.plusSeconds(1));
  }

  /**
   * The area's load as a regular series of {@code n} intervals from {@code start} (on the store's
   * UTC-aligned grid); intervals with no meter reporting are missing (NaN), never zero.
   */
  static LoadSeries series(List<LoadPoint> points, Instant start, Duration step, int n, ToDoubleFunction<LoadPoint> value) {
    double[] values = new double[n];
    java.util.Arrays.fill(values, Double.NaN);
    long s = step.getSeconds();
    for (LoadPoint p : points) {
      long offset = p.ts().getEpochSecond() - start.getEpochSecond();
      if (p.meters() <= 0 || offset < 0 || offset % s != 0 || offset / s >= n) {
        continue;
      }
      double v = value.applyAsDouble(p);
      values[(int) (offset / s)] = Double.isFinite(v) ? v : Double.NaN;
    }
    return LoadSeries.of(start, step, values);
  }

  /** {@code t} rounded down to a multiple of {@code step} since the epoch (the store's bucket grid). */
  static Instant floor(Instant t, Duration step) {
    long s = step.getSeconds();
    return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), s) * s);
  }
}
