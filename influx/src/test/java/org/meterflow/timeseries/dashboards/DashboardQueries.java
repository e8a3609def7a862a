package org.meterflow.timeseries.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every query of the dashboards in {@code deploy/}, with its template variables replaced the way
 * Grafana and Chronograf would for the {@link DemoFleet}'s range, region {@code north} and feeder
 * {@code F-N1}. Each file's query count is checked against the number of strings in it that look
 * like a query, so a query in a place this class does not read fails the tests instead of going
 * untested.
 */
public final class DashboardQueries {

  /** One query: where it is (file, panel/cell, target) and its text ready to run. */
  public record Query(String where, String text) {}

  public static final String REGION = "north";
  public static final String FEEDER = "F-N1";
  public static final String STEP = "15m";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LEFTOVER = Pattern.compile("\\$\\w|\\$\\{|:[A-Za-z]+:");
  private static final Pattern LOOKS_LIKE_QUERY = Pattern.compile("^\\s*(SELECT|SHOW)\\s", Pattern.CASE_INSENSITIVE);

  private DashboardQueries() {}

  public static Path deploy() {
    Path deploy = Path.of("..", "deploy").toAbsolutePath().normalize();
    assertThat(deploy.resolve("grafana")).as("deploy/ next to the module").isDirectory();
    return deploy;
  }

  /** Grafana dashboards on the InfluxDB datasource: panel targets' {@code query} and query variables. */
  public static List<Query> grafanaInfluxQl(Instant from, Instant to) {
    Map<String, String> vars = Map.of(
        "$timeFilter", "time >= " + from.toEpochMilli() + "ms and time <= " + to.toEpochMilli() + "ms",
        "$__interval", STEP,
        "$region", REGION,
        "$feeder", FEEDER);
    List<Query> out = new ArrayList<>();
    for (Path file : files(deploy().resolve("grafana/dashboards/influxdb"))) {
      JsonNode d = read(file);
      List<Query> mine = new ArrayList<>();
      for (JsonNode panel : d.path("panels")) {
        for (JsonNode target : panel.path("targets")) {
          assertThat(target.path("rawQuery").asBoolean()).as("%s: raw InfluxQL", file).isTrue();
          mine.add(new Query(file.getFileName() + " / " + panel.path("title").asText() + " / " + target.path("refId").asText(),
              substitute(target.path("query").asText(), vars)));
        }
      }
      for (JsonNode variable : d.path("templating").path("list")) {
        if (variable.path("type").asText().equals("query")) {
          mine.add(new Query(file.getFileName() + " / variable " + variable.path("name").asText(),
              substitute(variable.path("query").asText(), vars)));
        }
      }
      assertThat(mine).as("every query of %s is read", file).hasSize(countQueryStrings(d, false));
      out.addAll(mine);
    }
    return out;
  }

  /** Chronograf dashboards (export format): cells' queries and tag-value template variables. */
  public static List<Query> chronografInfluxQl(Instant from, Instant to, String database) {
    Map<String, String> vars = Map.of(
        ":dashboardTime:", from.toEpochMilli() + "ms",
        ":upperDashboardTime:", to.toEpochMilli() + "ms",
        ":interval:", STEP,
        ":region:", "'" + REGION + "'",
        ":feeder:", "'" + FEEDER + "'");
    List<Query> out = new ArrayList<>();
    for (Path file : files(deploy().resolve("chronograf"))) {
      JsonNode d = read(file).path("dashboard");
      assertThat(d.path("cells").size()).as("%s has cells", file).isPositive();
      List<Query> mine = new ArrayList<>();
      for (JsonNode cell : d.path("cells")) {
        for (JsonNode q : cell.path("queries")) {
          assertThat(q.path("queryConfig").path("rawText").asText()).as("%s: rawText is the query", file)
              .isEqualTo(q.path("query").asText());
          mine.add(new Query(file.getFileName() + " / " + cell.path("name").asText(), substitute(q.path("query").asText(), vars)));
        }
      }
      for (JsonNode t : d.path("templates")) {
        JsonNode q = t.path("query");
        String text = q.path("influxql").asText()
            .replace(":database:", "\"" + database + "\"")
            .replace(":measurement:", "\"" + q.path("measurement").asText() + "\"")
            .replace(":tagKey:", "\"" + q.path("tagKey").asText() + "\"");
        mine.add(new Query(file.getFileName() + " / template " + t.path("tempVar").asText(), substitute(text, vars)));
      }
      assertThat(mine).as("every query of %s is read", file).hasSize(countQueryStrings(d, true));
      out.addAll(mine);
    }
    return out;
  }

