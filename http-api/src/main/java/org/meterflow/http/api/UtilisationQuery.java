package org.meterflow.http.api;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.meterflow.model.network.AssetKind;
import org.meterflow.model.utilisation.UtilisationStat;

/** The utilisation matrix of every rated DT or feeder of a region, for {@code GET /api/v1/utilisation}. */
public interface UtilisationQuery {

  /** Loads in [from, to) of each rated asset of {@code kind} (and {@code region}, null = all). */
  CompletionStage<Report> utilisation(AssetKind kind, String region, Instant from, Instant to, UtilisationStat stat);

  /**
   * The answer.
   *
   * @param zone      the zone whose local weekday and hour the cells use
   * @param high      warning share (flag {@code high} at or above)
   * @param overload  overload share (flag {@code overload} at or above)
   * @param step      the load interval (mean load per interval), e.g. {@code PT15M}
   */
  record Report(String level, String region, Instant from, Instant to, String stat, String zone, String step,
      double high, double overload, List<AssetUtilisation> assets) {}

  /**
   * One asset: whole-window peak, p95 and mean utilisation (load ÷ rating, 1.0 = 100 %), the chosen
   * statistic and its flag, how many cells reach the warning and overload shares, and the
   * 7 × 24 matrix of the chosen statistic (rows Monday … Sunday, columns local hour 0 … 23;
   * null where no load was measured).
   */
  record AssetUtilisation(String kind, String id, String region, String feeder, double ratedKva, int samples,
      Double peak, Double p95, Double mean, Double value, String flag, int cellsHigh, int cellsOverload,
      List<List<Double>> matrix) {}
}
