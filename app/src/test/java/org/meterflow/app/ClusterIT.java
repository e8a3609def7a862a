package org.meterflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.meterflow.app.ClusterNodes.Node;
import org.meterflow.mysql.billing.MariaDbServer;
import org.meterflow.pki.TlsContexts;
import org.meterflow.timeseries.influxdb.InfluxDbServer;

/**
 * Three {@code meterflow serve} JVMs from the shipped fat jar as one cluster on 127.0.0.1, each
 * with its embedded broker, behind Debian's HAProxy with the shipped {@code deploy/haproxy/haproxy.cfg}
 * (docs/cluster.md, topology 1), on shared MariaDB (registry, journal, billing), InfluxDB 1.x (time
 * series) and an S3 lake (S3Proxy). The simulator drives 2,000 meters through HAProxy for over three
 * minutes while one node is killed with SIGKILL and restarted and another is frozen for 30 s: the
 * split-brain resolver downs it and it stops itself. Then every reading the simulator saw
 * acknowledged is in InfluxDB and the lake once, events agree, the billing run started before the
 * kill completed once, a revoke on node 1 drops a meter on node 3 within 1 s, and node 1's live
 * feed shows readings ingested on node 2. Integration profile; fails, never skips.
 */
class ClusterIT {

  private static final Duration NODE_START = Duration.ofSeconds(150);
  private static final String BUCKET = "meterflow-lake";
  private static final String ACCESS = "it-access";
  private static final String SECRET = "it-secret-key";
  private static final Path AWS = Path.of("/usr/bin/aws");
  private static final ZoneId ZONE = ZoneId.of("Asia/Kolkata");
  private static final int METERS = 2000;
  private static final String PREFIX = "CL";
  /** Simulated 3 h 30 min at 60× real time: 3 min 30 s of publishing, a reading per meter every 15 s. */
  private static final String SPAN = "210m";
  private static final String ACCELERATION = "60";

