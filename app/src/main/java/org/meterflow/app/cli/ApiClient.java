package org.meterflow.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.meterflow.http.api.Json;
import picocli.CommandLine.Option;

/** Options and calls of the commands that talk to a running MeterFlow over its HTTP API. */
public final class ApiClient {

  @Option(names = "--url", description = "MeterFlow's base URL (default http://127.0.0.1:8080)")
  String url = "http://127.0.0.1:8080";

  @Option(names = "--token", description = "Bearer token (default: the admin token in --data-dir)")
  String token;

  @Option(names = "--data-dir", description = "Data folder holding admin-token (default ./meterflow-data)")
  Path dataDir = Path.of("meterflow-data");

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** An answer: status and JSON body (or null when the body is not JSON). */
  public record Answer(int status, JsonNode body, String raw) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }

    /** The problem+json detail, or the raw body. */
    public String error() {
      return body != null && body.has("detail") ? body.get("detail").asText() : raw;
    }
  }

  public Answer get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  public Answer post(String path, Object body) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))));
  }

  private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request.timeout(Duration.ofMinutes(2))
        .header("Authorization", "Bearer " + token()).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = null;
    try {
      json = new ObjectMapper().readTree(response.body());
    } catch (IOException notJson) {
      // keep the raw body for the message
    }
    return new Answer(response.statusCode(), json, response.body());
  }

  private URI uri(String path) {
    return URI.create(url.replaceAll("/+$", "") + path);
  }

  private String token() throws IOException {
    if (token != null && !token.isBlank()) {
      return token.trim();
    }
    Path file = dataDir.resolve("admin-token");
    if (!Files.exists(file)) {
      throw new IOException("no --token given and no " + file + " (start MeterFlow or pass --data-dir)");
    }
    return Files.readString(file).trim();
  }
}
