package org.meterflow.model.billing.ledger;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeSet;
import org.meterflow.model.billing.bill.Bill;
import org.meterflow.model.billing.bill.BillLine;

/**
 * A digest of everything a consumer sees on a bill (kWh, tariff, every line, total, the estimated
 * mark and methods), so a rerun can tell "nothing changed" without loading the issued bill's lines.
 * Numbers enter in canonical form (trailing zeros stripped), so 1.50 and 1.5 digest alike.
 */
public final class BillFingerprint {

  private BillFingerprint() {}

  public static String of(Bill bill) {
    StringBuilder s = new StringBuilder(256);
    s.append(bill.meterSerial()).append('|').append(bill.period()).append('|').append(bill.tariffCode())
        .append('|').append(n(bill.importKwh())).append('|').append(n(bill.exportKwh()))
        .append('|').append(n(bill.billedKwh())).append('|').append(n(bill.total()))
        .append('|').append(bill.dueDate()).append('|').append(bill.estimated())
        .append('|').append(new TreeSet<>(bill.methods().stream().map(Enum::name).toList()));
    for (BillLine l : bill.lines()) {
      s.append('\n').append(l.kind()).append('|').append(l.description()).append('|').append(n(l.quantity()))
          .append('|').append(n(l.rate())).append('|').append(n(l.amount()));
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  private static String n(BigDecimal v) {
    return v == null ? "-" : v.stripTrailingZeros().toPlainString();
  }
}
