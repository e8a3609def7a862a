package org.meterflow.model.port;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.meterflow.model.forecast.DayAheadForecast;

/**
 * Day-ahead forecasts kept beside the actuals in the time-series store, one row per
 * (series, quantity, interval): a newer run replaces the older forecast of the same interval.
 * Series are named by a level ({@code region}, {@code feeder}, {@code dt}) and an id; the quantity
 * is {@code kw} (demand) or {@code kva} (loading, for capacity checks).
 */
public interface ForecastStore {

  /** One stored forecast interval. */
  record StoredPoint(Instant ts, double point, double lo80, double hi80, double lo95, double hi95, Instant issuedAt) {}

  /** Stores every interval of {@code forecast}, issued at {@code issuedAt}; completes when durable. */
  CompletionStage<Void> write(String level, String id, String quantity, DayAheadForecast forecast, Instant issuedAt);

  /** The stored intervals in [from, to), oldest first. */
  CompletionStage<List<StoredPoint>> read(String level, String id, String quantity, Instant from, Instant to);
}
