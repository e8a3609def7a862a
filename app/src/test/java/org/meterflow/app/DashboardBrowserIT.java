package org.meterflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.meterflow.simulator.engine.Simulation;
import org.meterflow.simulator.engine.SimulationSettings;
import org.meterflow.simulator.fault.Fault;
import org.meterflow.simulator.fault.FaultKind;
import org.meterflow.simulator.fault.FaultTarget;
import org.meterflow.simulator.load.Season;
import org.meterflow.simulator.topology.Nodes;
import org.meterflow.simulator.topology.TopologySpec;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The built-in pages in Debian's headless Chromium (driven by chromedriver) against a running
 * platform with simulated meters publishing over MQTT/TLS: a consumer signs in, sees a live value
 * change, opens six months of history and downloads a bill's PDF (history imported and a billing
 * run made through the API first); an operator signs in, sees ingest and network load moving,
 * opens a meter's curves, and sees a sag injected into the simulator appear as an open fault
 * without reloading. Integration profile: fails (never skips) when chromium or chromedriver is
 * missing. With {@code -Dmeterflow.screenshots=docs} it also writes the two screenshots the README
 * shows.
 */
class DashboardBrowserIT {

  static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension
  static final PlatformExtension PLATFORM = new PlatformExtension(Map.of("meterflow.billing.scheduler.enabled", false));

  static PlatformFixture f;
  static String admin;
  static Simulation simulation;
  static Thread publisher;
  static Nodes.Meter home;
  static String billPeriod;

  HeadlessChromium browser;
  WebDriver driver;
  Path downloads;

  @BeforeAll
  static void startTown() throws Exception {
    assertThat(Files.isExecutable(HeadlessChromium.CHROMIUM)).as("Chromium at " + HeadlessChromium.CHROMIUM + " (apt-get install chromium)").isTrue();
    assertThat(Files.isExecutable(HeadlessChromium.CHROMEDRIVER)).as("chromedriver at " + HeadlessChromium.CHROMEDRIVER + " (apt-get install chromium-driver)")
        .isTrue();
    f = PLATFORM.fixture();
    admin = f.platform.adminToken();
    Platform platform = f.platform;
    SimulationSettings settings = SimulationSettings.defaults(12, URI.create("http://127.0.0.1:" + platform.httpPort()),
            admin, platform.brokerUrl(), PLATFORM.dataDir().resolve("sim-credentials"))
        .withTopology(new TopologySpec(List.of("north", "south"), 3, 2, 1, 50, 0.0, 0.0, "B", 7),
            SimulationSettings.Mode.DIRECT, SimulationSettings.Sink.MQTT)
        .withTiming(Duration.ofSeconds(1), null, null, 1.0, null)
        .withClimate(platform.settings().zone(), Season.COOLING)
        .withConnections(4, 100, 1);
    simulation = new Simulation(settings);
    simulation.prepare();
    publisher = new Thread(() -> {
      try {
        simulation.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "browser-it-simulator");
    publisher.setDaemon(true);
    publisher.start();
    home = simulation.topology().meters().get(0);
    billPeriod = importHistoryAndBill(home.serial(), home.consumerId(), platform.settings().zone());
  }

  /**
   * Five months of the home meter's registers before the simulation started (every 3 h, ending
   * 0.05 kWh below its live register), then the billing run of its last complete period. Returns the period.
   */
  static String importHistoryAndBill(String serial, String consumer, ZoneId zone) throws Exception {
    JsonNode[] latest = new JsonNode[1];
    assertThat(PlatformFixture.await(WAIT, () -> {
      try {
        HttpResponse<String> r = f.get("/api/v1/meters/" + serial + "/readings/latest", admin);
        latest[0] = r.statusCode() == 200 ? PlatformFixture.JSON.readTree(r.body()) : null;
        return latest[0] != null;
      } catch (Exception e) {
        return false;
      }
    })).as("a live reading of " + serial).isTrue();
    double live = latest[0].get("importKwh").asDouble();
    Instant liveTs = Instant.parse(latest[0].get("ts").asText());
    int cycleDay = PlatformFixture.JSON.readTree(f.get("/api/v1/meters/" + serial, admin).body())
        .get("registration").get("cycleGroup").asInt();
    LocalDate today = LocalDate.now(zone);
    LocalDate current = today.getDayOfMonth() >= cycleDay ? today.withDayOfMonth(cycleDay)
        : today.minusMonths(1).withDayOfMonth(cycleDay);
    LocalDate previous = current.minusMonths(1);
    Instant from = previous.minusMonths(4).atStartOfDay(zone).toInstant();
    Instant to = liveTs.minus(Duration.ofHours(1));
    int rows = (int) (Duration.between(from, to).toHours() / 3);
    double step = Math.min(0.75, (live - 0.05) / (rows + 1));
    StringBuilder body = new StringBuilder("{\"serial\":\"" + serial + "\",\"readings\":[");
    for (int i = 0; i < rows; i++) {
      double register = live - 0.05 - (rows - 1 - i) * step;
      body.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "{\"ts\":\"%s\",\"importKwh\":%.3f}",
          from.plus(Duration.ofHours(3L * i)), register));
    }
    HttpResponse<String> imported = f.post("/api/v1/readings/import", admin, body.append("]}").toString());
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    assertThat(PlatformFixture.JSON.readTree(imported.body()).get("accepted").asInt()).as(imported.body()).isEqualTo(rows);
    String period = YearMonth.from(previous).toString();
    assertThat(PlatformFixture.await(WAIT, () -> {
      try {
        return f.platform.store().count(serial, from, to).toCompletableFuture().join() >= rows;
      } catch (RuntimeException e) {
        return false;
      }
    })).as("imported readings visible").isTrue();
    HttpResponse<String> run = f.post("/api/v1/billing/runs", admin, "{\"period\":\"" + period + "\",\"cycleDay\":" + cycleDay + "}");
    assertThat(run.statusCode()).as(run.body()).isEqualTo(202);
    assertThat(PlatformFixture.await(Duration.ofSeconds(60), () -> {
      try {
        return PlatformFixture.JSON.readTree(f.get("/api/v1/consumers/" + consumer + "/bills", admin).body()).size() > 0;
      } catch (Exception e) {
        return false;
      }
    })).as("a bill of %s for %s: %s", period, consumer, f.getQuietly("/api/v1/billing/runs")).isTrue();
    return period;
  }

