package org.meterflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * What the billing tests share, by composition: a platform in Europe/London with the billing
 * scheduler off (bills are issued by {@code meterflow bill run} only), the 2013 tariffs, the
 * London smart-meter files, and the product's own surfaces (CLI, API) to drive it.
 *
 * <pre>{@code
 * @RegisterExtension static final PlatformExtension platform = BillingFixture.platform();
 * static BillingFixture billing;
 * @BeforeAll static void setUp() throws Exception { billing = new BillingFixture(platform); ... }
 * }</pre>
 *
 * <p>Every class built on it also runs on InfluxDB: it has an {@code …OnInfluxDbIT} subclass
 * marked {@link OnInfluxDb} ({@link BillingTestsAllRunOnInfluxDbTest} fails when one is missing).
 */
final class BillingFixture {

  static final ZoneId LONDON = ZoneId.of("Europe/London");
  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final Instant END_OF_TIME = Instant.parse("2100-01-01T00:00:00Z");

  final PlatformFixture f;
  final String admin;
  private final Path dataDir;

  /** The platform every billing test class registers. */
  static PlatformExtension platform() {
    return new PlatformExtension(Map.of("meterflow.zone", "Europe/London", "meterflow.billing.scheduler.enabled", false));
  }

  BillingFixture(PlatformExtension platform) {
    this.f = platform.fixture();
    this.admin = f.platform.adminToken();
    this.dataDir = platform.dataDir();
  }

  /** A domestic slab tariff in force for 2013 (the shipped ones start in 2025), through the admin API. */
  void addDomesticTariff2013() throws Exception {
    HttpResponse<String> tariff = f.post("/api/v1/tariffs", admin, """
        {"category":"domestic","code":"DOM-UK-2013","effectiveFrom":"2013-01-01","fixedPerMonth":50.00,"fixedPerKw":20.00,
         "slabs":[{"upToKwh":100,"rate":3.00},{"upToKwh":200,"rate":4.50},{"upToKwh":null,"rate":6.00}],
         "dutyPercent":6,"taxPercent":2,"minimumCharge":100.00}""");
    assertThat(tariff.statusCode()).as(tariff.body()).isEqualTo(201);
  }

  /** A commercial time-of-day tariff for 2013: the shipped COM-TOD-2026 figures. */
  void addTimeOfDayTariff2013() throws Exception {
    HttpResponse<String> tod = f.post("/api/v1/tariffs", admin, """
        {"category":"commercial","code":"COM-TOD-UK-2013","effectiveFrom":"2013-01-01","fixedPerMonth":150.00,
         "fixedPerKw":100.00,"tod":{"baseRate":7.00,"baseWindow":"normal","windows":[
           {"name":"off-peak","fromHour":22,"toHour":6,"multiplier":0.80},
           {"name":"normal","fromHour":6,"toHour":18,"multiplier":1.00},
           {"name":"peak","fromHour":18,"toHour":22,"multiplier":1.20}]},
         "export":{"rate":3.00,"netting":"NET_BILLING"},"dutyPercent":8,"taxPercent":5,"minimumCharge":500.00}""");
    assertThat(tod.statusCode()).as(tod.body()).isEqualTo(201);
  }

  /** A domestic consumer (2 kW sanctioned) and its meter in the given cycle group. */
  void onboard(String serial, String consumer, int cycleDay) throws Exception {
    onboard(serial, consumer, cycleDay, "domestic");
  }

  void onboard(String serial, String consumer, int cycleDay, String category) throws Exception {
    HttpResponse<String> c = f.post("/api/v1/consumers", admin,
        "{\"id\":\"" + consumer + "\",\"name\":\"Household " + serial + "\",\"sanctionedLoadKw\":2}");
    assertThat(c.statusCode()).as(c.body()).isEqualTo(201);
    HttpResponse<String> m = f.post("/api/v1/meters", admin, "{\"serial\":\"" + serial + "\",\"consumer\":\"" + consumer
        + "\",\"region\":\"london\",\"feeder\":\"F1\",\"dt\":\"DT1\",\"cycleGroup\":" + cycleDay
        + ",\"tariffCategory\":\"" + category + "\"}");
    assertThat(m.statusCode()).as(m.body()).isEqualTo(201);
  }

