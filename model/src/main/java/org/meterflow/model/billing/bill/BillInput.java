package org.meterflow.model.billing.bill;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.meterflow.model.billing.BillingPeriod;
import org.meterflow.model.billing.consumption.EstimationMethod;
import org.meterflow.model.billing.consumption.MeterConsumption;

/**
 * What a bill is computed from.
 *
 * @param sanctionedLoadKw for the per-kW fixed charge
 * @param importKwh billed units imported (3 decimals)
 * @param exportKwh units exported (3 decimals), 0 without net metering
 * @param todKwh kWh per TOD window name from interval data; empty when unknown or not a TOD tariff
 *     (only the proportions matter: the register difference is authoritative)
 * @param estimated carried from the consumption
 * @param methods estimation methods carried from the consumption
 */
public record BillInput(
    String meterSerial,
    String category,
    BillingPeriod period,
    BigDecimal sanctionedLoadKw,
    BigDecimal importKwh,
    BigDecimal exportKwh,
    Map<String, BigDecimal> todKwh,
    boolean estimated,
    Set<EstimationMethod> methods) {

  public BillInput {
    Objects.requireNonNull(meterSerial, "meterSerial");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(sanctionedLoadKw, "sanctionedLoadKw");
    Objects.requireNonNull(importKwh, "importKwh");
    Objects.requireNonNull(exportKwh, "exportKwh");
    if (importKwh.signum() < 0 || exportKwh.signum() < 0) {
      throw new IllegalArgumentException("consumption must be >= 0 (register reset?): " + importKwh + ", " + exportKwh);
    }
    todKwh = Map.copyOf(todKwh == null ? Map.of() : todKwh);
    methods = Set.copyOf(methods);
  }

  /** A read (not estimated) input without TOD split, e.g. for a slab tariff. */
  public static BillInput actual(
      String serial, String category, BillingPeriod period, String sanctionedKw, String importKwh, String exportKwh) {
    return new BillInput(serial, category, period, new BigDecimal(sanctionedKw), new BigDecimal(importKwh),
        new BigDecimal(exportKwh), Map.of(), false, Set.of());
  }

  /** This input flagged estimated, with {@code method} added to its estimation methods. */
  public BillInput withEstimate(EstimationMethod method) {
    Set<EstimationMethod> all = new java.util.HashSet<>(methods);
    all.add(method);
    return new BillInput(meterSerial, category, period, sanctionedLoadKw, importKwh, exportKwh, todKwh, true, all);
  }

  /**
   * From a computed consumption: kWh rounded HALF_UP to 0.001, estimation carried over; a negative
   * difference (register reset) is rejected.
   */
  public static BillInput from(
      String serial, String category, BigDecimal sanctionedKw, MeterConsumption c, Map<String, Double> todKwh) {
    Map<String, BigDecimal> tod = new LinkedHashMap<>();
    if (todKwh != null) {
      todKwh.forEach((k, v) -> tod.put(k, Money.kwh(v)));
    }
    return new BillInput(serial, category, c.period(), sanctionedKw, Money.kwh(c.importKwh()),
        Money.kwh(c.exportKwh()), tod, c.estimated(), c.methods());
  }
}
