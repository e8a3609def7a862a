package org.meterflow.http.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.meterflow.model.billing.bill.Bill;
import org.meterflow.model.billing.bill.BillLine;
import org.meterflow.model.billing.ledger.StoredBill;

/** A bill as the API shows it ({@code GET /api/v1/bills/{id}}), amounts in INR. */
public record BillView(
    String id,
    String serial,
    String consumerId,
    String period,
    LocalDate periodStart,
    LocalDate periodEnd,
    int revision,
    boolean superseded,
    String revisionReason,
    String tariffCode,
    BigDecimal importKwh,
    BigDecimal exportKwh,
    BigDecimal billedKwh,
    List<Line> lines,
    BigDecimal total,
    String currency,
    LocalDate dueDate,
    boolean estimated,
    List<String> estimationMethods,
    Instant issuedAt,
    String pdf) {

  public record Line(String kind, String description, BigDecimal quantity, BigDecimal rate, BigDecimal amount) {}

  public static BillView of(StoredBill s) {
    Bill b = s.bill();
    return new BillView(s.id(), b.meterSerial(), s.consumerId(), b.period().label().toString(), b.period().start(),
        b.period().end(), s.revision(), s.superseded(), s.revisionReason(), b.tariffCode(), b.importKwh(), b.exportKwh(),
        b.billedKwh(), b.lines().stream().map(BillView::line).toList(), b.total(), "INR", b.dueDate(), b.estimated(),
        b.methods().stream().map(Enum::name).sorted().toList(), s.issuedAt(), "/api/v1/bills/" + s.id() + ".pdf");
  }

  private static Line line(BillLine l) {
    return new Line(l.kind().name(), l.description(), plain(l.quantity()), plain(l.rate()), l.amount());
  }

  private static BigDecimal plain(BigDecimal v) {
    if (v == null) {
      return null;
    }
    BigDecimal s = v.stripTrailingZeros();
    return s.scale() < 0 ? s.setScale(0) : s;
  }
}
