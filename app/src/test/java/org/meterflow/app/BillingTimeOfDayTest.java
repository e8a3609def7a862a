package org.meterflow.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.meterflow.app.BillingFixture.LONDON;
import static org.meterflow.app.BillingFixture.kwh;
import static org.meterflow.app.BillingFixture.londonFile;
import static org.meterflow.app.BillingFixture.paisa;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A commercial meter on a time-of-day tariff, billed per window from its interval data to the
 * paisa (checked by hand from the London file), and flagged when it has no interval data to place
 * in windows. Also on InfluxDB: {@link BillingTimeOfDayOnInfluxDbIT}.
 */
class BillingTimeOfDayTest {

  @RegisterExtension
  static final PlatformExtension platform = BillingFixture.platform();

  static BillingFixture billing;

  @BeforeAll
  static void setUp() throws Exception {
    billing = new BillingFixture(platform);
    billing.addTimeOfDayTariff2013();
  }

  @Test
  void aTimeOfDayMeterIsBilledPerWindowFromItsIntervalDataToThePaisa() throws Exception {
    // MAC000002's real half-hours as the register of a commercial meter on the TOD tariff
    billing.onboard("TOD-0002", "C-TOD-0002", 5, "commercial");
    billing.importLondon(londonFile("MAC000002.csv"), "TOD-0002");
    billing.awaitVisible("TOD-0002", 17521);
    assertThat(billing.cli("bill", "run", "--period", "2013-03", "--cycle-day", "5").out())
        .contains("COMPLETED").contains("1 issued");

    // by hand: the file's half-hours of the period [5 March, 5 April) (London local dates), each in the
    // window of the London local hour it starts in (the clocks went forward on 31 March)
    YearMonth march = YearMonth.of(2013, 3);
    Instant from = march.atDay(5).atStartOfDay(LONDON).toInstant();
    Instant to = march.plusMonths(1).atDay(5).atStartOfDay(LONDON).toInstant();
    BigDecimal offPeak = BigDecimal.ZERO;
    BigDecimal normal = BigDecimal.ZERO;
    BigDecimal peak = BigDecimal.ZERO;
    for (BillingFixture.HalfHour h : BillingFixture.halfHours("MAC000002.csv", from, to).toList()) {
      int hour = h.start().atZone(LONDON).getHour();
      if (hour >= 22 || hour < 6) {
        offPeak = offPeak.add(h.kwh());
      } else if (hour < 18) {
        normal = normal.add(h.kwh());
      } else {
        peak = peak.add(h.kwh());
      }
    }
    // the file has 7 decimals, bills 3: billed kWh = the month to 0.001 kWh; the windows' shares (each to
    // 0.001) apportion it, each window to 0.001 kWh, the last one (peak) taking the remainder
    BigDecimal billed = kwh(offPeak.add(normal).add(peak));
    BigDecimal shares = kwh(offPeak).add(kwh(normal)).add(kwh(peak));
    BigDecimal offPeakKwh = billed.multiply(kwh(offPeak)).divide(shares, 3, RoundingMode.HALF_UP);
    BigDecimal normalKwh = billed.multiply(kwh(normal)).divide(shares, 3, RoundingMode.HALF_UP);
    BigDecimal peakKwh = billed.subtract(offPeakKwh).subtract(normalKwh);
    BigDecimal fixed = new BigDecimal("350.00"); // 150.00 + 100.00 × 2 kW
    BigDecimal offPeakAmount = paisa(offPeakKwh.multiply(new BigDecimal("5.60")));
    BigDecimal normalAmount = paisa(normalKwh.multiply(new BigDecimal("7.00")));
    BigDecimal peakAmount = paisa(peakKwh.multiply(new BigDecimal("8.40")));
    BigDecimal energy = offPeakAmount.add(normalAmount).add(peakAmount);
    BigDecimal duty = paisa(energy.multiply(new BigDecimal("0.08")));
    BigDecimal subtotal = fixed.add(energy).add(duty);
    BigDecimal tax = paisa(subtotal.multiply(new BigDecimal("0.05")));
    BigDecimal total = subtotal.add(tax);

    JsonNode bill = billing.bills("C-TOD-0002").get(0);
    assertThat(bill.get("tariffCode").asText()).isEqualTo("COM-TOD-UK-2013");
    assertThat(bill.get("estimated").asBoolean()).as(bill.toString()).isFalse();
    assertThat(bill.get("importKwh").decimalValue()).isEqualByComparingTo(billed);
    Map<String, JsonNode> lines = new LinkedHashMap<>();
    bill.get("lines").forEach(l -> lines.put(l.get("description").asText().split(" \\(")[0], l));
    assertThat(lines.get("Energy off-peak").get("quantity").decimalValue()).isEqualByComparingTo(offPeakKwh);
    assertThat(lines.get("Energy normal").get("quantity").decimalValue()).isEqualByComparingTo(normalKwh);
    assertThat(lines.get("Energy peak").get("quantity").decimalValue()).isEqualByComparingTo(peakKwh);
    // every window has a real share of a household's month (not everything in the base window)
    assertThat(offPeakKwh).isGreaterThan(new BigDecimal("50"));
    assertThat(peakKwh).isGreaterThan(new BigDecimal("50"));
    assertThat(lines.get("Energy off-peak").get("amount").decimalValue()).isEqualByComparingTo(offPeakAmount);
    assertThat(lines.get("Energy normal").get("amount").decimalValue()).isEqualByComparingTo(normalAmount);
    assertThat(lines.get("Energy peak").get("amount").decimalValue()).isEqualByComparingTo(peakAmount);
    assertThat(bill.get("total").decimalValue()).isEqualByComparingTo(total);
    // a rerun finds the same split: nothing changes
    assertThat(billing.cli("bill", "run", "--period", "2013-03", "--cycle-day", "5").out()).contains("0 issued, 0 revised");
  }

