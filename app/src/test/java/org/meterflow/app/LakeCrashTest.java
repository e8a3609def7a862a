package org.meterflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.meterflow.timeseries.questdb.EmbeddedQuestDb;
import org.meterflow.lake.LakeSettings;
import org.meterflow.lake.query.LakeSql;
import org.meterflow.model.port.LakeQueries;
import org.meterflow.pki.TlsContexts;

/**
 * {@code kill -9} in the middle of a run: the platform runs as its own process ({@code meterflow
 * serve}), meters publish at QoS 1 and count what the broker acknowledged; the process is killed
 * without warning, started again on the same data folder and stopped cleanly. Every acknowledged
 * reading is then in the time-series store and in the lake exactly once.
 */
class LakeCrashTest {

  private static final Instant START = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(3));
  private static final List<String> SERIALS = List.of("K0000001", "K0000002", "K0000003", "K0000004");

  @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failure keeps both platform logs
  Path dataDir;

  private final HttpClient http = HttpClient.newHttpClient();
  private final int httpPort = EmbeddedQuestDb.freePort();
  private final int mqttPort = EmbeddedQuestDb.freePort();
  private final int questDbPort = EmbeddedQuestDb.freePort();
  private Process platform;

  @AfterEach
  void stop() throws InterruptedException {
    if (platform != null && platform.isAlive()) {
      platform.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void everyAcknowledgedReadingSurvivesKillMinus9InTheStoreAndTheLakeOnce() throws Exception {
    platform = start("first");
    String admin = Files.readString(dataDir.resolve("admin-token")).trim();
    List<JsonNode> credentials = new ArrayList<>();
    for (String serial : SERIALS) {
      HttpResponse<String> r = post("/api/v1/meters", admin, "{\"serial\":\"" + serial + "\",\"consumer\":\"C-" + serial
          + "\",\"region\":\"crash\",\"feeder\":\"F-K\",\"dt\":\"DT-K\"}");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      credentials.add(PlatformFixture.JSON.readTree(r.body()));
    }

    // Meters publish as fast as the broker acknowledges; the platform is killed mid-run.
    Set<String> acked = ConcurrentHashMap.newKeySet();
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> meters = new ArrayList<>();
    for (int m = 0; m < SERIALS.size(); m++) {
      String serial = SERIALS.get(m);
      JsonNode creds = credentials.get(m);
      Thread t = new Thread(() -> publishUntilStopped(serial, creds, acked, running), "meter-" + serial);
      t.start();
      meters.add(t);
    }
    assertThat(PlatformFixture.await(Duration.ofSeconds(60), () -> acked.size() >= 400)).as("readings acked").isTrue();
    assertThat(PlatformFixture.await(Duration.ofSeconds(30), () -> accepted(admin) >= 100)).isTrue();
    platform.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
    assertThat(platform.waitFor(30, TimeUnit.SECONDS)).isTrue();
    running.set(false);
    for (Thread t : meters) {
      t.join(TimeUnit.SECONDS.toMillis(30));
    }
    Set<String> acknowledged = new HashSet<>(acked);
    Path spool = dataDir.resolve("lake").resolve("spool");
    try (var left = Files.list(spool)) {
      assertThat(left.count()).as("the kill left rows in the lake's spool").isPositive();
    }

    // Restart on the same data: the broker redelivers what the ingest had not acked, the lake
    // converts the spool left behind.
    platform = start("second");
    for (String serial : SERIALS) {
      long expected = acknowledged.stream().filter(k -> k.startsWith(serial + "/")).count();
      PlatformFixture.await(Duration.ofSeconds(60), () -> stored(serial, admin) >= expected);
      assertThat(stored(serial, admin)).as("readings of " + serial + " in the time-series store (acknowledged: " + expected
          + "; logs in " + dataDir + ")").isGreaterThanOrEqualTo(expected);
    }
    platform.destroy(); // SIGTERM: clean stop, the lake flushes
    assertThat(platform.waitFor(120, TimeUnit.SECONDS)).as("clean stop").isTrue();

    LakeSettings settings = LakeSettings.fromConfig(MeterflowConfig.load(java.util.Map.of(
        "meterflow.data-dir", dataDir.toString())).getConfig("meterflow.lake"), dataDir);
    try (LakeSql sql = new LakeSql(settings)) {
      LakeQueries.Table once = sql.run("SELECT serial || '/' || seq AS k, count(*) OVER (PARTITION BY serial, ts) AS copies "
          + "FROM readings");
      Set<String> inLake = new HashSet<>();
      for (List<Object> row : once.rows()) {
        inLake.add((String) row.get(0));
        assertThat(((Number) row.get(1)).longValue()).isEqualTo(1);
      }
      assertThat(once.truncated()).isFalse();
      assertThat(inLake).as("every acknowledged reading is in the lake").containsAll(acknowledged);
      assertThat(inLake).hasSize(once.rows().size());
    }
  }

  private void publishUntilStopped(String serial, JsonNode creds, Set<String> acked, AtomicBoolean running) {
    try {
      MqttClient client = new MqttClient("ssl://localhost:" + mqttPort, serial, new MemoryPersistence());
      MqttConnectOptions options = new MqttConnectOptions();
      options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
      options.setCleanSession(true);
      options.setSocketFactory(TlsContexts.client(creds.get("certificatePem").asText(),
          creds.get("privateKeyPem").asText(), creds.get("caPem").asText()).getSocketFactory());
      client.connect(options);
      try {
        for (int seq = 1; running.get() && seq <= 2000; seq++) {
          String payload = String.format(Locale.ROOT,
              "{\"serial\":\"%s\",\"seq\":%d,\"ts\":\"%s\",\"importKwh\":%.3f,\"exportKwh\":0.0,"
                  + "\"voltage\":230.0,\"current\":4.2,\"frequency\":50.0,\"powerFactor\":0.97}",
              serial, seq, START.plusSeconds(seq), 100 + seq * 0.001);
          client.publish("meters/" + serial + "/readings", payload.getBytes(StandardCharsets.UTF_8), 1, false);
          acked.add(serial + "/" + seq); // publish() returned: the broker sent PUBACK
        }
      } finally {
        if (client.isConnected()) {
          client.disconnectForcibly(1000, 1000);
        }
        client.close(true);
      }
    } catch (Exception e) {
      // the platform was killed: what was not acknowledged does not count
    }
  }

  private Process start(String label) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path tmp = Files.createDirectories(dataDir.resolve("tmp")); // a killed JVM leaves DuckDB's native library here
    List<String> command = List.of(java, "-Xmx1g",
        "-Djava.io.tmpdir=" + tmp,
        "-Dpekko.remote.artery.canonical.port=0",
        "-Dmeterflow.lake.flush-interval=2s",
        "-cp", System.getProperty("java.class.path"),
        MeterflowCommand.class.getName(), "serve", "--data-dir", dataDir.toString(),
        "--http-port", Integer.toString(httpPort), "--mqtt-port", Integer.toString(mqttPort),
        "--questdb-port", Integer.toString(questDbPort));
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("platform-" + label + ".log").toFile()))
        .start();
    boolean ready = PlatformFixture.await(Duration.ofSeconds(120), () -> {
      try {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health/ready"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      } catch (Exception e) {
        return false;
      }
    });
    assertThat(ready).as("platform (" + label + ") ready; see " + dataDir.resolve("platform-" + label + ".log")).isTrue();
    return p;
  }

  private HttpResponse<String> post(String path, String token, String body) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode get(String path, String token) throws IOException, InterruptedException {
    return PlatformFixture.JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
        .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString()).body());
  }

  private long accepted(String admin) {
    try {
      return get("/api/v1/ingest/stats", admin).get("accepted").asLong();
    } catch (Exception e) {
      return -1;
    }
  }

  /** Distinct readings of a meter in the time-series store (samples over one day-long step). */
  private long stored(String serial, String admin) {
    try {
      JsonNode points = get("/api/v1/meters/" + serial + "/readings?from=" + START.minus(Duration.ofDays(1))
          + "&to=" + START.plus(Duration.ofDays(1)) + "&step=1d", admin).get("points");
      long n = 0;
      for (JsonNode p : points) {
        n += p.get("samples").asLong();
      }
      return n;
    } catch (Exception e) {
      return -1;
    }
  }
}
