package org.meterflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The built-in pages without a browser: every page, script, style and chart-library file they
 * reference is served with its content type, cache and security headers; and the consumer usage
 * endpoint behind the consumer page computes today's and the period's kWh and the bill so far with
 * the shipped domestic tariff, for its own consumer only.
 */
class DashboardPagesTest {

  /** A zone where it is now between noon and 1 pm, so that "today" has begun long enough ago whenever the test runs. */
  private static final ZoneId ZONE = java.time.ZoneOffset.ofHours(12 - java.time.LocalTime.now(java.time.ZoneOffset.UTC).getHour());
  private static final Pattern REFERENCE = Pattern.compile("(?:src|href)=\"(/[^\"#]*)\"|from '(/[^']+)'|import\\('(/[^']+)'\\)");

  @RegisterExtension
  static final PlatformExtension platform = new PlatformExtension(Map.of("meterflow.zone", ZONE.getId(),
      "meterflow.billing.scheduler.enabled", false));

  static PlatformFixture f;
  static String admin;

  @BeforeAll
  static void setUp() {
    f = platform.fixture();
    admin = f.platform.adminToken();
  }

  @Test
  void everyPageAndEverythingItReferencesIsServedWithItsTypeAndCacheHeaders() throws Exception {
    Set<String> seen = new LinkedHashSet<>();
    List<String> queue = new ArrayList<>(List.of("/", "/consumer.html", "/utility.html"));
    while (!queue.isEmpty()) {
      String path = queue.remove(0);
      if (!seen.add(path)) {
        continue;
      }
      HttpResponse<String> r = f.get(path, null);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      String type = r.headers().firstValue("Content-Type").orElse("");
      String expected = path.endsWith(".js") ? "application/javascript" : path.endsWith(".css") ? "text/css"
          : path.endsWith(".svg") ? "image/svg+xml" : "text/html";
      assertThat(type).as(path).startsWith(expected);
      if (!path.endsWith(".svg")) {
        assertThat(type).as(path).contains("charset=UTF-8");
      }
      assertThat(r.headers().firstValue("Cache-Control")).as(path)
          .hasValue(path.startsWith("/assets/") ? "public, max-age=604800" : "no-cache");
      assertThat(r.headers().firstValue("Last-Modified")).as(path).isPresent();
      assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
      assertThat(r.headers().firstValue("Content-Security-Policy")).as(path).hasValueSatisfying(csp ->
          assertThat(csp).contains("default-src 'self'"));
      if (!path.startsWith("/assets/")) {
        Matcher m = REFERENCE.matcher(r.body());
        while (m.find()) {
          String ref = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
          if (!ref.startsWith("/api/") && !ref.equals("/")) {
            queue.add(ref);
          }
        }
      }
    }
    assertThat(seen).contains("/app/common.js", "/app/consumer.js", "/app/utility.js", "/app/cluster.js", "/app/meterflow.css", "/app/favicon.svg",
        "/assets/uplot/dist/uPlot.esm.js", "/assets/uplot/dist/uPlot.min.css");
    // the library really is uPlot (the WebJar), and nothing outside its dist folder or the pages leaks
    assertThat(f.get("/assets/uplot/dist/uPlot.esm.js", null).body()).contains("uPlot");
    assertThat(f.get("/assets/uplot/package.json", null).statusCode()).isEqualTo(404);
    assertThat(f.get("/app/../web/index.html", null).statusCode()).isEqualTo(404);
    assertThat(f.get("/app/nothing.js", null).statusCode()).isEqualTo(404);
    assertThat(f.get("/META-INF/MANIFEST.MF", null).statusCode()).isEqualTo(404);
  }

  /** The utility page's Cluster panel: every element its script fills is on the page. */
  @Test
  void theClusterPanelIsOnTheUtilityPageWithEveryElementItsScriptFills() throws Exception {
    String page = f.get("/utility.html", null).body();
    String script = f.get("/app/cluster.js", null).body();
    assertThat(f.get("/app/utility.js", null).body()).contains("clusterPanel()");
    assertThat(script).contains("/api/v1/cluster");
    Matcher ids = Pattern.compile("\\$\\('([A-Za-z]+)'\\)").matcher(script);
    Set<String> filled = new LinkedHashSet<>();
    while (ids.find()) {
      filled.add(ids.group(1));
    }
    assertThat(filled).contains("clusterMembers", "clusterSingletons", "clusterChanges");
    assertThat(filled).allSatisfy(id -> assertThat(page).as("utility.html").contains("id=\"" + id + "\""));
  }

  @Test
  void meTellsThePagesWhoTheTokenIs() throws Exception {
    JsonNode me = PlatformFixture.JSON.readTree(f.get("/api/v1/me", consumerToken("C-ME")).body());
    assertThat(me.get("role").asText()).isEqualTo("consumer");
    assertThat(me.get("consumerId").asText()).isEqualTo("C-ME");
    JsonNode staff = PlatformFixture.JSON.readTree(f.get("/api/v1/me", admin).body());
    assertThat(staff.get("role").asText()).isEqualTo("admin");
    assertThat(f.get("/api/v1/me", "mf_not-a-token").statusCode()).isEqualTo(401);
  }

