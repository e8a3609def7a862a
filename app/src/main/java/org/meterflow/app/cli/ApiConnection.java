package org.meterflow.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
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
 * How the CLI commands reach a running MeterFlow: over its HTTP API (the same checks, audit log and
 * broker actions as any API client; the embedded H2 registry is locked by the running process
 * anyway). {@code --url} defaults to the configured {@code meterflow.http} address; the token is
 * {@code --token}, else env {@code METERFLOW_TOKEN}, else the bootstrap admin token in
 * {@code DATA_DIR/admin-token}. Failures to reach the platform are {@link ApiException}s with a
 * message for the operator.
 */
public final class ApiConnection {

  static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--url", description = "Base URL of the running platform (default: from meterflow.http)")
  String url;

  @Option(names = "--token", description = "API token (default: $METERFLOW_TOKEN, else DATA_DIR/admin-token)")
  String token;

  @Option(names = "--data-dir", description = "The platform's data directory, for its admin-token (default: meterflow.data-dir)")
  Path dataDir;

  @Option(names = "--timeout", defaultValue = "PT2M", description = "Request timeout (ISO-8601, default ${DEFAULT-VALUE})")
  Duration timeout = Duration.ofMinutes(2);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** The API's answer: status and body (JSON or problem+json). */
  public record Answer(int status, String body) {

    public boolean ok() {
      return status / 100 == 2;
    }

    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new ApiException("not JSON from the platform (HTTP " + status + "): " + body);
      }
    }

    /** The problem's detail (else its title, else the raw body), for an error message. */
    public String detail() {
      try {
        JsonNode node = JSON.readTree(body);
        return node.hasNonNull("detail") ? node.get("detail").asText() : node.path("title").asText(body);
      } catch (IOException e) {
        return body;
      }
    }

    public String problem() {
      return detail();
    }
  }

  /** The platform could not be reached or answered something unusable. */
  public static final class ApiException extends RuntimeException {
    public ApiException(String message) {
      super(message);
    }
  }

  public Answer get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  /** GET {@code path} with query parameters (null or empty values left out). */
  public Answer get(String path, Map<String, String> query) {
    return get(path + queryString(query));
  }

  public Answer post(String path, Object body) {
    try {
      return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : JSON.writeValueAsString(body))));
    } catch (IOException e) {
      throw new ApiException("cannot encode the request: " + e.getMessage());
    }
  }

  /** POST a text body (e.g. {@code text/csv}) to {@code path}. */
  public Answer postText(String path, String contentType, String body) {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  public Answer delete(String path) {
    return send(HttpRequest.newBuilder(uri(path)).DELETE());
  }

  private Answer send(HttpRequest.Builder request) {
    request.header("Authorization", "Bearer " + token()).header("Accept", "application/json").timeout(timeout);
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body());
    } catch (ConnectException e) {
      throw new ApiException("MeterFlow is not reachable at " + baseUrl() + " (is `meterflow serve` running?)");
    } catch (IOException e) {
      throw new ApiException("request to " + baseUrl() + " failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException("interrupted");
    }
  }

  private URI uri(String path) {
    return URI.create(baseUrl() + path);
  }

  String baseUrl() {
    if (url != null && !url.isBlank()) {
      return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
    Config config = MeterflowConfig.load(Map.of());
    String host = config.getString("meterflow.http.host");
    return "http://" + (host.equals("0.0.0.0") ? "127.0.0.1" : host) + ":" + config.getInt("meterflow.http.port");
  }

  private String token() {
    if (token != null && !token.isBlank()) {
      return token.trim();
    }
    String env = System.getenv("METERFLOW_TOKEN");
    if (env != null && !env.isBlank()) {
      return env.trim();
    }
    Path dir = dataDir != null ? dataDir : Path.of(MeterflowConfig.load(Map.of()).getString("meterflow.data-dir"));
    Path file = dir.resolve(AdminToken.FILE);
    try {
      return Files.readString(file, StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      throw new ApiException("no token: pass --token, set METERFLOW_TOKEN, or point --data-dir at the platform's data"
          + " directory (cannot read " + file + ")");
    }
  }

  private static String queryString(Map<String, String> query) {
    Map<String, String> present = new LinkedHashMap<>();
    query.forEach((k, v) -> {
      if (v != null && !v.isEmpty()) {
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
