package org.meterflow.timeseries.influxdb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterflow.timeseries.dashboards.DashboardQueries;
import org.meterflow.timeseries.dashboards.DemoFleet;

/**
 * Every InfluxQL query of the Grafana ({@code deploy/grafana/dashboards/influxdb}) and Chronograf
 * ({@code deploy/chronograf}) dashboards, template variables replaced as the tools do, runs on
 * Debian's InfluxDB 1.6 (started here, auth on) holding the demo fleet written through the real
 * adapter, without error, and returns rows worth drawing. Integration profile; fails when
 * {@code /usr/bin/influxd} is missing.
 */
class DashboardsInfluxQlIT {

  private static final String USER = "meterflow";
  private static final String PASSWORD = "dash-Pa55word";
  private static final String DATABASE = "meterflow";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path dir;
  private static InfluxDbServer influxd;
  private static InfluxDbReadingStore store;
  private static DemoFleet fleet;

  @BeforeAll
  static void writeTheDemoFleet() throws Exception {
    influxd = InfluxDbServer.start(Files.createDirectories(dir.resolve("influxdb")), true);
    influxd.createAdmin(USER, PASSWORD);
    store = new InfluxDbReadingStore(new InfluxDbSettings(influxd.url(), 1, "", "", "", DATABASE, "", USER, PASSWORD,
        true, Duration.ofSeconds(10), Duration.ofSeconds(10), 2, 16));
    store.start().toCompletableFuture().join();
    fleet = new DemoFleet(Instant.now());
    store.write(fleet.readings).toCompletableFuture().join();
    store.writeEvents(fleet.events).toCompletableFuture().join();
    JsonNode count = query("SELECT count(\"voltage\") FROM \"readings\"");
    assertThat(count.path("series").path(0).path("values").path(0).path(1).asLong()).isEqualTo(fleet.readings.size());
  }

  @AfterAll
  static void stop() {
    if (store != null) {
      store.close();
    }
    if (influxd != null) {
      influxd.close();
    }
  }

  @Test
  void everyGrafanaInfluxQlQueryRunsAndReturnsRows() throws Exception {
    List<DashboardQueries.Query> queries = DashboardQueries.grafanaInfluxQl(fleet.from, fleet.to);
    assertThat(queries).hasSizeGreaterThan(20);
    assertThat(failures(queries)).isEmpty();
  }

  @Test
  void everyChronografQueryRunsAndReturnsRows() throws Exception {
    List<DashboardQueries.Query> queries = DashboardQueries.chronografInfluxQl(fleet.from, fleet.to, DATABASE);
    assertThat(queries).hasSizeGreaterThan(20);
    assertThat(failures(queries)).isEmpty();
  }

  @Test
  void theExcursionTableNamesTheFaultyMeters() throws Exception {
    DashboardQueries.Query table = DashboardQueries.grafanaInfluxQl(fleet.from, fleet.to).stream()
        .filter(q -> q.where().contains("Meters with excursions")).findFirst().orElseThrow();
    List<String> serials = new ArrayList<>();
    for (JsonNode series : query(table.text()).path("series")) {
      serials.add(series.path("tags").path("serial").asText());
    }
    assertThat(serials).containsExactlyInAnyOrder("N-0002", "N-0003", "N-0004");
  }

  private static List<String> failures(List<DashboardQueries.Query> queries) throws Exception {
    List<String> failures = new ArrayList<>();
    for (DashboardQueries.Query q : queries) {
      JsonNode result = query(q.text());
      if (result.has("error")) {
        failures.add(q.where() + ": " + result.path("error").asText() + " — " + q.text());
        continue;
      }
      List<JsonNode> rows = new ArrayList<>();
      boolean meaningful = false;
      for (JsonNode series : result.path("series")) {
        int time = -1;
        for (int i = 0; i < series.path("columns").size(); i++) {
          if (series.path("columns").get(i).asText().equals("time")) {
            time = i;
          }
        }
        List<JsonNode> values = new ArrayList<>();
        series.path("values").forEach(values::add);
        rows.addAll(values);
        meaningful |= DashboardQueries.meaningful(values, time);
      }
      if (rows.isEmpty() || !meaningful) {
        failures.add(q.where() + ": no rows worth drawing (" + rows.size() + " rows) for " + q.text());
      }
    }
    return failures;
  }

  /** The first statement's result of {@code POST /query}, as InfluxDB answers it (error included). */
  private static JsonNode query(String influxQl) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
            URI.create(influxd.url() + "/query?epoch=ms&db=" + DATABASE))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
            (USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("q=" + URLEncoder.encode(influxQl, StandardCharsets.UTF_8)))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode body = JSON.readTree(response.body());
    if (response.statusCode() != 200) {
      return JSON.createObjectNode().put("error", "HTTP " + response.statusCode() + ": " + response.body());
    }
    return body.path("results").path(0);
  }
}
