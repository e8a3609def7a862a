package org.meterflow.timeseries.questdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Runs SQL on QuestDB's REST endpoint {@code GET /exec?query=…} and reads its JSON answer
 * ({@code {"columns":[{"name":…,"type":…}],"dataset":[[…],…],"count":n}}, or {@code {"error":…}}).
 * Asynchronous on the JDK HTTP client; no threads of its own.
 */
final class QuestDbExec {

  private final URI execUri;
  private final HttpClient http;
  private final ObjectMapper json;
  private final Duration timeout;

  QuestDbExec(String httpUrl, Duration timeout, ObjectMapper json) {
    this.execUri = URI.create(stripTrailingSlash(httpUrl) + "/exec");
    this.timeout = timeout;
    this.json = json;
    // HTTP/1.1: QuestDB does not speak h2c, and the upgrade attempt would only cost a round trip.
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
  }

  /** The answer to a query: column names in order and the rows as JSON arrays. */
  record Result(Map<String, Integer> columns, List<JsonNode> rows) {

    /** The cell of {@code row} in column {@code name}. */
    JsonNode cell(JsonNode row, String name) {
      Integer index = columns.get(name);
      if (index == null) {
        throw new QuestDbException("QuestDB answer lacks column '" + name + "': " + columns.keySet());
      }
      return row.get(index);
    }
  }

  /**
   * Runs {@code sql}; completes with the rows, or fails with {@link QuestDbException} when QuestDB
   * answers with an error, or with the transport's exception (timeout, connection refused).
   */
  CompletableFuture<Result> query(String sql) {
    String encoded = URLEncoder.encode(sql, StandardCharsets.UTF_8).replace("+", "%20");
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(execUri + "?query=" + encoded))
            .timeout(timeout)
            .header("Accept", "application/json")
            .GET()
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .thenApply(response -> parse(sql, response));
  }

  private Result parse(String sql, HttpResponse<byte[]> response) {
    JsonNode body;
    try {
      body = json.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("QuestDB answered HTTP " + response.statusCode() + " with no JSON to: " + sql, e);
    }
    JsonNode error = body == null ? null : body.get("error");
    if (response.statusCode() != 200 || error != null) {
      String message = error != null ? error.asText() : String.valueOf(body);
      throw new QuestDbException("QuestDB HTTP " + response.statusCode() + ": " + message + " [sql: " + sql + "]");
    }
    Map<String, Integer> columns = new HashMap<>();
    JsonNode columnNodes = body.path("columns");
    for (int i = 0; i < columnNodes.size(); i++) {
      columns.put(columnNodes.get(i).path("name").asText(), i);
    }
    JsonNode dataset = body.path("dataset");
    List<JsonNode> rows = new ArrayList<>(dataset.size());
    dataset.forEach(rows::add);
    return new Result(Collections.unmodifiableMap(columns), Collections.unmodifiableList(rows));
  }

  static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
