package org.meterflow.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.meterflow.app.BillingFixture.londonFile;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Who may see a bill: a consumer sees their own bills and PDFs; another consumer gets 404 (not
 * 403: a bill's existence is not disclosed) for the bill, its PDF, the list and the consumer; a
 * consumer cannot start a billing run. Also on InfluxDB: {@link BillingAccessControlOnInfluxDbIT}.
 */
class BillingAccessControlTest {

  @RegisterExtension
  static final PlatformExtension platform = BillingFixture.platform();

  static BillingFixture billing;

  @BeforeAll
  static void setUp() throws Exception {
    billing = new BillingFixture(platform);
    billing.addDomesticTariff2013();
  }

  @Test
  void consumersSeeOnlyTheirOwnBills() throws Exception {
    billing.onboard("MAC000015", "C-0015", 2);
    billing.importLondon(londonFile("MAC000015.csv"), "MAC000015");
    billing.awaitVisible("MAC000015", 17497);
    assertThat(billing.cli("bill", "run", "--period", "2013-05", "--cycle-day", "2").exit()).isZero();
    String billId = billing.bills("C-0015").get(0).get("id").asText();

    String own = billing.token("C-0015");
    String other = billing.token("C-someone-else");
    PlatformFixture f = billing.f;
    assertThat(f.get("/api/v1/bills/" + billId, own).statusCode()).isEqualTo(200);
    assertThat(f.get("/api/v1/bills/" + billId + ".pdf", own).statusCode()).isEqualTo(200);
    assertThat(f.get("/api/v1/consumers/C-0015/bills", own).statusCode()).isEqualTo(200);
    HttpResponse<String> denied = f.get("/api/v1/bills/" + billId, other);
    assertThat(denied.statusCode()).isEqualTo(404);
    assertThat(denied.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(f.get("/api/v1/bills/" + billId + ".pdf", other).statusCode()).isEqualTo(404);
    assertThat(f.get("/api/v1/consumers/C-0015/bills", other).statusCode()).isEqualTo(404);
    assertThat(f.get("/api/v1/consumers/C-0015", other).statusCode()).isEqualTo(404);
    assertThat(f.post("/api/v1/billing/runs", own, "{\"period\":\"2013-05\"}").statusCode()).isEqualTo(403);
  }
}
