package org.meterflow.model.network;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A feeder or distribution transformer with its rated capacity (network master data). DT ids are
 * unique across the utility; {@code feeder} of a DT is the feeder it hangs on, of a feeder its own id.
 *
 * @param kind     feeder or DT
 * @param id       the asset's id, as meters name it in their registration
 * @param region   region (circle) it belongs to
 * @param feeder   the feeder (for a feeder: its own id)
 * @param ratedKva nameplate rating in kVA, > 0
 */
public record RatedAsset(AssetKind kind, String id, String region, String feeder, double ratedKva) {

  /** What an id, region or feeder name may look like (safe in URLs, CSV and SQL literals). */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");

  public RatedAsset {
    Objects.requireNonNull(kind, "kind");
    requireName("id", id);
    requireName("region", region);
    if (kind == AssetKind.FEEDER && feeder == null) {
      feeder = id;
    }
    requireName("feeder", feeder);
    if (kind == AssetKind.FEEDER && !feeder.equals(id)) {
      throw new IllegalArgumentException("a feeder's feeder must be itself: " + id + " vs " + feeder);
    }
    if (!(ratedKva > 0) || Double.isInfinite(ratedKva)) {
      throw new IllegalArgumentException("ratedKva must be a positive number of kVA, not " + ratedKva);
    }
  }

  private static void requireName(String what, String value) {
    if (value == null || !NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(what + " must match " + NAME.pattern() + ", not '" + value + "'");
    }
  }
}
