package db.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.meterflow.model.billing.bill.BillLine;
import org.meterflow.model.billing.bill.LineKind;
import org.meterflow.mysql.billing.LineItems;

/**
 * V10 writes bill lines in its own frozen copy of the column format; the billing store reads them
 * with {@link LineItems}. They must agree: if this fails, the store's codec changed and bills
 * written by V10 (or before the change) need a migration of their own.
 */
class V10LineFormatTest {

  @Test
  void whatV10WritesTheBillingStoreReadsBackExactly() {
    List<BillLine> lines = List.of(
        new BillLine(LineKind.values()[0], "Energy 0-100 kWh", new BigDecimal("100.123456"), new BigDecimal("3.5"),
            new BigDecimal("350.43")),
        new BillLine(LineKind.values()[LineKind.values().length - 1], "tab\there, new\nline, back\\slash, cr\r",
            null, null, new BigDecimal("-12.01")),
        new BillLine(LineKind.values()[0], "x".repeat(250), BigDecimal.ONE, null, new BigDecimal("10.00")));
    StringBuilder v10 = new StringBuilder();
    for (BillLine l : lines) {
      if (!v10.isEmpty()) {
        v10.append('\n');
      }
      v10.append(V10__Bill_line_items.line(l.kind().name(), l.quantity(), l.rate(), l.amount(), l.description()));
    }
    assertThat(v10.toString()).isEqualTo(LineItems.encode(lines));
    assertThat(LineItems.decode(v10.toString())).hasSize(3);
    assertThat(LineItems.decode(v10.toString()).get(1).description()).isEqualTo("tab\there, new\nline, back\\slash, cr\r");
  }
}
