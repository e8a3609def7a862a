package org.meterflow.influx.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
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
        assertThat(d.path("panels").size()).as("%s has panels", file).isPositive();
        Set<String> used = new HashSet<>();
        collectDatasourceUids(d, used);
        assertThat(used).as("datasources of %s", file).containsExactly("meterflow-" + store);
      }
    }
    assertThat(uids).hasSize(8);
  }

  @Test
  void chronografFilesAreDashboardExports() throws Exception {
    for (Path file : json(DashboardQueries.deploy().resolve("chronograf"))) {
      JsonNode d = JSON.readTree(file.toFile());
      assertThat(d.path("meta").path("chronografVersion").asText()).as(file.toString()).isNotEmpty();
      assertThat(d.path("dashboard").path("name").asText()).startsWith("MeterFlow");
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

  private static List<Path> json(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }
}
