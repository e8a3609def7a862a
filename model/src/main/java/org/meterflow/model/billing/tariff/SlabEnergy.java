package org.meterflow.model.billing.tariff;

import java.math.BigDecimal;
import java.util.List;

/**
 * Telescopic slabs: each slab's rate applies only to the units that fall inside it. A single
 * unbounded slab is a flat rate.
 */
public record SlabEnergy(List<Slab> slabs) implements EnergyCharge {

  public SlabEnergy {
    slabs = List.copyOf(slabs);
    if (slabs.isEmpty() || slabs.get(slabs.size() - 1).upToKwh() != null) {
      throw new IllegalArgumentException("the last slab must be unbounded");
    }
    BigDecimal previous = BigDecimal.ZERO;
    for (int i = 0; i < slabs.size() - 1; i++) {
      BigDecimal limit = slabs.get(i).upToKwh();
      if (limit == null || limit.compareTo(previous) <= 0) {
        throw new IllegalArgumentException("slab limits must be bounded and ascending: " + slabs);
      }
      previous = limit;
    }
  }

  public static SlabEnergy of(Slab... slabs) {
    return new SlabEnergy(List.of(slabs));
  }
}