  /** Grafana dashboards on the PostgreSQL datasource (QuestDB): panel targets' {@code rawSql} and query variables. */
  public static List<Query> grafanaQuestDbSql(Instant from, Instant to) {
    Map<String, String> vars = Map.of(
        "$__timeFilter(ts)", "ts BETWEEN '" + from + "' AND '" + to + "'",
        "$__timeFilter(timestamp)", "timestamp BETWEEN '" + from + "' AND '" + to + "'",
        "$__timeTo()", "'" + to + "'",
        "$region", "'" + REGION + "'",
        "$feeder", "'" + FEEDER + "'",
        "$step", STEP);
    List<Query> out = new ArrayList<>();
    for (Path file : files(deploy().resolve("grafana/dashboards/questdb"))) {
      JsonNode d = read(file);
      List<Query> mine = new ArrayList<>();
      for (JsonNode panel : d.path("panels")) {
        for (JsonNode target : panel.path("targets")) {
          mine.add(new Query(file.getFileName() + " / " + panel.path("title").asText() + " / " + target.path("refId").asText(),
              substitute(target.path("rawSql").asText(), vars)));
        }
      }
      for (JsonNode variable : d.path("templating").path("list")) {
        if (variable.path("type").asText().equals("query")) {
          mine.add(new Query(file.getFileName() + " / variable " + variable.path("name").asText(),
              substitute(variable.path("query").asText(), vars)));
        }
      }
      assertThat(mine).as("every query of %s is read", file).hasSize(countQueryStrings(d, false));
      out.addAll(mine);
    }
    return out;
  }

  /** Longest names first, so {@code $feeder} never eats part of a longer name; nothing may be left over. */
  static String substitute(String text, Map<String, String> vars) {
    String out = text;
    List<String> names = new ArrayList<>(vars.keySet());
    names.sort((a, b) -> b.length() - a.length());
    for (String name : names) {
      out = out.replace(name, vars.get(name));
    }
    assertThat(out).as("no template variable left in: %s", out).doesNotContainPattern(LEFTOVER);
    return out;
  }

  /** Strings in the document that start like a query; Chronograf's {@code rawText} copies are not counted. */
  private static int countQueryStrings(JsonNode node, boolean skipRawText) {
    int n = 0;
    if (node.isObject()) {
      var fields = node.fields();
      while (fields.hasNext()) {
        var e = fields.next();
        if (skipRawText && e.getKey().equals("rawText")) {
          continue;
        }
        n += countQueryStrings(e.getValue(), skipRawText);
      }
    } else if (node.isArray()) {
      for (JsonNode child : node) {
        n += countQueryStrings(child, skipRawText);
      }
    } else if (node.isTextual() && LOOKS_LIKE_QUERY.matcher(node.asText()).find()) {
      n++;
    }
    return n;
  }

  private static List<Path> files(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
      assertThat(files).as("dashboards in %s", dir).hasSizeGreaterThanOrEqualTo(4);
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode read(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** True when a row holds something worth drawing: a non-zero number or a non-empty string outside the time column. */
  public static boolean meaningful(List<JsonNode> rows, int timeColumn) {
    for (JsonNode row : rows) {
      for (int i = 0; i < row.size(); i++) {
        if (i == timeColumn) {
          continue;
        }
        JsonNode v = row.get(i);
        if ((v.isNumber() && v.asDouble() != 0) || (v.isTextual() && !v.asText().isEmpty())) {
          return true;
        }
      }
    }
    return false;
  }
}