  @TempDir
  static Path dir;
  static MariaDbServer mariadb;
  static InfluxDbServer influxd;
  static S3Proxy s3;
  static ClusterNodes cluster;
  static HaproxyServer haproxy;
  static FatJar simulator;
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void startServersAndCluster() throws Exception {
    assertThat(AWS).as("Debian's awscli (apt-get install awscli)").isExecutable();
    mariadb = MariaDbServer.start();
    try (Connection c = DriverManager.getConnection(mariadb.jdbcUrl(""), "meterflow", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE meterflow CHARACTER SET utf8mb4");
    }
    influxd = InfluxDbServer.start(Files.createDirectories(dir.resolve("influxdb")), false);
    s3 = startS3(Files.createDirectories(dir.resolve("s3")));
    assertThat(aws("s3", "mb", "s3://" + BUCKET)).contains("make_bucket");
    Map<String, String> env = new HashMap<>();
    env.put("METERFLOW_DB_URL", mariadb.jdbcUrl("meterflow"));
    env.put("METERFLOW_TIMESERIES_KIND", "influxdb");
    env.put("METERFLOW_INFLUXDB_URL", influxd.url());
    env.put("METERFLOW_INFLUXDB_VERSION", "1");
    env.put("METERFLOW_INFLUXDB_DATABASE", "meterflow");
    env.put("METERFLOW_LAKE_TARGET", "s3");
    env.put("METERFLOW_LAKE_S3_BUCKET", BUCKET);
    env.put("METERFLOW_LAKE_S3_ENDPOINT", "http://127.0.0.1:" + s3.getPort());
    env.put("METERFLOW_LAKE_S3_PATH_STYLE", "true");
    env.put("METERFLOW_LAKE_FLUSH_INTERVAL", "2s");
    env.put("AWS_ACCESS_KEY_ID", ACCESS);
    env.put("AWS_SECRET_ACCESS_KEY", SECRET);
    env.put("AWS_REGION", "ap-south-1");
    // n3 is the first seed and starts alone: it forms the cluster, is its oldest member and so hosts
    // the singletons (billing among them) when it is killed.
    cluster = ClusterNodes.layOut(dir.resolve("cluster"), 3, env, 3, 1);
    cluster.node(3).start().awaitRunning(NODE_START);
    cluster.node(1).start();
    cluster.node(2).start();
    cluster.node(1).awaitRunning(NODE_START);
    cluster.node(2).awaitRunning(NODE_START);
    awaitAllUp("three nodes formed one cluster");
    haproxy = HaproxyServer.start(dir.resolve("haproxy"), cluster.nodes().stream()
        .map(n -> new HaproxyServer.Backend(n.mqttPort, n.httpPort)).toList());
    haproxy.assertAllNodesInService();
  }

  @AfterAll
  static void stopAll() throws Exception {
    if (haproxy != null) {
      haproxy.close();
    }
    if (cluster != null) {
      cluster.close();
      Path logs = Path.of("target", "cluster-it");
      cluster.keepLogs(logs);
      if (simulator != null) {
        Files.writeString(logs.resolve("simulator.log"), simulator.output());
      }
      if (haproxy != null) {
        Files.writeString(logs.resolve("haproxy.log"), haproxy.log());
      }
    }
    for (AutoCloseable server : new AutoCloseable[] {influxd, mariadb}) {
      if (server != null) {
        server.close();
      }
    }
    if (s3 != null) {
      s3.stop();
    }
  }

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void threeNodesBehindHaproxyLoseNoReadingThroughAKillAndAFreeze() throws Exception {
    String admin = cluster.adminToken();
    Node n1 = cluster.node(1);
    Node n2 = cluster.node(2);
    Node n3 = cluster.node(3);
    Path work = Files.createDirectories(dir.resolve("work"));

    // 2,000 meters in gateways of 20, registered and publishing through HAProxy only
    Path topology = dir.resolve("topology.csv");
    simulator = FatJar.start(work, Map.of(), "simulate", "--api", "http://127.0.0.1:" + haproxy.httpPort(),
        "--broker", "ssl://localhost:" + haproxy.mqttPort(), "--token", admin, "--meters", String.valueOf(METERS),
        "--meters-per-gateway", "20", "--serial-prefix", PREFIX, "--interval", "15m", "--span", SPAN,
        "--acceleration", ACCELERATION, "--run-for", "5m", "--credentials", dir.resolve("sim-credentials").toString(),
        "--topology-csv", topology.toString(), "--no-status", "--json");
    try {
      simulator.await(Pattern.compile("senders connected"), Duration.ofMinutes(3));
      Instant publishing = Instant.now();

      // a billing run of last month for every simulated meter, started on node 1 just before the kill
      String period = YearMonth.now(ZONE).minusMonths(1).toString();
      JsonNode started = json(send(n1, "POST", "/api/v1/billing/runs", admin,
          "{\"period\":\"" + period + "\",\"cycleDay\":1}", 202));
      String runId = started.path("runs").path(0).path("id").asText();
      String periodStart = started.path("runs").path(0).path("periodStart").asText();
      assertThat(runId).as("the run started: %s", started).isNotEmpty();
      assertThat(periodStart).as("the run started: %s", started).isNotEmpty();

      // kill -9 the oldest node (the singletons' host); the others down it; it comes back on its data dir
      park(Duration.ofSeconds(10));
      n3.kill9();
      assertThat(PlatformFixture.await(Duration.ofSeconds(60), () -> !n1.members().containsKey(n3.clusterPort)))
          .as("n1 removes the killed n3 (SBR): %s", cluster.views()).isTrue();
      n3.start().awaitRunning(NODE_START);
      awaitAllUp("n3 rejoined after kill -9");

      // SIGSTOP n2 for 30 s: the majority downs it; thawed, it must stop itself, not serve its old shards
      n2.freeze();
      park(Duration.ofSeconds(30));
      n2.thaw();
      Instant thawed = Instant.now();
      assertThat(n2.awaitExit(Duration.ofSeconds(60)))
          .as("n2, downed while frozen, exits by itself after SIGCONT: %s\n%s", cluster.views(), n2.tail()).isTrue();
      assertThat(PlatformFixture.await(Duration.ofSeconds(30), () -> !n1.members().containsKey(n2.clusterPort)))
          .as("n1 lists n2 no more: %s", cluster.views()).isTrue();
      System.out.printf("ClusterIT: n2 exited %d s after SIGCONT%n", Duration.between(thawed, Instant.now()).toSeconds());
      n2.start().awaitRunning(NODE_START);
      awaitAllUp("n2 rejoined as a new incarnation");

      revokeOnNode1DropsAMeterOnNode3WithinOneSecond(admin, n1, n3);
      liveFeedOnNode1ShowsReadingsIngestedOnNode2(admin, n1, n2);

      // the simulator finishes its span and drains what was in flight
      assertThat(simulator.awaitExit(Duration.ofMinutes(6))).as(simulator.tail()).contains(0);
      assertThat(Duration.between(publishing, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMinutes(3));
      JsonNode report = simulatorReport(simulator.output());
      long acked = report.path("acked").asLong();
      assertThat(report.path("meters").asInt()).isEqualTo(METERS);
      assertThat(report.path("dropped").asLong()).as("nothing dropped: %s", report).isZero();
      assertThat(acked).as("the simulator's acknowledged readings: %s", report).isGreaterThanOrEqualTo(10L * METERS);
      System.out.println("ClusterIT: simulator " + report);

      everyAcknowledgedReadingIsInInfluxDbAndTheLakeOnce(admin, acked);
      billingRunCompletedExactlyOnce(admin, n1, runId, periodStart);
      qualityEventsAgreeOnEveryNode(admin);
    } finally {
      simulator.close();
    }
  }

  // --- the checks at the end

  private static void revokeOnNode1DropsAMeterOnNode3WithinOneSecond(String admin, Node n1, Node n3) throws Exception {
    JsonNode bundle = register(n1, admin, "RV0000001");
    long registered = System.nanoTime();
    MqttClient[] holder = new MqttClient[1];
    // a registration on n1 reaches n3's broker directory within 1 s
    assertThat(PlatformFixture.await(Duration.ofSeconds(1), () -> {
      try {
        holder[0] = connect(n3, bundle);
        return true;
      } catch (MqttException e) {
        return false;
      }
    })).as("n3's broker accepts a meter registered on n1 within 1 s").isTrue();
    System.out.printf("ClusterIT: registration on n1 usable on n3 after %d ms%n",
        Duration.ofNanos(System.nanoTime() - registered).toMillis());
    MqttClient meter = holder[0];
    try {
      long sent = System.nanoTime();
      JsonNode revoked = json(send(n1, "POST", "/api/v1/meters/RV0000001/revoke", admin, "", 200));
      assertThat(revoked.path("status").asText()).isEqualTo("REVOKED");
      assertThat(PlatformFixture.await(Duration.ofSeconds(1), () -> !meter.isConnected()))
          .as("the session on n3 dropped within 1 s of the revoke on n1").isTrue();
      System.out.printf("ClusterIT: revoke on n1 dropped the session on n3 after %d ms%n",
          Duration.ofNanos(System.nanoTime() - sent).toMillis());
    } finally {
      meter.close(true);
    }
  }

  private static void liveFeedOnNode1ShowsReadingsIngestedOnNode2(String admin, Node n1, Node n2) throws Exception {
    // twelve meters ingested on n2: their entities are spread over the cluster (each on n1 with p = 1/3)
    List<String> serials = new ArrayList<>();
    List<MqttClient> meters = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      String serial = String.format(Locale.ROOT, "LV%07d", i);
      JsonNode bundle = register(n1, admin, serial);
      serials.add(serial);
      MqttClient[] holder = new MqttClient[1];
      assertThat(PlatformFixture.await(Duration.ofSeconds(5), () -> {
        try {
          holder[0] = connect(n2, bundle);
          return true;
        } catch (MqttException e) {
          return false;
        }
      })).as("%s connects to n2's broker", serial).isTrue();
      meters.add(holder[0]);
    }
    Map<String, Instant> seen = new ConcurrentHashMap<>();
    WebSocket socket = HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + admin)
        .buildAsync(URI.create("ws://127.0.0.1:" + n1.httpPort + "/api/v1/live"), new Listener(seen))
        .get(10, TimeUnit.SECONDS);
    try {
      park(Duration.ofSeconds(3));
      Instant ts = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      for (int i = 0; i < serials.size(); i++) {
        meters.get(i).publish("meters/" + serials.get(i) + "/readings",
            reading(serials.get(i), 1, ts).getBytes(StandardCharsets.UTF_8), 1, false);
      }
      assertThat(PlatformFixture.await(Duration.ofSeconds(5), () -> seen.keySet().containsAll(serials)))
          .as("node 1's live feed shows every meter ingested on node 2: saw %s", seen.keySet().stream()
              .filter(s -> s.startsWith("LV")).sorted().toList()).isTrue();
    } finally {
      socket.abort();
      for (MqttClient m : meters) {
        m.disconnectForcibly(1000);
        m.close(true);
      }
    }
  }

