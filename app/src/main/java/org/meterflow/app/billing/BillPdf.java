package org.meterflow.app.billing;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.meterflow.model.billing.bill.Bill;
import org.meterflow.model.billing.bill.BillLine;
import org.meterflow.model.billing.ledger.Consumer;
import org.meterflow.model.billing.ledger.StoredBill;

/**
 * Renders a bill as a one-page A4 PDF with Apache PDFBox: header, consumer, meter and period, the
 * lines, the total and due date, the estimation note, and a bar chart of the last six months'
 * consumption drawn with PDF path operations (estimated months in a lighter shade).
 */
public final class BillPdf {

  /** One bar of the usage chart. */
  public record UsageBar(YearMonth month, double kwh, boolean estimated) {}

  private static final float MARGIN = 50;
  private static final Color INK = new Color(0x1F, 0x2A, 0x44);
  private static final Color BAR = new Color(0x2E, 0x6F, 0xD8);
  private static final Color BAR_ESTIMATED = new Color(0xA9, 0xC4, 0xF0);

  private final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
  private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);

  public byte[] render(StoredBill stored, Consumer consumer, List<UsageBar> usage) {
    Bill bill = stored.bill();
    try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PDDocumentInformation info = doc.getDocumentInformation();
      info.setTitle("MeterFlow bill " + stored.id());
      info.setCreator("MeterFlow");
      PDPage page = new PDPage(PDRectangle.A4);
      doc.addPage(page);
      float width = page.getMediaBox().getWidth();
      float y = page.getMediaBox().getHeight() - MARGIN;
      try (PDPageContentStream c = new PDPageContentStream(doc, page)) {
        c.setNonStrokingColor(INK);
        text(c, bold, 18, MARGIN, y, "Electricity bill");
        text(c, regular, 10, width - MARGIN - 200, y, "Bill " + stored.id());
        y -= 16;
        text(c, regular, 10, width - MARGIN - 200, y, "Revision " + stored.revision() + (stored.superseded() ? " (superseded)" : ""));
        y -= 24;
        String who = consumer == null ? stored.consumerId() : consumer.name() + " (" + consumer.id() + ")";
        text(c, bold, 11, MARGIN, y, "Consumer: " + who);
        y -= 14;
        if (consumer != null && consumer.address() != null) {
          text(c, regular, 10, MARGIN, y, consumer.address());
          y -= 14;
        }
        text(c, regular, 10, MARGIN, y, "Meter " + bill.meterSerial() + "   Tariff " + bill.tariffCode()
            + "   Period " + bill.period().start() + " to " + bill.period().end().minusDays(1));
        y -= 14;
        text(c, regular, 10, MARGIN, y, "Imported " + bill.importKwh().toPlainString() + " kWh   Exported "
            + bill.exportKwh().toPlainString() + " kWh   Billed " + bill.billedKwh().toPlainString() + " kWh");
        y -= 14;
        if (bill.estimated()) {
          text(c, bold, 10, MARGIN, y, "ESTIMATED: " + String.join(", ", bill.methods().stream().map(Enum::name).sorted().toList()));
          y -= 14;
        }
        if (stored.revisionReason() != null) {
          text(c, regular, 10, MARGIN, y, "Revised: " + stored.revisionReason());
          y -= 14;
        }
        y -= 10;
        y = lines(c, bill, width, y);
        y -= 30;
        chart(c, usage, MARGIN, y - 180, width - 2 * MARGIN, 160);
      }
      doc.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render bill " + stored.id(), e);
    }
  }

  private float lines(PDPageContentStream c, Bill bill, float width, float y) throws IOException {
    float qx = width - MARGIN - 230;
    float rx = width - MARGIN - 150;
    float ax = width - MARGIN - 70;
    text(c, bold, 10, MARGIN, y, "Charge");
    text(c, bold, 10, qx, y, "Quantity");
    text(c, bold, 10, rx, y, "Rate");
    text(c, bold, 10, ax, y, "Amount (INR)");
    y -= 4;
    rule(c, y, width);
    y -= 14;
    for (BillLine l : bill.lines()) {
      text(c, regular, 9, MARGIN, y, l.description());
      text(c, regular, 9, qx, y, plain(l.quantity()));
      text(c, regular, 9, rx, y, plain(l.rate()));
      text(c, regular, 9, ax, y, l.amount().toPlainString());
      y -= 13;
    }
    rule(c, y + 8, width);
    y -= 6;
    text(c, bold, 11, MARGIN, y, "Total payable");
    text(c, bold, 11, ax, y, bill.total().toPlainString());
    y -= 15;
    text(c, regular, 10, MARGIN, y, "Due date " + bill.dueDate());
    return y;
  }

  private void chart(PDPageContentStream c, List<UsageBar> usage, float x, float y, float w, float h) throws IOException {
    text(c, bold, 11, x, y + h + 12, "Your usage, last " + usage.size() + " months (kWh)");
    c.setStrokingColor(INK);
    c.moveTo(x, y);
    c.lineTo(x + w, y);
    c.stroke();
    double max = usage.stream().mapToDouble(UsageBar::kwh).max().orElse(0);
    if (usage.isEmpty() || max <= 0) {
      text(c, regular, 9, x, y + 10, "no usage recorded yet");
      return;
    }
    float slot = w / usage.size();
    float barWidth = slot * 0.6f;
    for (int i = 0; i < usage.size(); i++) {
      UsageBar b = usage.get(i);
      float bh = (float) (b.kwh() / max * (h - 20));
      float bx = x + i * slot + (slot - barWidth) / 2;
      c.setNonStrokingColor(b.estimated() ? BAR_ESTIMATED : BAR);
      c.addRect(bx, y, barWidth, bh);
      c.fill();
      c.setNonStrokingColor(INK);
      text(c, regular, 8, bx, y + bh + 3, String.format(Locale.ROOT, "%.1f%s", b.kwh(), b.estimated() ? " (est.)" : ""));
      text(c, regular, 8, bx, y - 11, b.month().toString());
    }
  }

  private static void rule(PDPageContentStream c, float y, float width) throws IOException {
    c.moveTo(MARGIN, y);
    c.lineTo(width - MARGIN, y);
    c.stroke();
  }

  private static void text(PDPageContentStream c, PDType1Font font, float size, float x, float y, String s) throws IOException {
    c.beginText();
    c.setFont(font, size);
    c.newLineAtOffset(x, y);
    c.showText(winAnsi(s));
    c.endText();
  }

  /** The standard-14 fonts speak WinAnsi only: arrows and other symbols become ASCII. */
  static String winAnsi(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '→' -> out.append("->");
        case '₹' -> out.append("INR ");
        default -> out.append(ch == '–' || ch == '×' || (ch >= 0x20 && ch < 0x7F) || (ch >= 0xA0 && ch <= 0xFF) ? ch : '?');
      }
    }
    return out.toString();
  }

  private static String plain(BigDecimal v) {
    if (v == null) {
      return "";
    }
    BigDecimal s = v.stripTrailingZeros();
    return (s.scale() < 0 ? s.setScale(0) : s).toPlainString();
  }
}