  @Test
  void aTimeOfDayMeterWithoutIntervalDataIsBilledInTheBaseWindowAndFlagged() throws Exception {
    billing.onboard("TOD-SPARSE", "C-TOD-SPARSE", 6, "commercial");
    // readings just around each boundary of [6 March, 6 April) (London midnight: 00:00Z, then 23:00Z in
    // summer time): the registers are read, not estimated, but no interval inside the month is short
    // enough to place in a window
    HttpResponse<String> imported = billing.f.post("/api/v1/readings/import", billing.admin, """
        {"serial":"TOD-SPARSE","readings":[
          {"ts":"2013-03-05T23:55:00Z","importKwh":1000.0},{"ts":"2013-03-06T00:10:00Z","importKwh":1000.5},
          {"ts":"2013-04-05T22:55:00Z","importKwh":1300.0},{"ts":"2013-04-05T23:10:00Z","importKwh":1300.5}]}""");
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    billing.awaitVisible("TOD-SPARSE", 4);
    assertThat(billing.cli("bill", "run", "--period", "2013-03", "--cycle-day", "6").out())
        .contains("COMPLETED").contains("1 issued");

    JsonNode bill = billing.bills("C-TOD-SPARSE").get(0);
    assertThat(bill.get("estimated").asBoolean()).isTrue();
    assertThat(bill.get("estimationMethods")).extracting(JsonNode::asText).containsExactly("TOD_BASE_WINDOW");
    List<JsonNode> energy = StreamSupport.stream(bill.get("lines").spliterator(), false)
        .filter(l -> l.get("kind").asText().equals("ENERGY_TOD")).toList();
    assertThat(energy).hasSize(1);
    assertThat(energy.get(0).get("description").asText()).startsWith("Energy normal");
    assertThat(energy.get(0).get("quantity").decimalValue()).isEqualByComparingTo(bill.get("importKwh").decimalValue());
    // 1000.167 at the start (interpolated), 1300.167 at the end
    assertThat(bill.get("importKwh").decimalValue()).isEqualByComparingTo("300.000");
  }
}
