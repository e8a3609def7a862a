package org.meterflow.http.api;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Day-ahead demand forecasts for {@code /api/v1/regions/{region}/forecast}. */
public interface ForecastQuery {

  /**
   * The stored forecast of a region (or one of its feeders) for a local date; null date = tomorrow.
   * Empty when no run has covered that date.
   */
  CompletionStage<Optional<ForecastView>> forecast(String region, String feeder, LocalDate date);

  /** Runs the forecast of a region, its feeders and the capacity check of its rated assets now. */
  CompletionStage<RunView> run(String region);

  /** One interval: point forecast and 80 %/95 % prediction interval in kW, plus the actual load where known. */
  record PointView(Instant ts, double kw, double lo80, double hi80, double lo95, double hi95, Double actual) {}

  /** A day's forecast of one series. */
  record ForecastView(String region, String feeder, String date, String zone, String step, Instant issuedAt,
      Double peakKw, Instant peakAt, List<PointView> points) {}

  /** What a run did: series forecast, series skipped for want of data, capacity events raised and cleared. */
  record RunView(String region, Instant issuedAt, List<String> forecast, List<String> skipped,
      List<String> capacityRaised, List<String> capacityCleared) {}
}
