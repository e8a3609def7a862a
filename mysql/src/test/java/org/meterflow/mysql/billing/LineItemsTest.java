package org.meterflow.mysql.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.meterflow.model.billing.BillingPeriod;
import org.meterflow.model.billing.bill.Bill;
import org.meterflow.model.billing.bill.BillCalculator;
import org.meterflow.model.billing.bill.BillInput;
import org.meterflow.model.billing.bill.BillLine;
import org.meterflow.model.billing.bill.LineKind;
import org.meterflow.model.billing.tariff.ExampleTariffs;

/** A bill's lines in one column: every line back in order, numbers at the former columns' scale. */
class LineItemsTest {

  @Test
  void aComputedBillsLinesComeBackEqual() {
    Bill bill = new BillCalculator(ExampleTariffs.book(), 15).calculate(
        BillInput.actual("M1", "domestic", BillingPeriod.ofMonth(java.time.YearMonth.of(2026, 10)), "2", "312.347", "0"));
    List<BillLine> back = LineItems.decode(LineItems.encode(bill.lines()));
    assertThat(back).hasSameSizeAs(bill.lines());
    for (int i = 0; i < back.size(); i++) {
      BillLine a = bill.lines().get(i);
      BillLine b = back.get(i);
      assertThat(b.kind()).isEqualTo(a.kind());
      assertThat(b.description()).isEqualTo(a.description());
      assertThat(b.amount()).isEqualTo(a.amount());
      assertThat(b.quantity()).isEqualByComparingTo(a.quantity());
      assertThat(b.quantity().scale()).isEqualTo(4);
    }
  }

  @Test
  void separatorsInADescriptionAreEscapedAndMissingNumbersStayMissing() {
    List<BillLine> lines = List.of(
        new BillLine(LineKind.MINIMUM_CHARGE_TOP_UP, "a\ttab, a\nnewline, a \\ backslash, a \\t that is text", null, null,
            new BigDecimal("10.00")),
        new BillLine(LineKind.EXPORT_CREDIT, "credit", new BigDecimal("1.5"), new BigDecimal("2.5"), new BigDecimal("-3.75")));
    String text = LineItems.encode(lines);
    assertThat(text.split("\n")).hasSize(2);
    List<BillLine> back = LineItems.decode(text);
    assertThat(back.get(0).description()).isEqualTo(lines.get(0).description());
    assertThat(back.get(0).quantity()).isNull();
    assertThat(back.get(0).rate()).isNull();
    assertThat(back.get(1).amount()).isEqualTo(new BigDecimal("-3.75"));
    assertThat(LineItems.decode("")).isEmpty();
    assertThat(LineItems.decode(null)).isEmpty();
    assertThatThrownBy(() -> LineItems.decode("FIXED\t1")).isInstanceOf(IllegalArgumentException.class);
  }
}