  private static void everyAcknowledgedReadingIsInInfluxDbAndTheLakeOnce(String admin, long acked) throws Exception {
    AtomicReference<Map<String, Long>> influx = new AtomicReference<>(Map.of());
    PlatformFixture.await(Duration.ofSeconds(60), () -> {
      influx.set(influxPerMeter());
      return total(influx.get()) >= acked;
    });
    assertThat(total(influx.get())).as("readings in InfluxDB = readings acknowledged").isEqualTo(acked);
    assertThat(influx.get()).as("every simulated meter has readings").hasSize(METERS);
    long min = influx.get().values().stream().mapToLong(Long::longValue).min().orElse(0);
    long max = influx.get().values().stream().mapToLong(Long::longValue).max().orElse(0);
    assertThat(max - min).as("one reading per meter per interval: no meter lost one (min %d, max %d)", min, max)
        .isLessThanOrEqualTo(1);

    AtomicReference<Map<String, Long>> lake = new AtomicReference<>(Map.of());
    PlatformFixture.await(Duration.ofSeconds(90), () -> {
      lake.set(lakePerMeter(cluster.node(1), admin));
      return total(lake.get()) >= acked;
    });
    assertThat(total(lake.get())).as("readings in the lake = readings acknowledged").isEqualTo(acked);
    assertThat(lake.get()).as("per meter, the lake holds what InfluxDB holds").isEqualTo(influx.get());
    for (Node n : cluster.nodes()) {
      assertThat(total(lakePerMeter(n, admin))).as("the lake seen from %s", n.name).isEqualTo(acked);
    }
  }

