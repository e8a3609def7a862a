package org.meterflow.app.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.meterflow.app.MeterflowConfig;
import org.meterflow.app.security.AdminToken;
import picocli.CommandLine.Option;

/**
 * How the admin commands reach MeterFlow: over the HTTP API of the running platform (the same
 * checks, audit log and broker actions as any API client; the embedded H2 registry is locked by
 * the running process anyway). The token is {@code --token}, else {@code METERFLOW_TOKEN}, else
 * the bootstrap admin token in {@code DATA_DIR/admin-token}.
 */
public final class ApiConnection {

  static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--url", description = "Base URL of the running platform (default http://127.0.0.1:<meterflow.http.port>)")
  String url;

  @Option(names = "--token", description = "API token (default: $METERFLOW_TOKEN, else DATA_DIR/admin-token)")
  String token;

  @Option(names = "--data-dir", description = "The platform's data directory, for its admin-token (default: meterflow.data-dir)")
  Path dataDir;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** The HTTP answer: status and body (JSON or problem+json). */
  record Answer(int status, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new ApiException("not JSON from the platform (HTTP " + status + "): " + body);
      }
    }

    /** The problem's detail, or the raw body. */
    String detail() {
      try {
        JsonNode node = JSON.readTree(body);
        return node.hasNonNull("detail") ? node.get("detail").asText() : body;
      } catch (IOException e) {
        return body;
      }
    }
  }

  /** The platform could not be reached or answered something unusable. */
  static final class ApiException extends RuntimeException {
    ApiException(String message) {
      super(message);
    }
  }

  Answer get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  Answer post(String path, Object body) {
    try {
      return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : JSON.writeValueAsString(body))));
    } catch (IOException e) {
      throw new ApiException("cannot encode the request: " + e.getMessage());
    }
  }

  Answer delete(String path) {
    return send(HttpRequest.newBuilder(uri(path)).DELETE());
  }

  private Answer send(HttpRequest.Builder request) {
    request.header("Authorization", "Bearer " + token()).timeout(Duration.ofMinutes(2));
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
    var config = MeterflowConfig.load(Map.of());
    return "http://127.0.0.1:" + config.getInt("meterflow.http.port");
  }

  private String token() {
    if (token != null && !token.isBlank()) {
      return token;
    }
    String env = System.getenv("METERFLOW_TOKEN");
    if (env != null && !env.isBlank()) {
      return env;
    }
    Path dir = dataDir != null ? dataDir
        : Path.of(MeterflowConfig.load(Map.of()).getString("meterflow.data-dir"));
    Path file = dir.resolve(AdminToken.FILE);
    try {
      return Files.readString(file, StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      throw new ApiException("no token: pass --token, set METERFLOW_TOKEN, or point --data-dir at the platform's data"
          + " directory (cannot read " + file + ")");
    }
  }
}
