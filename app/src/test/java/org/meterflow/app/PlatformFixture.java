package org.meterflow.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.meterflow.pki.TlsContexts;

/** The embedded platform on free loopback ports in a temporary folder, plus the clients a test needs. */
final class PlatformFixture implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();

  final Platform platform;
  final HttpClient http = HttpClient.newHttpClient();

  PlatformFixture(Path dataDir) {
    this(dataDir, Map.of());
  }

  PlatformFixture(Path dataDir, Map<String, Object> extra) {
    Map<String, Object> overrides = MeterflowConfig.isolated(dataDir);
    overrides.putAll(extra);
    platform = Platform.start(MeterflowConfig.load(overrides));
  }

  URI api(String path) {
    return URI.create("http://127.0.0.1:" + platform.httpPort() + path);
  }

  HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(api(path)).timeout(Duration.ofSeconds(10)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The body of an admin GET, or the error, for assertion messages. */
  String getQuietly(String path) {
    try {
      return get(path, platform.adminToken()).body();
    } catch (Exception e) {
      return e.toString();
    }
  }

  HttpResponse<String> post(String path, String token, String body) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(api(path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Registers a meter through the API and returns its credentials (the 201 body). */
  JsonNode register(String serial) throws IOException, InterruptedException {
    return register(serial, "north", "F1", "DT1");
  }

  /** Registers a meter at the given place in the network. */
  JsonNode register(String serial, String region, String feeder, String dt) throws IOException, InterruptedException {
    HttpResponse<String> response = post("/api/v1/meters", platform.adminToken(),
        "{\"serial\":\"" + serial + "\",\"consumer\":\"C-" + serial + "\",\"region\":\"" + region
            + "\",\"feeder\":\"" + feeder + "\",\"dt\":\"" + dt + "\"}");
    if (response.statusCode() != 201) {
      throw new IllegalStateException("registration of " + serial + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  /** A meter's own mutual-TLS MQTT connection, with hostname verification on. */
  MqttClient connect(JsonNode credentials) throws MqttException {
    return connect(credentials.get("serial").asText(), credentials);
  }

  /** Connects as {@code clientId} (a gateway's id) with the given credentials. */
  MqttClient connect(String clientId, JsonNode credentials) throws MqttException {
    MqttClient client = new MqttClient(platform.brokerUrl(), clientId, new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setCleanSession(true);
    options.setSocketFactory(TlsContexts.client(credentials.get("certificatePem").asText(),
        credentials.get("privateKeyPem").asText(), credentials.get("caPem").asText()).getSocketFactory());
    options.setHttpsHostnameVerificationEnabled(true);
    client.connect(options);
    return client;
  }

  JsonNode stats() throws IOException, InterruptedException {
    return JSON.readTree(get("/api/v1/ingest/stats", platform.adminToken()).body());
  }

  /** Waits until {@code condition} holds, at most {@code timeout}; false when it never did. */
  static boolean await(Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
    return condition.getAsBoolean();
  }

  @Override
  public void close() {
    platform.close();
  }
}
