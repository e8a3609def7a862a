package org.meterflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * Billing through the product's own surfaces on real data (issue 6 acceptance): {@code meterflow
 * readings import} of London smart-meter files, {@code meterflow bill run}, the bills API, the PDF,
 * access control, idempotent reruns and revisions. Periods are Europe/London local months.
 */
class BillingTest {

  private static final ZoneId LONDON = ZoneId.of("Europe/London");
  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  @RegisterExtension
  static final PlatformExtension platform = new PlatformExtension(Map.of(
      "meterflow.zone", "Europe/London", "meterflow.billing.scheduler.enabled", false));

  static PlatformFixture f;
  static String admin;

  @BeforeAll
  static void setUp() throws Exception {
    f = platform.fixture();
    admin = f.platform.adminToken();
    // a domestic slab tariff in force for 2013 (the shipped ones start in 2025), added through the admin API
    HttpResponse<String> tariff = f.post("/api/v1/tariffs", admin, """
        {"category":"domestic","code":"DOM-UK-2013","effectiveFrom":"2013-01-01","fixedPerMonth":50.00,"fixedPerKw":20.00,
         "slabs":[{"upToKwh":100,"rate":3.00},{"upToKwh":200,"rate":4.50},{"upToKwh":null,"rate":6.00}],
         "dutyPercent":6,"taxPercent":2,"minimumCharge":100.00}""");
    assertThat(tariff.statusCode()).as(tariff.body()).isEqualTo(201);
    // a commercial time-of-day tariff for 2013: the shipped COM-TOD-2026 figures
    HttpResponse<String> tod = f.post("/api/v1/tariffs", admin, """
        {"category":"commercial","code":"COM-TOD-UK-2013","effectiveFrom":"2013-01-01","fixedPerMonth":150.00,
         "fixedPerKw":100.00,"tod":{"baseRate":7.00,"baseWindow":"normal","windows":[
           {"name":"off-peak","fromHour":22,"toHour":6,"multiplier":0.80},
           {"name":"normal","fromHour":6,"toHour":18,"multiplier":1.00},
           {"name":"peak","fromHour":18,"toHour":22,"multiplier":1.20}]},
         "export":{"rate":3.00,"netting":"NET_BILLING"},"dutyPercent":8,"taxPercent":5,"minimumCharge":500.00}""");
    assertThat(tod.statusCode()).as(tod.body()).isEqualTo(201);
  }