  @Test
  void usageSoFarIsTheRegisterDifferenceAndTheBillOfItForItsOwnConsumerOnly() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    LocalDate today = LocalDate.ofInstant(now, ZONE);
    // a cycle day whose period did not start today, so "today" and "this period" differ
    int cycleDay = today.getDayOfMonth() == 1 ? 2 : 1;
    LocalDate periodStart = today.getDayOfMonth() >= cycleDay ? today.withDayOfMonth(cycleDay)
        : today.minusMonths(1).withDayOfMonth(cycleDay);
    Instant p0 = periodStart.atStartOfDay(ZONE).toInstant();
    Instant t0 = today.atStartOfDay(ZONE).toInstant();
    HttpResponse<String> registered = f.post("/api/v1/meters", admin, "{\"serial\":\"MU1\",\"consumer\":\"C-U1\","
        + "\"tariff\":\"domestic\",\"region\":\"north\",\"feeder\":\"F1\",\"dt\":\"DT1\",\"cycleGroup\":" + cycleDay + "}");
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    HttpResponse<String> consumer = f.post("/api/v1/consumers", admin,
        "{\"id\":\"C-U1\",\"name\":\"Asha Rao\",\"sanctionedLoadKw\":2}");
    assertThat(consumer.statusCode()).as(consumer.body()).isEqualTo(201);
    // registers: 1000 kWh before the period, 1100 before today, 1102.5 a minute ago
    HttpResponse<String> imported = f.post("/api/v1/readings/import", admin, "{\"serial\":\"MU1\",\"readings\":["
        + reading(1, p0.minus(Duration.ofMinutes(20)), "1000.000") + ","
        + reading(2, t0.minus(Duration.ofMinutes(20)), "1100.000") + ","
        + reading(3, now.minus(Duration.ofMinutes(1)), "1102.500") + "]}");
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    assertThat(PlatformFixture.JSON.readTree(imported.body()).get("accepted").asInt()).as(imported.body()).isEqualTo(3);

    String own = consumerToken("C-U1");
    JsonNode[] usage = new JsonNode[1];
    boolean computed = PlatformFixture.await(Duration.ofSeconds(30), () -> {
      try {
        HttpResponse<String> r = f.get("/api/v1/consumers/C-U1/usage", own);
        usage[0] = r.statusCode() == 200 ? PlatformFixture.JSON.readTree(r.body()).get("meters").get(0) : null;
        return usage[0] != null && usage[0].get("periodImportKwh").decimalValue().compareTo(new BigDecimal("102.5")) == 0;
      } catch (Exception e) {
        return false;
      }
    });
    assertThat(computed).as("usage: %s", usage[0]).isTrue();
    JsonNode m = usage[0];
    assertThat(m.get("serial").asText()).isEqualTo("MU1");
    assertThat(m.get("periodStart").asText()).isEqualTo(periodStart.toString());
    assertThat(m.get("todayKwh").decimalValue()).isEqualByComparingTo("2.5");
    assertThat(m.get("tariffCode").asText()).isEqualTo("DOM-LT1-2026");
    // DOM-LT1-2026, 2 kW: fixed 50 + 2 × 20 = 90; energy 100 × 3.00 + 2.5 × 4.50 = 311.25; duty 6 % = 18.68;
    // subtotal 419.93; tax 2 % = 8.40; total 428.33
    assertThat(m.get("cost").decimalValue()).isEqualByComparingTo("428.33");
    assertThat(m.get("currency").asText()).isEqualTo("INR");
    JsonNode daily = m.get("daily");
    assertThat(daily.get(daily.size() - 1).get("date").asText()).isEqualTo(today.toString());
    assertThat(daily.get(daily.size() - 1).get("kwh").decimalValue()).isEqualByComparingTo("2.5");
    BigDecimal dailySum = BigDecimal.ZERO;
    for (JsonNode d : daily) {
      dailySum = dailySum.add(d.get("kwh").decimalValue());
    }
    BigDecimal monthlySum = BigDecimal.ZERO;
    for (JsonNode mo : m.get("monthly")) {
      monthlySum = monthlySum.add(mo.get("kwh").decimalValue());
    }
    assertThat(dailySum).isEqualByComparingTo("102.5");
    assertThat(monthlySum).isEqualByComparingTo(dailySum);

    // staff may look; another consumer learns nothing (404 like an unknown consumer); search is staff-only
    assertThat(f.get("/api/v1/consumers/C-U1/usage", admin).statusCode()).isEqualTo(200);
    HttpResponse<String> other = f.get("/api/v1/consumers/C-U1/usage", consumerToken("C-U2"));
    assertThat(other.statusCode()).isEqualTo(404);
    assertThat(other.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(f.get("/api/v1/consumers/C-nobody/usage", admin).statusCode()).isEqualTo(404);
    assertThat(f.get("/api/v1/meters?q=MU", own).statusCode()).isEqualTo(403);
    JsonNode hits = PlatformFixture.JSON.readTree(f.get("/api/v1/meters?q=MU", admin).body()).get("meters");
    assertThat(hits).hasSize(1);
    assertThat(hits.get(0).get("consumerId").asText()).isEqualTo("C-U1");
    assertThat(PlatformFixture.JSON.readTree(f.get("/api/v1/meters?q=C-U1", admin).body()).get("meters")).hasSize(1);
    assertThat(PlatformFixture.JSON.readTree(f.get("/api/v1/meters?q=%25", admin).body()).get("meters")).isEmpty();
    assertThat(f.get("/api/v1/meters?limit=0", admin).statusCode()).isEqualTo(400);
  }

  private static String reading(int seq, Instant ts, String importKwh) {
    return "{\"seq\":" + seq + ",\"ts\":\"" + ts + "\",\"importKwh\":" + importKwh + "}";
  }

  private static String consumerToken(String consumer) throws Exception {
    HttpResponse<String> r = f.post("/api/v1/tokens", admin, "{\"role\":\"consumer\",\"consumerId\":\"" + consumer + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return PlatformFixture.JSON.readTree(r.body()).get("token").asText();
  }
}
