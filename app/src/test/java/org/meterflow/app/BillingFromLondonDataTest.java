package org.meterflow.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;
import static org.meterflow.app.BillingFixture.localMonthSum;
import static org.meterflow.app.BillingFixture.londonFile;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.YearMonth;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bills from real data (issue 6 acceptance): a London household's year of half-hours imported with
 * {@code meterflow readings import} and billed with {@code meterflow bill run}; each bill equals
 * the file's sum over the Europe/London local month, the year equals households_summary.tsv.
 * Also on InfluxDB: {@link BillingFromLondonDataOnInfluxDbIT}.
 */
class BillingFromLondonDataTest {

  @RegisterExtension
  static final PlatformExtension platform = BillingFixture.platform();

  static BillingFixture billing;

  @BeforeAll
  static void setUp() throws Exception {
    billing = new BillingFixture(platform);
    billing.addDomesticTariff2013();
  }

  @Test
  void importedMac000002BilledThroughTheCliEqualsTheFilesMonthsAndYear() throws Exception {
    billing.onboard("MAC000002", "C-0002", 1);
    BillingFixture.Cli imported = billing.importLondon(londonFile("MAC000002.csv"), "MAC000002");
    assertThat(imported.out()).contains("imported 17521 readings of MAC000002 (0 duplicates, 0 rejected");
    billing.awaitVisible("MAC000002", 17521);

    // no --cycle-day: every cycle day with meters, here the one meter of cycle day 1
    BillingFixture.Cli run = billing.cli("bill", "run", "--period", "2013-03");
    assertThat(run.exit()).as(run.out()).isZero();
    assertThat(run.out()).contains("100%")
        .contains("2013-03 cycle day 1: COMPLETED — 1 meters, 1 issued, 0 revised, 0 unchanged, 0 estimated, 0 failed");

    JsonNode bills = billing.bills("C-0002");
    assertThat(bills).hasSize(1);
    JsonNode march = bills.get(0);
    assertThat(march.get("importKwh").decimalValue()).isEqualByComparingTo(localMonthSum("MAC000002.csv", YearMonth.of(2013, 3)));
    assertThat(march.get("estimated").asBoolean()).isFalse();
    assertThat(march.get("period").asText()).isEqualTo("2013-03");
    assertThat(march.get("revision").asInt()).isEqualTo(1);

    // every month of 2013: each bill equals the file's month, the year equals households_summary.tsv
    for (int m = 1; m <= 12; m++) {
      BillingFixture.Cli month = billing.cli("bill", "run", "--period", YearMonth.of(2013, m).toString(), "--cycle-day", "1");
      assertThat(month.exit()).as(month.out()).isZero();
    }
    JsonNode year = billing.bills("C-0002");
    assertThat(year).hasSize(12);
    BigDecimal total = BigDecimal.ZERO;
    for (JsonNode b : year) {
      YearMonth month = YearMonth.parse(b.get("period").asText());
      BigDecimal expected = localMonthSum("MAC000002.csv", month);
      assertThat(b.get("importKwh").decimalValue().doubleValue()).as(month.toString())
          .isCloseTo(expected.doubleValue(), withinPercentage(1e-4));
      assertThat(b.get("estimated").asBoolean()).as(month.toString()).isFalse();
      total = total.add(b.get("importKwh").decimalValue());
    }
    assertThat(total).isEqualByComparingTo("4214.648");
  }
}