  private static void billingRunCompletedExactlyOnce(String admin, Node n1, String runId, String periodStart)
      throws Exception {
    JsonNode[] run = new JsonNode[1];
    PlatformFixture.await(Duration.ofSeconds(120), () -> {
      try {
        run[0] = json(send(n1, "GET", "/api/v1/billing/runs/" + runId, admin, null, 200));
        return "COMPLETED".equals(run[0].path("state").asText());
      } catch (Exception | AssertionError e) {
        return false;
      }
    });
    assertThat(run[0]).as("billing run %s", runId).isNotNull();
    assertThat(run[0].path("state").asText()).as("the run started before the kill: %s", run[0]).isEqualTo("COMPLETED");
    assertThat(run[0].path("failed").asInt()).as(run[0].toString()).isZero();
    assertThat(run[0].path("meters").asInt()).as("every simulated meter is in the run").isGreaterThanOrEqualTo(METERS);
    try (Connection c = DriverManager.getConnection(mariadb.jdbcUrl("meterflow"), "meterflow", "");
        Statement s = c.createStatement()) {
      try (ResultSet r = s.executeQuery("SELECT status, count(*) FROM billing_runs WHERE cycle_day = 1 AND period_start = '"
          + periodStart + "' GROUP BY status")) {
        assertThat(r.next()).as("the run's row in billing_runs").isTrue();
        assertThat(r.getString(1)).isEqualTo("COMPLETED");
        assertThat(r.getLong(2)).isEqualTo(1);
        assertThat(r.next()).as("one row for the period, COMPLETED").isFalse();
      }
      try (ResultSet r = s.executeQuery("SELECT count(*), count(DISTINCT serial), count(DISTINCT consumer_id), max(revision),"
            + " sum(superseded) FROM bills WHERE period_start = '" + periodStart + "'")) {
        assertThat(r.next()).isTrue();
        assertThat(r.getLong(1)).as("one bill per meter of the run, no more, no fewer")
            .isEqualTo(run[0].path("meters").asLong());
        assertThat(r.getLong(2)).as("no meter billed twice").isEqualTo(r.getLong(1));
        assertThat(r.getLong(3)).as("one bill per consumer and period").isEqualTo(r.getLong(1));
        assertThat(r.getInt(4)).as("no second revision of any bill").isEqualTo(1);
        assertThat(r.getLong(5)).as("no bill superseded").isZero();
      }
    }
    JsonNode runs = json(send(n1, "GET", "/api/v1/billing/runs", admin, null, 200));
    long completed = 0;
    for (JsonNode r : runs) {
      if (periodStart.equals(r.path("periodStart").asText()) && r.path("cycleDay").asInt() == 1
          && "COMPLETED".equals(r.path("state").asText())) {
        completed++;
      }
    }
    assertThat(completed).as("the period completed once: %s", runs).isEqualTo(1);
  }

