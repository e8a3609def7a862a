package org.meterflow.http.api;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.meterflow.model.network.AssetKind;
import org.meterflow.model.network.RatedAsset;

/** Network master data for {@code /api/v1/network}: rated kVA of feeders and DTs. */
public interface NetworkAdmin {

  /** Inserts or replaces a rating; true when the asset was new. */
  CompletionStage<Boolean> upsert(RatedAsset asset);

  /** Ratings, null filters = any. */
  CompletionStage<List<RatedAsset>> list(AssetKind kind, String region);

  /** Upserts all (one transaction per asset); completes with how many were new. */
  CompletionStage<Integer> upsertAll(List<RatedAsset> assets);

  /** An asset as the API shows it. */
  record AssetView(String kind, String id, String region, String feeder, double ratedKva) {
    static AssetView of(RatedAsset a) {
      return new AssetView(a.kind().code(), a.id(), a.region(), a.feeder(), a.ratedKva());
    }
  }
}
