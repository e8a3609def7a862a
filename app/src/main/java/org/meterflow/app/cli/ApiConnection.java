package org.meterflow.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import com.typesafe.config.Config;
import org.meterflow.app.MeterflowConfig;
import org.meterflow.app.security.AdminToken;
import picocli.CommandLine.Option;

/**
 * How a CLI command reaches a running MeterFlow: its HTTP API ({@code --url}, default the
 * configured {@code meterflow.http} address) with a bearer token ({@code --token}, env
 * {@code METERFLOW_TOKEN}, or the admin token in {@code --data-dir}).
 */
public final class ApiConnection {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--url", description = "Base URL of the running MeterFlow (default: from meterflow.http)")
  String url;

  @Option(names = "--token", description = "Bearer token (default: env METERFLOW_TOKEN, else DATA_DIR/admin-token)")
  String token;

  @Option(names = "--data-dir", description = "Data directory holding admin-token (default: meterflow.data-dir)")
  Path dataDir;

  @Option(names = "--timeout", defaultValue = "PT30S", description = "Request timeout (ISO-8601, default ${DEFAULT-VALUE})")
  Duration timeout;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** The API's answer: status and body (JSON when the server sent JSON). */
  public record Answer(int status, String body) {

    public boolean ok() {
      return status / 100 == 2;
    }

    public JsonNode json() throws IOException {
      return JSON.readTree(body);
    }

    /** The problem's detail (or the raw body) for an error message. */
    public String problem() {
      try {
        JsonNode node = JSON.readTree(body);
        return node.path("detail").asText(node.path("title").asText(body));
      } catch (IOException e) {
        return body;
      }
    }
  }

  /** GET {@code path} with query parameters (null values left out). */
  public Answer get(String path, Map<String, String> query) throws IOException, InterruptedException {
    HttpRequest request = request(path + queryString(query)).GET().build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body());
  }

  /** POST a JSON body to {@code path}. */
  public Answer post(String path, Object body) throws IOException, InterruptedException {
    HttpRequest request = request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body());
  }

  /** POST a text body (e.g. {@code text/csv}) to {@code path}. */
  public Answer postText(String path, String contentType, String body) throws IOException, InterruptedException {
    HttpRequest request = request(path).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body());
  }

  private HttpRequest.Builder request(String path) throws IOException {
    return HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(timeout)
        .header("Authorization", "Bearer " + bearer()).header("Accept", "application/json");
  }

  String baseUrl() {
    if (url != null && !url.isBlank()) {
      return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
    Config config = MeterflowConfig.load(Map.of());
    String host = config.getString("meterflow.http.host");
    return "http://" + (host.equals("0.0.0.0") ? "127.0.0.1" : host) + ":" + config.getInt("meterflow.http.port");
  }

  private String bearer() throws IOException {
    if (token != null && !token.isBlank()) {
      return token.trim();
    }
    String env = System.getenv("METERFLOW_TOKEN");
    if (env != null && !env.isBlank()) {
      return env.trim();
    }
    Path dir = dataDir != null ? dataDir : Path.of(MeterflowConfig.load(Map.of()).getString("meterflow.data-dir"));
    Path file = dir.resolve(AdminToken.FILE);
    if (!Files.isReadable(file)) {
      throw new IOException("no token: give --token, set METERFLOW_TOKEN, or --data-dir of the platform (" + file + " not readable)");
    }
    return Files.readString(file).trim();
  }

  private static String queryString(Map<String, String> query) {
    Map<String, String> present = new LinkedHashMap<>();
    query.forEach((k, v) -> {
      if (v != null) {
        present.put(k, v);
      }
    });
    if (present.isEmpty()) {
      return "";
    }
    return present.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&", "?", ""));
  }
}