  private static void qualityEventsAgreeOnEveryNode(String admin) throws Exception {
    long stored;
    try (Connection c = DriverManager.getConnection(mariadb.jdbcUrl("meterflow"), "meterflow", "");
        Statement s = c.createStatement()) {
      try (ResultSet r = s.executeQuery("SELECT count(*) FROM quality_events")) {
        r.next();
        stored = r.getLong(1);
      }
      try (ResultSet r = s.executeQuery("SELECT count(*) FROM (SELECT event_type, COALESCE(meter, area), raised_at"
          + " FROM quality_events GROUP BY event_type, COALESCE(meter, area), raised_at HAVING count(*) > 1) twice")) {
        r.next();
        assertThat(r.getLong(1)).as("no event raised twice (by two owners of one meter)").isZero();
      }
    }
    System.out.println("ClusterIT: " + stored + " quality events");
    assertThat(stored).as("within one page of the events API").isLessThanOrEqualTo(5000);
    for (Node n : cluster.nodes()) {
      JsonNode events = json(send(n, "GET", "/api/v1/events?limit=5000", admin, null, 200));
      assertThat(events.size()).as("events seen from %s = events stored", n.name).isEqualTo(stored);
    }
  }

  // --- helpers

  private static void awaitAllUp(String what) {
    List<Node> all = cluster.nodes();
    assertThat(PlatformFixture.await(Duration.ofSeconds(90), () -> all.stream().allMatch(n -> cluster.allUp(n, all))))
        .as("%s: every node sees three Up members: %s", what, cluster.views()).isTrue();
  }

  private static JsonNode simulatorReport(String output) throws IOException {
    Matcher m = Pattern.compile("(?m)^\\{\"cores\".*$").matcher(output);
    assertThat(m.find()).as("the simulator's JSON summary:\n%s", output.length() > 4000
        ? output.substring(output.length() - 4000) : output).isTrue();
    return PlatformFixture.JSON.readTree(m.group());
  }

