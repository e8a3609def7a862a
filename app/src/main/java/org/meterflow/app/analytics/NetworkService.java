package org.meterflow.app.analytics;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.meterflow.http.api.NetworkAdmin;
import org.meterflow.model.network.AssetKind;
import org.meterflow.model.network.RatedAsset;
import org.meterflow.mysql.JdbcNetworkRatings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Network ratings for the API, on the blocking pool (JDBC). */
public final class NetworkService implements NetworkAdmin {

  private static final Logger log = LoggerFactory.getLogger(NetworkService.class);

  private final JdbcNetworkRatings ratings;
  private final Executor blocking;

  public NetworkService(JdbcNetworkRatings ratings, Executor blocking) {
    this.ratings = ratings;
    this.blocking = blocking;
  }

  @Override
  public CompletionStage<Boolean> upsert(RatedAsset asset) {
    return CompletableFuture.supplyAsync(() -> {
      boolean created = ratings.upsert(asset);
      log.info("{} {} rated {} kVA ({})", asset.kind().code(), asset.id(), asset.ratedKva(), created ? "new" : "updated");
      return created;
    }, blocking);
  }

  @Override
  public CompletionStage<List<RatedAsset>> list(AssetKind kind, String region) {
    return CompletableFuture.supplyAsync(() -> ratings.list(kind, region), blocking);
  }

  @Override
  public CompletionStage<Integer> upsertAll(List<RatedAsset> assets) {
    return CompletableFuture.supplyAsync(() -> {
      int created = 0;
      for (RatedAsset a : assets) {
        if (ratings.upsert(a)) {
          created++;
        }
      }
      log.info("imported {} ratings ({} new)", assets.size(), created);
      return created;
    }, blocking);
  }
}