  /** {@code meterflow readings import} of a London file (or a part of one) as the readings of {@code serial}. */
  Cli importLondon(Path file, String serial) {
    Cli imported = cli("readings", "import", "--file", file.toString(), "--format", "london", "--serial", serial);
    assertThat(imported.exit()).as(imported.out()).isZero();
    return imported;
  }

  /** The consumer's bills from the API, newest first. */
  JsonNode bills(String consumer) throws IOException, InterruptedException {
    return json(f.get("/api/v1/consumers/" + consumer + "/bills", admin));
  }

  /** A consumer's own API token. */
  String token(String consumer) throws Exception {
    HttpResponse<String> r = f.post("/api/v1/tokens", admin, "{\"role\":\"consumer\",\"consumerId\":\"" + consumer + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return json(r).get("token").asText();
  }

  /** The time-series store makes writes visible a little after it acknowledged them (QuestDB's WAL apply). */
  void awaitVisible(String serial, long readings) {
    assertThat(PlatformFixture.await(Duration.ofSeconds(30),
        () -> f.platform.store().count(serial, Instant.EPOCH, END_OF_TIME).toCompletableFuture().join() >= readings))
        .as("%d readings of %s visible", readings, serial).isTrue();
  }

  void awaitVisibleAfter(String serial, Instant after) {
    assertThat(PlatformFixture.await(Duration.ofSeconds(30),
        () -> f.platform.store().count(serial, after, END_OF_TIME).toCompletableFuture().join() > 0))
        .as("readings of %s after %s visible", serial, after).isTrue();
  }

  /** A temporary file in the platform's folder (removed with it). */
  Path tempFile(String prefix) throws IOException {
    return Files.createTempFile(dataDir, prefix, ".csv");
  }

  /** The output and exit status of one {@code meterflow} command run against the platform as admin. */
  record Cli(int exit, String out) {}

  Cli cli(String... args) {
    String[] all = Stream.concat(Stream.of(args),
        Stream.of("--url", "http://127.0.0.1:" + f.platform.httpPort(), "--token", admin)).toArray(String[]::new);
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

  static JsonNode json(HttpResponse<String> r) throws IOException {
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
    return PlatformFixture.JSON.readTree(r.body());
  }

  /** A file of the London smart-meter data set (half-hourly kWh, {@code LCLid,tstp,energy}). */
  static Path londonFile(String name) {
    return org.meterflow.model.Datasets.resolve("london_smart_meters_2013/" + name);
  }

  /** One half-hour of a London file: its start and its kWh as written (7 decimals). */
  record HalfHour(Instant start, BigDecimal kwh) {}

  /** The file's half-hours starting in [from, to). */
  static Stream<HalfHour> halfHours(String name, Instant from, Instant to) throws IOException {
    return Files.readAllLines(londonFile(name)).stream()
        .map(line -> line.split(","))
        .filter(p -> p.length >= 3 && !p[0].startsWith("LCLid") && !p[2].trim().isEmpty() && !p[2].trim().equalsIgnoreCase("null"))
        .map(p -> new HalfHour(LocalDateTime.parse(p[1].trim(), TS).toInstant(ZoneOffset.UTC), new BigDecimal(p[2].trim())))
        .filter(h -> !h.start().isBefore(from) && h.start().isBefore(to));
  }

  /** The sum of the file's half-hours starting in the London local month (the billing period), to 0.001 kWh. */
  static BigDecimal localMonthSum(String name, YearMonth month) throws IOException {
    Instant from = month.atDay(1).atStartOfDay(LONDON).toInstant();
    Instant to = month.plusMonths(1).atDay(1).atStartOfDay(LONDON).toInstant();
    return kwh(halfHours(name, from, to).map(HalfHour::kwh).reduce(BigDecimal.ZERO, BigDecimal::add));
  }

  static BigDecimal kwh(BigDecimal v) {
    return v.setScale(3, RoundingMode.HALF_UP);
  }

  static BigDecimal paisa(BigDecimal v) {
    return v.setScale(2, RoundingMode.HALF_UP);
  }
}