  /** Readings per simulated meter in InfluxDB, asked directly (not through the platform). */
  private static Map<String, Long> influxPerMeter() {
    try {
      String q = URLEncoder.encode("SELECT count(voltage) FROM readings WHERE serial =~ /^" + PREFIX + "/ GROUP BY serial",
          StandardCharsets.UTF_8);
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(influxd.url() + "/query?db=meterflow&q=" + q))
          .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      Map<String, Long> counts = new TreeMap<>();
      for (JsonNode series : PlatformFixture.JSON.readTree(r.body()).path("results").path(0).path("series")) {
        counts.put(series.path("tags").path("serial").asText(), series.path("values").path(0).path(1).asLong());
      }
      return counts;
    } catch (IOException e) {
      return Map.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Map.of();
    }
  }

  /** Readings per simulated meter in the lake ({@code readings}: each (serial, ts) once), by lake SQL on a node. */
  private static Map<String, Long> lakePerMeter(Node node, String admin) {
    try {
      JsonNode answer = json(send(node, "POST", "/api/v1/lake/query", admin, "{\"sql\":\"SELECT serial, count(*) FROM readings"
          + " WHERE serial LIKE '" + PREFIX + "%' GROUP BY serial\"}", 200));
      Map<String, Long> counts = new TreeMap<>();
      for (JsonNode row : answer.path("rows")) {
        counts.put(row.path(0).asText(), row.path(1).asLong());
      }
      return counts;
    } catch (Exception | AssertionError e) {
      return Map.of();
    }
  }

  private static long total(Map<String, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  private static JsonNode register(Node node, String admin, String serial) throws Exception {
    return json(send(node, "POST", "/api/v1/meters", admin, "{\"serial\":\"" + serial + "\",\"consumer\":\"C-" + serial
        + "\",\"region\":\"north\",\"feeder\":\"F1\",\"dt\":\"DT1\"}", 201));
  }

  /** A meter's own mutual-TLS session straight to a node's broker (not through HAProxy). */
  private static MqttClient connect(Node node, JsonNode bundle) throws MqttException {
    MqttClient client = new MqttClient(node.brokerUrl(), bundle.get("serial").asText(), new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setCleanSession(true);
    options.setConnectionTimeout(5);
    options.setSocketFactory(TlsContexts.client(bundle.get("certificatePem").asText(), bundle.get("privateKeyPem").asText(),
        bundle.get("caPem").asText()).getSocketFactory());
    options.setHttpsHostnameVerificationEnabled(true);
    try {
      client.connect(options);
      return client;
    } catch (MqttException e) {
      client.close(true);
      throw e;
    }
  }

  private static String reading(String serial, int seq, Instant ts) {
    return String.format(Locale.ROOT, "{\"serial\":\"%s\",\"seq\":%d,\"ts\":\"%s\",\"importKwh\":%.3f,"
        + "\"exportKwh\":0.0,\"voltage\":231.4,\"current\":4.2,\"frequency\":50.01,\"powerFactor\":0.97}",
        serial, seq, ts, 100 + 0.002 * seq);
  }

  private static HttpResponse<String> send(Node node, String method, String path, String token, String body, int expected)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.baseUrl() + path))
        .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60));
    request = body == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
        : request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("%s %s on %s: %s", method, path, node.name, r.body()).isEqualTo(expected);
    return r;
  }

  private static JsonNode json(HttpResponse<String> r) throws IOException {
    return PlatformFixture.JSON.readTree(r.body());
  }

  private static void park(Duration d) {
    LockSupport.parkNanos(d.toNanos());
  }

  private static String aws(String... args) {
    try {
      List<String> command = new ArrayList<>(List.of(AWS.toString(), "--endpoint-url", "http://127.0.0.1:" + s3.getPort(),
          "--region", "ap-south-1"));
      command.addAll(List.of(args));
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().put("AWS_ACCESS_KEY_ID", ACCESS);
      builder.environment().put("AWS_SECRET_ACCESS_KEY", SECRET);
      builder.environment().put("AWS_CONFIG_FILE", dir.resolve("no-aws-config").toString());
      builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-aws-credentials").toString());
      Process p = builder.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(60, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      return e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return e.toString();
    }
  }

  private static S3Proxy startS3(Path blobs) throws Exception {
    S3Proxy proxy = S3Proxy.builder().blobStore(new FilesystemNio2BlobStore(blobs.toString()))
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET)
        .ignoreUnknownHeaders(true).build();
    proxy.start();
    assertThat(PlatformFixture.await(Duration.ofSeconds(30), () -> "STARTED".equals(proxy.getState()))).isTrue();
    return proxy;
  }

  /** Collects the serial and arrival of each live reading (text frames may come in parts). */
  private static final class Listener implements WebSocket.Listener {
    private final Map<String, Instant> seen;
    private final StringBuilder partial = new StringBuilder();

    Listener(Map<String, Instant> seen) {
      this.seen = seen;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          seen.putIfAbsent(PlatformFixture.JSON.readTree(partial.toString()).path("serial").asText(), Instant.now());
        } catch (IOException e) {
          seen.putIfAbsent("unreadable: " + partial, Instant.now());
        }
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }
  }
}
