package org.meterflow.model.billing.bill;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a recomputed bill must replace an issued one for the same meter and period.
 *
 * @param needed false when nothing a consumer can see changed (rerunning a period is idempotent)
 * @param totalDelta recomputed total minus previous total
 * @param reasons what changed, for the revision record
 */
public record Revision(boolean needed, BigDecimal totalDelta, List<String> reasons) {

  public Revision {
    reasons = List.copyOf(reasons);
  }

  /**
   * Compares an issued bill with a recomputation. A revision is needed when any quantity, rate or
   * amount differs (a later true reading changed the consumption, or the lines), or when an
   * estimated bill can now be confirmed by readings (estimated → actual) even at equal amounts. An
   * actual bill later recomputed as estimated (readings lost) is not revised.
   */
  public static Revision between(Bill previous, Bill recomputed) {
    if (!previous.meterSerial().equals(recomputed.meterSerial()) || !previous.period().equals(recomputed.period())) {
      throw new IllegalArgumentException("bills of different meters or periods: "
          + previous.meterSerial() + " " + previous.period() + " vs " + recomputed.meterSerial() + " " + recomputed.period());
    }
    List<String> reasons = new ArrayList<>();
    if (!Money.same(previous.importKwh(), recomputed.importKwh())) {
      reasons.add("import " + previous.importKwh() + " → " + recomputed.importKwh() + " kWh");
    }
    if (!Money.same(previous.exportKwh(), recomputed.exportKwh())) {
      reasons.add("export " + previous.exportKwh() + " → " + recomputed.exportKwh() + " kWh");
    }
    if (!previous.tariffCode().equals(recomputed.tariffCode())) {
      reasons.add("tariff " + previous.tariffCode() + " → " + recomputed.tariffCode());
    }
    if (!sameLines(previous.lines(), recomputed.lines())) {
      reasons.add("bill lines changed");
    }
    if (!Money.same(previous.total(), recomputed.total())) {
      reasons.add("total " + previous.total() + " → " + recomputed.total());
    }
    if (previous.estimated() && !recomputed.estimated()) {
      reasons.add("estimate replaced by actual readings");
    }
    return new Revision(!reasons.isEmpty(), recomputed.total().subtract(previous.total()), reasons);
  }

  private static boolean sameLines(List<BillLine> a, List<BillLine> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).sameAs(b.get(i))) {
        return false;
      }
    }
    return true;
  }
}
