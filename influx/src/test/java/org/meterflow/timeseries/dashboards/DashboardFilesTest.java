package org.meterflow.timeseries.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dashboards in {@code deploy/} fit together: each Grafana dashboard uses only the datasource
 * its folder is for, by a uid the provisioning file defines; dashboard uids are unique; the
 * provider loads both folders; Chronograf files are exports (meta + dashboard with cells). The
 * queries themselves run in {@code GrafanaQuestDbDashboardsTest} and {@code DashboardsInfluxQlIT}.
 */
class DashboardFilesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The four dashboards, each shipped for Grafana on InfluxDB, Grafana on QuestDB and Chronograf: file name, title. */
  private static final Map<String, String> DASHBOARDS = Map.of(
      "meterflow-events.json", "MeterFlow · Events (from readings)",
      "meterflow-fleet-ingest.json", "MeterFlow · Fleet ingest",
      "meterflow-region-load.json", "MeterFlow · Region load",
      "meterflow-voltage-quality.json", "MeterFlow · Voltage quality");

  /** Every folder holds exactly the four dashboards, by name: a missing or empty folder fails every test here. */
  @Test
  void everyFolderHoldsTheFourDashboards() throws Exception {
    Path deploy = DashboardQueries.deploy();
    for (String dir : List.of("grafana/dashboards/influxdb", "grafana/dashboards/questdb", "chronograf")) {
      assertThat(json(deploy.resolve(dir))).as("deploy/%s", dir).extracting(p -> p.getFileName().toString())
          .containsExactlyInAnyOrderElementsOf(DASHBOARDS.keySet());
    }
  }

  @Test
  void grafanaDashboardsUseTheProvisionedDatasources() throws Exception {
    Path grafana = DashboardQueries.deploy().resolve("grafana");
    String datasources = Files.readString(grafana.resolve("provisioning/datasources/meterflow.yaml"));
    assertThat(datasources).contains("uid: meterflow-influxdb", "type: influxdb", "uid: meterflow-questdb",
        "type: grafana-postgresql-datasource");
    String providers = Files.readString(grafana.resolve("provisioning/dashboards/meterflow.yaml"));
    assertThat(providers).contains("/influxdb", "/questdb");

    Set<String> uids = new HashSet<>();
    for (String store : List.of("influxdb", "questdb")) {
      for (Path file : json(grafana.resolve("dashboards").resolve(store))) {
        JsonNode d = JSON.readTree(file.toFile());
        assertThat(uids.add(d.path("uid").asText())).as("unique uid %s", file).isTrue();
        String name = file.getFileName().toString();
        assertThat(d.path("title").asText()).as("title of %s", file)
            .isEqualTo(DASHBOARDS.get(name) + (store.equals("influxdb") ? " (InfluxDB)" : " (QuestDB)"));
        assertThat(d.path("panels").size()).as("%s has panels", file).isPositive();
        Set<String> used = new HashSet<>();
        collectDatasourceUids(d, used);
        assertThat(used).as("datasources of %s", file).containsExactly("meterflow-" + store);
      }
    }
    assertThat(uids).containsExactlyInAnyOrder(
        "meterflow-influx-events", "meterflow-influx-fleet-ingest", "meterflow-influx-region-load",
        "meterflow-influx-voltage-quality", "meterflow-questdb-events", "meterflow-questdb-fleet-ingest",
        "meterflow-questdb-region-load", "meterflow-questdb-voltage-quality");
  }

  @Test
  void chronografFilesAreDashboardExports() throws Exception {
    for (Path file : json(DashboardQueries.deploy().resolve("chronograf"))) {
      JsonNode d = JSON.readTree(file.toFile());
      assertThat(d.path("meta").path("chronografVersion").asText()).as(file.toString()).isNotEmpty();
      assertThat(d.path("dashboard").path("name").asText()).as("name of %s", file)
          .isEqualTo(DASHBOARDS.get(file.getFileName().toString()));
      assertThat(d.path("dashboard").path("cells")).as("cells of %s", file).isNotEmpty();
      for (JsonNode cell : d.path("dashboard").path("cells")) {
        assertThat(cell.path("type").asText()).isIn("line", "single-stat", "table");
        assertThat(cell.path("queries")).isNotEmpty();
      }
    }
  }

  /** docs/dashboards-external.md shows every query exactly as the files hold it. */
  @Test
  void theDocumentationShowsEveryQueryVerbatim() throws Exception {
    Path deploy = DashboardQueries.deploy();
    String doc = Files.readString(deploy.resolveSibling("docs").resolve("dashboards-external.md"));
    int checked = 0;
    for (Path dir : List.of(deploy.resolve("grafana/dashboards/influxdb"), deploy.resolve("grafana/dashboards/questdb"),
        deploy.resolve("chronograf"))) {
      for (Path file : json(dir)) {
        Set<String> queries = new HashSet<>();
        collectQueries(JSON.readTree(file.toFile()), queries);
        for (String q : queries) {
          assertThat(doc).as("docs/dashboards-external.md shows the query of %s", file.getFileName()).contains(q);
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(60);
  }

  private static void collectQueries(JsonNode node, Set<String> out) {
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> {
        if ((e.getKey().equals("query") || e.getKey().equals("rawSql")) && e.getValue().isTextual()
            && e.getValue().asText().matches("(?s)^\\s*(SELECT|SHOW).*")) {
          out.add(e.getValue().asText());
        } else {
          collectQueries(e.getValue(), out);
        }
      });
    } else if (node.isArray()) {
      node.forEach(child -> collectQueries(child, out));
    }
  }

  private static void collectDatasourceUids(JsonNode node, Set<String> uids) {
    if (node.isObject()) {
      if (node.has("datasource") && node.get("datasource").has("uid")) {
        uids.add(node.get("datasource").get("uid").asText());
      }
      node.elements().forEachRemaining(child -> collectDatasourceUids(child, uids));
    } else if (node.isArray()) {
      node.forEach(child -> collectDatasourceUids(child, uids));
    }
  }

  /** The folder's dashboard files; never an empty list (that would let a loop over them pass vacuously). */
  private static List<Path> json(Path dir) throws Exception {
    assertThat(dir).isDirectory();
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
      assertThat(files).as("dashboard files in %s", dir).isNotEmpty();
      return files;
    }
  }
}
