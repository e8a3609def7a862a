package org.meterflow.model.port;

import java.util.List;
import java.util.Optional;
import org.meterflow.model.network.AssetKind;
import org.meterflow.model.network.RatedAsset;

/** Network master data: rated capacity of each feeder and distribution transformer. */
public interface NetworkRatings {

  /** Inserts or replaces the asset's rating; true when it was new. */
  boolean upsert(RatedAsset asset);

  Optional<RatedAsset> find(AssetKind kind, String id);

  /** Assets ordered by kind, region and id; null filters mean any. */
  List<RatedAsset> list(AssetKind kind, String region);
}
