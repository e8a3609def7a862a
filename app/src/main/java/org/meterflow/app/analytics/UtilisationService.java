package org.meterflow.app.analytics;

import java.time.DayOfWeek;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.meterflow.http.api.UtilisationQuery;
import org.meterflow.model.network.AssetKind;
import org.meterflow.model.network.RatedAsset;
import org.meterflow.model.port.LoadPoint;
import org.meterflow.model.utilisation.UtilisationMatrix;
import org.meterflow.model.utilisation.UtilisationStat;
import org.meterflow.mysql.JdbcNetworkRatings;

/**
 * The utilisation matrix of each rated asset: its kVA load per {@code meterflow.utilisation.step}
 * from the time-series store, divided by its rating, bucketed by local weekday × hour.
 */
public final class UtilisationService implements UtilisationQuery {

  private final JdbcNetworkRatings ratings;
  private final AreaLoads loads;
  private final AnalyticsSettings settings;
  private final Executor blocking;

  public UtilisationService(JdbcNetworkRatings ratings, org.meterflow.model.port.ReadingStore store,
      AnalyticsSettings settings, Executor blocking) {
    this.ratings = ratings;
    this.loads = new AreaLoads(store, settings.queryTimeout());
    this.settings = settings;
    this.blocking = blocking;
  }

  @Override
  public CompletionStage<Report> utilisation(AssetKind kind, String region, Instant from, Instant to, UtilisationStat stat) {
    return CompletableFuture.supplyAsync(() -> {
      List<AssetUtilisation> out = new ArrayList<>();
      for (RatedAsset asset : ratings.list(kind, region)) {
        UtilisationMatrix.Builder b = UtilisationMatrix.builder(asset.ratedKva(), settings.zone());
        for (LoadPoint p : loads.points(AreaLoads.level(kind), asset.id(), from, to, settings.utilisationStep())) {
          if (p.meters() > 0) {
            b.add(p.ts(), p.kva());
          }
        }
        out.add(view(asset, b.build(), stat));
      }
      return new Report(kind.code(), region, from, to, stat.code(), settings.zone().getId(),
          settings.utilisationStep().toString(), settings.thresholds().high(), settings.thresholds().overload(), out);
    }, blocking);
  }

  private AssetUtilisation view(RatedAsset a, UtilisationMatrix m, UtilisationStat stat) {
    List<List<Double>> grid = new ArrayList<>();
    for (DayOfWeek d : DayOfWeek.values()) {
      List<Double> row = new ArrayList<>();
      for (int h = 0; h < UtilisationMatrix.HOURS; h++) {
        row.add(finite(m.value(stat, d, h)));
      }
      grid.add(row);
    }
    return new AssetUtilisation(a.kind().code(), a.id(), a.region(), a.feeder(), a.ratedKva(), m.samples(),
        finite(m.overall(UtilisationStat.PEAK)), finite(m.overall(UtilisationStat.P95)),
        finite(m.overall(UtilisationStat.MEAN)), finite(m.overall(stat)), m.flag(stat, settings.thresholds()).code(),
        m.cellsAtOrAbove(stat, settings.thresholds().high()), m.cellsAtOrAbove(stat, settings.thresholds().overload()),
        grid);
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