  @AfterAll
  static void stopTown() throws InterruptedException {
    if (simulation != null) {
      simulation.close();
    }
    if (publisher != null) {
      publisher.join(10_000);
    }
  }

  void startBrowser(int width, int height) throws IOException {
    browser = HeadlessChromium.start(width, height, WAIT);
    driver = browser.driver();
    downloads = browser.downloads();
  }

  @AfterEach
  void stopBrowser() throws IOException {
    if (browser != null) {
      browser.close();
    }
  }

  String token(String role, String consumer) throws Exception {
    HttpResponse<String> r = f.post("/api/v1/tokens", admin, consumer == null
        ? "{\"role\":\"" + role + "\"}" : "{\"role\":\"" + role + "\",\"consumerId\":\"" + consumer + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return PlatformFixture.JSON.readTree(r.body()).get("token").asText();
  }

  WebDriverWait waiting() {
    return new WebDriverWait(driver, WAIT, Duration.ofMillis(200));
  }

  String text(String id) {
    return driver.findElement(By.id(id)).getText().trim();
  }

  @Test
  void aConsumerSignsInWithTheFormSeesLiveValuesHistoryAndDownloadsTheirBill() throws Exception {
    startBrowser(1280, 1900);
    driver.get(f.api("/").toString());
    driver.findElement(By.id("token")).sendKeys("mf_wrong");
    driver.findElement(By.id("signin")).click();
    waiting().until(d -> !text("loginError").isEmpty());
    WebElement field = driver.findElement(By.id("token"));
    field.clear();
    field.sendKeys(token("consumer", home.consumerId()));
    driver.findElement(By.id("signin")).click();
    waiting().until(d -> d.getCurrentUrl().endsWith("/consumer.html"));

    // live: a new reading arrives over the WebSocket and the numbers change
    waiting().until(d -> !text("lastTs").equals("–") && !text("power").equals("–"));
    String first = text("lastTs") + " " + text("power") + " " + text("voltage");
    waiting().until(d -> !text("lastTs").equals(first.split(" ")[0]));
    assertThat(text("lastTs") + " " + text("power") + " " + text("voltage")).isNotEqualTo(first);
    assertThat(text("meter")).contains(home.serial());
    assertThat(text("status")).isEqualTo("live");

    // usage so far and six months of history (the imported registers), daily and monthly, as tables too
    waiting().until(d -> text("cost").startsWith("₹"));
    assertThat(Double.parseDouble(text("periodKwh").replace(",", ""))).isGreaterThan(0);
    openTables();
    waiting().until(d -> tableRows("dailyChart") > 100);
    assertThat(tableRows("monthlyChart")).isGreaterThanOrEqualTo(5);

    // the bill of the period billed above, and its PDF
    waiting().until(d -> !d.findElements(By.cssSelector("#bills button.pdf")).isEmpty());
    assertThat(text("bills")).contains(billPeriod);
    driver.findElement(By.cssSelector("#bills button.pdf")).click();
    Path pdf = awaitDownload();
    byte[] head = new byte[5];
    try (var in = Files.newInputStream(pdf)) {
      assertThat(in.read(head)).isEqualTo(5);
    }
    assertThat(new String(head, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
    assertThat(severeConsoleErrors()).isEmpty();
    screenshot("dashboard-consumer.png");

    // phone width: nothing wider than the screen
    driver.manage().window().setSize(new Dimension(390, 844));
    waiting().until(d -> ((Number) ((JavascriptExecutor) d).executeScript(
        "return document.documentElement.scrollWidth")).intValue() <= 400);
  }

  @Test
  void anOperatorSeesTheNetworkLiveAMetersCurvesAndAnInjectedSagAppearWithoutReloading() throws Exception {
    startBrowser(1280, 2400);
    Nodes.Meter victim = simulation.topology().meters().get(simulation.topology().meters().size() - 1);
    driver.get(f.api("/#token=" + token("operator", null)).toString());
    waiting().until(d -> d.getCurrentUrl().endsWith("/utility.html"));
    assertThat(driver.getCurrentUrl()).doesNotContain("token");
    // something moves within 10 s of opening the link: readings arrive in the live feed
    new WebDriverWait(driver, Duration.ofSeconds(10), Duration.ofMillis(100))
        .until(d -> !d.findElements(By.xpath("//tbody[@id='live']/tr/td[contains(., 'B0')]")).isEmpty());

    // ingest moving, network tree with live load, the live feed of readings
    waiting().until(d -> !text("rate").equals("–") && Double.parseDouble(text("rate").replace(",", "")) > 0);
    waiting().until(d -> text("tree").contains("north") && text("tree").contains("kW"));
    driver.findElement(By.cssSelector("#tree button.node[data-key='regions:north']")).click();
    waiting().until(d -> d.findElements(By.cssSelector("#tree button.node[data-key^='feeders:']")).size() > 0);
    waiting().until(d -> d.findElements(By.cssSelector("#live tr")).size() >= 5 && text("live").contains("B"));

    // meter search and detail: voltage, current and frequency of the last hour
    driver.findElement(By.id("q")).sendKeys(victim.serial());
    driver.findElement(By.cssSelector("#searchForm button")).click();
    waiting().until(d -> d.findElements(By.cssSelector("#hits button.node")).size() == 1);
    driver.findElement(By.cssSelector("#hits button.node")).click();
    waiting().until(d -> text("detailTitle").contains(victim.serial()));
    openTables();
    waiting().until(d -> tableRows("voltageChart") > 0 && tableRows("frequencyChart") > 0);

    // a sag on one meter, injected into the simulator now, appears among the open faults live
    assertThat(text("faults")).doesNotContain(victim.serial());
    Instant now = simulation.clock().now();
    simulation.faults().add(new Fault(FaultKind.SAG, new FaultTarget(FaultTarget.Level.METER, victim.serial()),
        now, now.plus(Duration.ofMinutes(5)), 0.7));
    waiting().until(d -> text("faults").contains(victim.serial()) && text("faults").contains("sag"));
    assertThat(text("meterEvents")).isNotNull();
    assertThat(severeConsoleErrors()).isEmpty();
    if (System.getProperty("meterflow.screenshots") != null) {
      // for the picture: a few minutes of region load (the chart redraws every 15 s)
      new WebDriverWait(driver, Duration.ofMinutes(4), Duration.ofSeconds(1)).until(d -> tableRows("regionChart") >= 3);
    }
    screenshot("dashboard-utility.png");

    // phone width: nothing wider than the screen (wide tables scroll inside their panel)
    driver.manage().window().setSize(new Dimension(390, 844));
    waiting().until(d -> ((Number) ((JavascriptExecutor) d).executeScript(
        "return document.documentElement.scrollWidth")).intValue() <= 400);
  }

  void openTables() {
    for (WebElement summary : driver.findElements(By.cssSelector("details.fallback:not([open]) summary"))) {
      if (summary.isDisplayed()) {
        summary.click();
      }
    }
  }

  int tableRows(String chartId) {
    return ((Number) ((JavascriptExecutor) driver).executeScript(
        "const t = document.getElementById(arguments[0]).nextElementSibling.querySelector('tbody');"
            + "return [...t.rows].filter(r => !r.cells[0].classList.contains('muted')).length;", chartId)).intValue();
  }

  Path awaitDownload() throws IOException {
    Path[] found = new Path[1];
    assertThat(PlatformFixture.await(WAIT, () -> {
      try (Stream<Path> files = Files.list(downloads)) {
        found[0] = files.filter(p -> p.toString().endsWith(".pdf")).findFirst().orElse(null);
        return found[0] != null && Files.size(found[0]) > 1000;
      } catch (IOException e) {
        return false;
      }
    })).as("a PDF in " + downloads).isTrue();
    return found[0];
  }

  /** Console errors other than failed resource loads the page handles itself (e.g. no forecast yet: 404). */
  List<String> severeConsoleErrors() {
    List<String> out = new ArrayList<>();
    for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
      if (e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()
          && !e.getMessage().contains("Failed to load resource")) {
        out.add(e.getMessage());
      }
    }
    return out;
  }

  /** With -Dmeterflow.screenshots=DIR, saves what the browser shows as DIR/name. */
  void screenshot(String name) throws IOException {
    String dir = System.getProperty("meterflow.screenshots");
    if (dir == null || dir.isBlank()) {
      return;
    }
    ((JavascriptExecutor) driver).executeScript(
        "document.querySelectorAll('details[open]').forEach(d => d.open = false); window.scrollTo(0, 0);");
    File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.createDirectories(Path.of(dir));
    Files.copy(shot.toPath(), Path.of(dir).resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }
}
