package org.meterflow.simulator.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The simulator's view of MeterFlow's HTTP API: registers meters exactly as a utility's
 * onboarding tool would ({@code POST /api/v1/meters} with an admin token).
 */
public final class PlatformClient {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI apiBase;
  private final String token;

  /** @param apiBase e.g. {@code http://127.0.0.1:8080} */
  public PlatformClient(URI apiBase, String token) {
    this.apiBase = apiBase;
    this.token = token;
  }

  /** A meter's credentials as returned once by registration. */
  public record Credentials(String serial, String certificatePem, String privateKeyPem, String caPem) {}

  /** Registers a meter at a place in the network; fails with {@link RegistrationFailed} on a non-201 answer. */
  public CompletableFuture<Credentials> register(String serial, String consumerId, String region, String feeder, String dt) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("serial", serial);
    body.put("consumerId", consumerId);
    body.put("region", region);
    body.put("substation", region + "-SS1");
    body.put("feeder", feeder);
    body.put("dt", dt);
    return post("/api/v1/meters", serial, body);
  }

  /** Registers a meter of a simulated town with its master data (tariff, place, net metering). */
  public CompletableFuture<Credentials> register(org.meterflow.simulator.topology.Nodes.Meter meter) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("serial", meter.serial());
    body.put("consumerId", meter.consumerId());
    body.put("tariffCategory", meter.kind().tariffCategory());
    body.put("region", meter.region());
    body.put("substation", meter.dt().feeder().substation());
    body.put("feeder", meter.feeder());
    body.put("dt", meter.dt().id());
    body.put("netMetered", meter.netMetered());
    return post("/api/v1/meters", meter.serial(), body);
  }

  /** Registers a gateway (data concentrator) for already registered meters; its certificate's CN is its id. */
  public CompletableFuture<Credentials> registerGateway(String id, java.util.List<String> meters) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("meters", meters);
    return post("/api/v1/gateways", id, body);
  }

  /**
   * Sets a DT's or feeder's nameplate rating ({@code PUT /api/v1/network/dts/{id}} or
   * {@code …/feeders/{id}}), so utilisation and capacity checks know it; completes with the status.
   */
  public CompletableFuture<Integer> rate(boolean dt, String id, String region, String feeder, double ratedKva) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("region", region);
    body.put("feeder", feeder);
    body.put("ratedKva", ratedKva);
    try {
      HttpRequest request = HttpRequest.newBuilder(apiBase.resolve("/api/v1/network/" + (dt ? "dts/" : "feeders/") + id))
          .timeout(Duration.ofSeconds(30))
          .header("Authorization", "Bearer " + token)
          .header("Content-Type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(body)))
          .build();
      return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
        if (r.statusCode() != 200 && r.statusCode() != 201) {
          throw new RegistrationFailed(id, r.statusCode(), r.body());
        }
        return r.statusCode();
      });
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletableFuture<Credentials> post(String path, String serial, Map<String, Object> body) {
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(apiBase.resolve(path))
          .timeout(Duration.ofSeconds(30))
          .header("Authorization", "Bearer " + token)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(body)))
          .build();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return CompletableFuture.failedFuture(e);
    }
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
      if (response.statusCode() != 201) {
        throw new RegistrationFailed(serial, response.statusCode(), response.body());
      }
      try {
        JsonNode json = MAPPER.readTree(response.body());
        return new Credentials(serial, json.get("certificatePem").asText(), json.get("privateKeyPem").asText(),
            json.get("caPem").asText());
      } catch (java.io.IOException e) {
        throw new RegistrationFailed(serial, response.statusCode(), "unreadable body");
      }
    });
  }

  /** Registration answered with something other than 201 Created. */
  public static final class RegistrationFailed extends RuntimeException {
    public final int status;

    RegistrationFailed(String serial, int status, String body) {
      super("registering " + serial + " answered " + status + ": " + body);
      this.status = status;
    }
  }
}
