package org.meterflow.model.billing.ledger;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A meter as a billing run needs it: who pays, under which tariff category, on which cycle day.
 *
 * @param sanctionedLoadKw from the consumer's account (1 kW when the consumer is not on file)
 */
public record BillableMeter(
    String serial, String consumerId, String category, int cycleDay, boolean netMetered, BigDecimal sanctionedLoadKw) {

  public BillableMeter {
    Objects.requireNonNull(serial, "serial");
    Objects.requireNonNull(consumerId, "consumerId");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(sanctionedLoadKw, "sanctionedLoadKw");
  }
}
