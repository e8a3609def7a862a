package org.meterflow.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.meterflow.app.BillingFixture.localMonthSum;
import static org.meterflow.app.BillingFixture.londonFile;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a bill becomes when it is billed again: reruns and re-imports change nothing; a meter that
 * stops reporting gets an estimate that says how it was made (never a silent zero); true readings
 * that arrive later revise the estimate instead of adding a second bill. Each test has its own
 * meter and cycle day, so their runs never bill each other's meters. Also on InfluxDB:
 * {@link BillingRevisionsAndRerunsOnInfluxDbIT}.
 */
class BillingRevisionsAndRerunsTest {

  @RegisterExtension
  static final PlatformExtension platform = BillingFixture.platform();

  static BillingFixture billing;

  @BeforeAll
  static void setUp() throws Exception {
    billing = new BillingFixture(platform);
    billing.addDomesticTariff2013();
  }

  @Test
  void rerunningABillingRunOrReimportingTheReadingsChangesNothing() throws Exception {
    billing.onboard("MAC000002", "C-0002", 8);
    billing.importLondon(londonFile("MAC000002.csv"), "MAC000002");
    billing.awaitVisible("MAC000002", 17521);
    assertThat(billing.cli("bill", "run", "--period", "2013-03", "--cycle-day", "8").out())
        .contains("COMPLETED").contains("1 issued");
    String id = billing.bills("C-0002").get(0).get("id").asText();

    // the same run again issues nothing new
    assertThat(billing.cli("bill", "run", "--period", "2013-03", "--cycle-day", "8").out()).contains("0 issued, 0 revised");
    assertThat(billing.bills("C-0002")).hasSize(1);
    // re-importing is idempotent too: same rows, same bill
    billing.importLondon(londonFile("MAC000002.csv"), "MAC000002");
    assertThat(billing.cli("bill", "run", "--period", "2013-03", "--cycle-day", "8").out()).contains("0 issued, 0 revised");
    JsonNode bills = billing.bills("C-0002");
    assertThat(bills).hasSize(1);
    assertThat(bills.get(0).get("id").asText()).isEqualTo(id);
  }

  @Test
  void aMeterThatStopsInJanuaryGetsEstimatedBillsWithTheMethodNeverASilentZero() throws Exception {
    billing.onboard("MAC000016", "C-0016", 3);
    billing.importLondon(londonFile("MAC000016.csv"), "MAC000016");
    billing.awaitVisible("MAC000016", 722);
    // cycle day 3: the period [3 Jan, 3 Feb) has readings until 16 Jan only
    assertThat(billing.cli("bill", "run", "--period", "2013-01", "--cycle-day", "3").exit()).isZero();
    JsonNode january = billing.bills("C-0016").get(0);
    assertThat(january.get("estimated").asBoolean()).isTrue();
    assertThat(january.get("estimationMethods")).extracting(JsonNode::asText).contains("EXTRAPOLATED_AVERAGE_DAILY");
    // 19.23 kWh were read from 3 to 16 January; the rest of the period is extrapolated at the meter's own rate, never zero
    assertThat(january.get("importKwh").decimalValue()).isGreaterThan(new BigDecimal("30"));
  }

  @Test
  void laterTrueReadingsReviseAnEstimatedBillInsteadOfDuplicatingIt() throws Exception {
    billing.onboard("MAC000079", "C-0079", 1);
    // first only the readings up to 20 March arrive ...
    Path partial = billing.tempFile("mac79-partial");
    List<String> lines = Files.readAllLines(londonFile("MAC000079.csv"));
    Files.write(partial, lines.stream().filter(l -> l.startsWith("LCLid") || l.compareTo("MAC000079,2013-03-20") < 0).toList());
    billing.importLondon(partial, "MAC000079");
    billing.awaitVisibleAfter("MAC000079", Instant.parse("2013-03-19T23:00:00Z"));
    assertThat(billing.cli("bill", "run", "--period", "2013-03", "--cycle-day", "1").out()).contains("COMPLETED");
    JsonNode estimated = billing.bills("C-0079").get(0);
    assertThat(estimated.get("estimated").asBoolean()).isTrue();

    // ... then the rest of the year: the rerun issues revision 2 from true readings
    billing.importLondon(londonFile("MAC000079.csv"), "MAC000079");
    billing.awaitVisibleAfter("MAC000079", Instant.parse("2013-12-31T00:00:00Z"));
    assertThat(billing.cli("bill", "run", "--period", "2013-03", "--cycle-day", "1").out()).contains("1 revised");
    JsonNode bills = billing.bills("C-0079");
    assertThat(bills).hasSize(2);
    assertThat(bills.get(0).get("revision").asInt()).isEqualTo(2);
    assertThat(bills.get(0).get("estimated").asBoolean()).isFalse();
    assertThat(bills.get(0).get("importKwh").decimalValue())
        .isEqualByComparingTo(localMonthSum("MAC000079.csv", YearMonth.of(2013, 3)));
    assertThat(bills.get(1).get("superseded").asBoolean()).isTrue();
    assertThat(bills.get(0).get("revisionReason").asText()).contains("readings replace the estimate");
  }
}
