package org.meterflow.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.meterflow.app.BillingFixture.londonFile;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.YearMonth;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bill as a PDF, read back with PDFBox: its lines, the total payable as the API has it, and the
 * usage chart of the months billed so far. Also on InfluxDB: {@link BillingPdfOnInfluxDbIT}.
 */
class BillingPdfTest {

  @RegisterExtension
  static final PlatformExtension platform = BillingFixture.platform();

  static BillingFixture billing;

  @BeforeAll
  static void setUp() throws Exception {
    billing = new BillingFixture(platform);
    billing.addDomesticTariff2013();
  }

  @Test
  void thePdfCarriesTheLinesTheTotalAndTheUsageChart() throws Exception {
    billing.onboard("MAC000002", "C-0002", 1);
    billing.importLondon(londonFile("MAC000002.csv"), "MAC000002");
    billing.awaitVisible("MAC000002", 17521);
    for (int m = 1; m <= 3; m++) {
      BillingFixture.Cli run = billing.cli("bill", "run", "--period", YearMonth.of(2013, m).toString(), "--cycle-day", "1");
      assertThat(run.out()).contains("1 issued");
    }
    JsonNode march = billing.bills("C-0002").get(0);
    assertThat(march.get("period").asText()).isEqualTo("2013-03");

    HttpResponse<byte[]> pdf = billing.f.http.send(HttpRequest.newBuilder(billing.f.api(march.get("pdf").asText()))
        .header("Authorization", "Bearer " + billing.admin).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(pdf.statusCode()).isEqualTo(200);
    assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
    try (PDDocument doc = Loader.loadPDF(pdf.body())) {
      String text = new PDFTextStripper().getText(doc);
      assertThat(text).contains("Total payable").contains(march.get("total").decimalValue().toPlainString())
          .contains("Energy 0–100 kWh").contains("Your usage, last 3 months").contains("2013-01").contains("2013-03");
    }
  }
}