  @Test
  void aTimeOfDayMeterIsBilledPerWindowFromItsIntervalDataToThePaisa() throws Exception {
    // MAC000002's real half-hours as the register of a commercial meter on the TOD tariff
    onboard("TOD-0002", "C-TOD-0002", 5, "commercial");
    Cli imported = cli("readings", "import", "--file", file("MAC000002.csv").toString(), "--format", "london",
        "--serial", "TOD-0002");
    assertThat(imported.exit).as(imported.out).isZero();
    awaitVisible("TOD-0002", 17521);
    assertThat(cli("bill", "run", "--period", "2013-03", "--cycle-day", "5").out).contains("COMPLETED").contains("1 issued");

    // by hand: the file's half-hours of the period [5 March, 5 April) (London local dates), each in the
    // window of the London local hour it starts in (the clocks went forward on 31 March)
    YearMonth march = YearMonth.of(2013, 3);
    Instant from = march.atDay(5).atStartOfDay(LONDON).toInstant();
    Instant to = march.plusMonths(1).atDay(5).atStartOfDay(LONDON).toInstant();
    BigDecimal offPeak = BigDecimal.ZERO;
    BigDecimal normal = BigDecimal.ZERO;
    BigDecimal peak = BigDecimal.ZERO;
    for (String line : Files.readAllLines(file("MAC000002.csv"))) {
      String[] p = line.split(",");
      if (p.length < 3 || p[0].startsWith("LCLid") || p[2].trim().isEmpty() || p[2].trim().equalsIgnoreCase("null")) {
        continue;
      }
      Instant slot = LocalDateTime.parse(p[1].trim(), TS).toInstant(ZoneOffset.UTC);
      if (slot.isBefore(from) || !slot.isBefore(to)) {
        continue;
      }
      int hour = slot.atZone(LONDON).getHour();
      BigDecimal kwh = new BigDecimal(p[2].trim());
      if (hour >= 22 || hour < 6) {
        offPeak = offPeak.add(kwh);
      } else if (hour < 18) {
        normal = normal.add(kwh);
      } else {
        peak = peak.add(kwh);
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

    JsonNode bill = json(f.get("/api/v1/consumers/C-TOD-0002/bills", admin)).get(0);
    assertThat(bill.get("tariffCode").asText()).isEqualTo("COM-TOD-UK-2013");
    assertThat(bill.get("estimated").asBoolean()).as(bill.toString()).isFalse();
    assertThat(bill.get("importKwh").decimalValue()).isEqualByComparingTo(billed);
    Map<String, JsonNode> lines = new java.util.LinkedHashMap<>();
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
    assertThat(cli("bill", "run", "--period", "2013-03", "--cycle-day", "5").out).contains("0 issued, 0 revised");
  }

  @Test
  void aTimeOfDayMeterWithoutIntervalDataIsBilledInTheBaseWindowAndFlagged() throws Exception {
    onboard("TOD-SPARSE", "C-TOD-SPARSE", 6, "commercial");
    // readings just around each boundary of [6 March, 6 April) (London midnight: 00:00Z, then 23:00Z in
    // summer time): the registers are read, not estimated, but no interval inside the month is short
    // enough to place in a window
    HttpResponse<String> imported = f.post("/api/v1/readings/import", admin, """
        {"serial":"TOD-SPARSE","readings":[
          {"ts":"2013-03-05T23:55:00Z","importKwh":1000.0},{"ts":"2013-03-06T00:10:00Z","importKwh":1000.5},
          {"ts":"2013-04-05T22:55:00Z","importKwh":1300.0},{"ts":"2013-04-05T23:10:00Z","importKwh":1300.5}]}""");
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    awaitVisible("TOD-SPARSE", 4);
    assertThat(cli("bill", "run", "--period", "2013-03", "--cycle-day", "6").out).contains("COMPLETED").contains("1 issued");

    JsonNode bill = json(f.get("/api/v1/consumers/C-TOD-SPARSE/bills", admin)).get(0);
    assertThat(bill.get("estimated").asBoolean()).isTrue();
    assertThat(bill.get("estimationMethods")).extracting(JsonNode::asText).containsExactly("TOD_BASE_WINDOW");
    JsonNode energy = java.util.stream.StreamSupport.stream(bill.get("lines").spliterator(), false)
        .filter(l -> l.get("kind").asText().equals("ENERGY_TOD")).toList().get(0);
    assertThat(energy.get("description").asText()).startsWith("Energy normal");
    assertThat(energy.get("quantity").decimalValue()).isEqualByComparingTo(bill.get("importKwh").decimalValue());
    // 1000.167 at the start (interpolated), 1300.167 at the end
    assertThat(bill.get("importKwh").decimalValue()).isEqualByComparingTo("300.000");
  }

  @Test
  void importedMac000002BilledForMarchThroughTheCliEqualsTheFilesMarchSumAndRerunsChangeNothing() throws Exception {
    onboard("MAC000002", "C-0002", 1);
    Cli imported = cli("readings", "import", "--file", file("MAC000002.csv").toString(), "--format", "london",
        "--serial", "MAC000002");
    assertThat(imported.exit).as(imported.out).isZero();
    assertThat(imported.out).contains("imported 17521 readings of MAC000002 (0 duplicates, 0 rejected");
    awaitVisible("MAC000002", 17521);

    Cli run = cli("bill", "run", "--period", "2013-03");
    assertThat(run.exit).as(run.out).isZero();
    assertThat(run.out).contains("100%").contains("COMPLETED").contains("1 issued");

    JsonNode bills = json(f.get("/api/v1/consumers/C-0002/bills", admin));
    assertThat(bills).hasSize(1);
    JsonNode bill = bills.get(0);
    BigDecimal march = localMonthSum("MAC000002.csv", YearMonth.of(2013, 3));
    assertThat(bill.get("importKwh").decimalValue()).isEqualByComparingTo(march);
    assertThat(bill.get("estimated").asBoolean()).isFalse();
    assertThat(bill.get("period").asText()).isEqualTo("2013-03");
    assertThat(bill.get("revision").asInt()).isEqualTo(1);

    // idempotent: the same run again issues nothing new
    Cli again = cli("bill", "run", "--period", "2013-03");
    assertThat(again.out).contains("0 issued, 0 revised");
    assertThat(json(f.get("/api/v1/consumers/C-0002/bills", admin))).hasSize(1);
    // re-importing is idempotent too: same rows, same bill
    Cli reimport = cli("readings", "import", "--file", file("MAC000002.csv").toString(), "--format", "london",
        "--serial", "MAC000002");
    assertThat(reimport.exit).isZero();
    assertThat(cli("bill", "run", "--period", "2013-03").out).contains("0 issued, 0 revised");
    assertThat(json(f.get("/api/v1/consumers/C-0002/bills", admin)).get(0).get("id").asText()).isEqualTo(bill.get("id").asText());

    // every month of 2013: each bill equals the file's month, the year equals households_summary.tsv
    for (int m = 1; m <= 12; m++) {
      assertThat(cli("bill", "run", "--period", YearMonth.of(2013, m).toString(), "--cycle-day", "1").exit).isZero();
    }
    JsonNode year = json(f.get("/api/v1/consumers/C-0002/bills", admin));
    assertThat(year).hasSize(12);
    BigDecimal total = BigDecimal.ZERO;
    for (JsonNode b : year) {
      YearMonth month = YearMonth.parse(b.get("period").asText());
      BigDecimal expected = localMonthSum("MAC000002.csv", month);
      assertThat(b.get("importKwh").decimalValue().doubleValue()).as(month.toString())
          .isCloseTo(expected.doubleValue(), org.assertj.core.api.Assertions.withinPercentage(1e-4));
      assertThat(b.get("estimated").asBoolean()).as(month.toString()).isFalse();
      total = total.add(b.get("importKwh").decimalValue());
    }
    assertThat(total).isEqualByComparingTo("4214.648");

    // the PDF carries the lines, the total and the six-month usage chart
    HttpResponse<byte[]> pdf = f.http.send(HttpRequest.newBuilder(f.api(bill.get("pdf").asText()))
        .header("Authorization", "Bearer " + admin).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(pdf.statusCode()).isEqualTo(200);
    assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
    try (PDDocument doc = Loader.loadPDF(pdf.body())) {
      String text = new PDFTextStripper().getText(doc);
      assertThat(text).contains("Total payable").contains(bill.get("total").decimalValue().toPlainString())
          .contains("Energy 0–100 kWh").contains("Your usage, last 3 months").contains("2013-01").contains("2013-03");
    }
  }

  @Test
  void consumersSeeOnlyTheirOwnBills() throws Exception {
    onboard("MAC000015", "C-0015", 2);
    assertThat(cli("readings", "import", "--file", file("MAC000015.csv").toString(), "--format", "london",
        "--serial", "MAC000015").exit).isZero();
    awaitVisible("MAC000015", 17497);
    assertThat(cli("bill", "run", "--period", "2013-05", "--cycle-day", "2").exit).isZero();
    String billId = json(f.get("/api/v1/consumers/C-0015/bills", admin)).get(0).get("id").asText();

    String own = token("C-0015");
    String other = token("C-someone-else");
    assertThat(f.get("/api/v1/bills/" + billId, own).statusCode()).isEqualTo(200);
    assertThat(f.get("/api/v1/consumers/C-0015/bills", own).statusCode()).isEqualTo(200);
    HttpResponse<String> denied = f.get("/api/v1/bills/" + billId, other);
    assertThat(denied.statusCode()).isEqualTo(404);
    assertThat(denied.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(f.get("/api/v1/bills/" + billId + ".pdf", other).statusCode()).isEqualTo(404);
    assertThat(f.get("/api/v1/consumers/C-0015/bills", other).statusCode()).isEqualTo(404);
    assertThat(f.get("/api/v1/consumers/C-0015", other).statusCode()).isEqualTo(404);
    assertThat(f.post("/api/v1/billing/runs", own, "{\"period\":\"2013-05\"}").statusCode()).isEqualTo(403);
  }

  @Test
  void aMeterThatStopsInJanuaryGetsEstimatedBillsWithTheMethodNeverASilentZero() throws Exception {
    onboard("MAC000016", "C-0016", 3);
    assertThat(cli("readings", "import", "--file", file("MAC000016.csv").toString(), "--format", "london",
        "--serial", "MAC000016").exit).isZero();
    awaitVisible("MAC000016", 722);
    // cycle day 3: the period [3 Jan, 3 Feb) has readings until 16 Jan only
    assertThat(cli("bill", "run", "--period", "2013-01", "--cycle-day", "3").exit).isZero();
    JsonNode january = json(f.get("/api/v1/consumers/C-0016/bills", admin)).get(0);
    assertThat(january.get("estimated").asBoolean()).isTrue();
    assertThat(january.get("estimationMethods").toString()).contains("EXTRAPOLATED_AVERAGE_DAILY");
    // 19.23 kWh were read from 3 to 16 January; the rest of the period is extrapolated at the meter's own rate, never zero
    assertThat(january.get("importKwh").decimalValue()).isGreaterThan(new BigDecimal("30"));
    assertThat(january.get("estimationMethods").size()).isPositive();
  }

  @Test
  void laterTrueReadingsReviseAnEstimatedBillInsteadOfDuplicatingIt() throws Exception {
    onboard("MAC000079", "C-0079", 1);
    // first only the readings up to 20 March arrive ...
    Path partial = Files.createTempFile(platform.dataDir(), "mac79-partial", ".csv");
    List<String> lines = Files.readAllLines(file("MAC000079.csv"));
    Files.write(partial, lines.stream().filter(l -> l.startsWith("LCLid") || l.compareTo("MAC000079,2013-03-20") < 0).toList());
    assertThat(cli("readings", "import", "--file", partial.toString(), "--format", "london", "--serial", "MAC000079").exit)
        .isZero();
    awaitVisibleAfter("MAC000079", Instant.parse("2013-03-19T23:00:00Z"));
    assertThat(cli("bill", "run", "--period", "2013-03", "--cycle-day", "1").out).contains("COMPLETED");
    JsonNode estimated = json(f.get("/api/v1/consumers/C-0079/bills", admin)).get(0);
    assertThat(estimated.get("estimated").asBoolean()).isTrue();

    // ... then the rest of the year: the rerun issues revision 2 from true readings
    assertThat(cli("readings", "import", "--file", file("MAC000079.csv").toString(), "--format", "london",
        "--serial", "MAC000079").exit).isZero();
    awaitVisibleAfter("MAC000079", Instant.parse("2013-12-31T00:00:00Z"));
    assertThat(cli("bill", "run", "--period", "2013-03", "--cycle-day", "1").out).contains("1 revised");
    JsonNode bills = json(f.get("/api/v1/consumers/C-0079/bills", admin));
    assertThat(bills).hasSize(2);
    assertThat(bills.get(0).get("revision").asInt()).isEqualTo(2);
    assertThat(bills.get(0).get("estimated").asBoolean()).isFalse();
    assertThat(bills.get(0).get("importKwh").decimalValue())
        .isEqualByComparingTo(localMonthSum("MAC000079.csv", YearMonth.of(2013, 3)));
    assertThat(bills.get(1).get("superseded").asBoolean()).isTrue();
    assertThat(bills.get(0).get("revisionReason").asText()).contains("readings replace the estimate");
  }

  // --- helpers ---

  private static void onboard(String serial, String consumer, int cycleDay) throws Exception {
    onboard(serial, consumer, cycleDay, "domestic");
  }

  private static void onboard(String serial, String consumer, int cycleDay, String category) throws Exception {
    HttpResponse<String> c = f.post("/api/v1/consumers", admin,
        "{\"id\":\"" + consumer + "\",\"name\":\"Household " + serial + "\",\"sanctionedLoadKw\":2}");
    assertThat(c.statusCode()).as(c.body()).isEqualTo(201);
    HttpResponse<String> m = f.post("/api/v1/meters", admin, "{\"serial\":\"" + serial + "\",\"consumer\":\"" + consumer
        + "\",\"region\":\"london\",\"feeder\":\"F1\",\"dt\":\"DT1\",\"cycleGroup\":" + cycleDay
        + ",\"tariffCategory\":\"" + category + "\"}");
    assertThat(m.statusCode()).as(m.body()).isEqualTo(201);
  }

  private static String token(String consumer) throws Exception {
    HttpResponse<String> r = f.post("/api/v1/tokens", admin, "{\"role\":\"consumer\",\"consumerId\":\"" + consumer + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return json(r).get("token").asText();
  }

  /** QuestDB applies WAL commits a little after the write is acknowledged. */
  private static void awaitVisible(String serial, long readings) {
    assertThat(PlatformFixture.await(java.time.Duration.ofSeconds(30), () -> f.platform.store().count(serial, Instant.EPOCH,
        Instant.parse("2100-01-01T00:00:00Z")).toCompletableFuture().join() >= readings))
        .as("readings of " + serial + " visible").isTrue();
  }

  private static void awaitVisibleAfter(String serial, Instant after) {
    assertThat(PlatformFixture.await(java.time.Duration.ofSeconds(30), () -> f.platform.store().count(serial, after,
        Instant.parse("2100-01-01T00:00:00Z")).toCompletableFuture().join() > 0))
        .as("readings of " + serial + " after " + after + " visible").isTrue();
  }

  private static Path file(String name) {
    return Path.of(System.getProperty("meterflow.datasets", "/work/shared/datasets"))
        .resolve("london_smart_meters_2013").resolve(name);
  }

  /** The sum of the file's half-hours starting in the London local month (the billing period). */
  private static BigDecimal localMonthSum(String name, YearMonth month) throws IOException {
    Instant from = month.atDay(1).atStartOfDay(LONDON).toInstant();
    Instant to = month.plusMonths(1).atDay(1).atStartOfDay(LONDON).toInstant();
    BigDecimal sum = BigDecimal.ZERO;
    for (String line : Files.readAllLines(file(name))) {
      String[] p = line.split(",");
      if (p.length < 3 || p[0].startsWith("LCLid") || p[2].trim().isEmpty() || p[2].trim().equalsIgnoreCase("null")) {
        continue;
      }
      Instant slot = LocalDateTime.parse(p[1].trim(), TS).toInstant(ZoneOffset.UTC);
      if (!slot.isBefore(from) && slot.isBefore(to)) {
        sum = sum.add(new BigDecimal(p[2].trim()));
      }
    }
    return sum.setScale(3, RoundingMode.HALF_UP);
  }

  private static BigDecimal kwh(BigDecimal v) {
    return v.setScale(3, RoundingMode.HALF_UP);
  }

  private static BigDecimal paisa(BigDecimal v) {
    return v.setScale(2, RoundingMode.HALF_UP);
  }

  private record Cli(int exit, String out) {}

  private static Cli cli(String... args) {
    String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
        java.util.stream.Stream.of("--url", "http://127.0.0.1:" + f.platform.httpPort(), "--token", admin)).toArray(String[]::new);
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    int exit;
    try (PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      exit = new CommandLine(new MeterflowCommand()).execute(all);
    } finally {
      System.setOut(saved);
    }
    return new Cli(exit, buffer.toString(StandardCharsets.UTF_8));
  }

  private static JsonNode json(HttpResponse<String> r) throws IOException {
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
    return PlatformFixture.JSON.readTree(r.body());
  }
}
