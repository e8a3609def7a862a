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
  private final List<String> failures = new ArrayList<>();
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
        "--topology-csv", topology.toString(), "--no-status", "--json",
        // a 30-minute voltage sag on one feeder (500 meters), while n3 is killed: quality events to count
        "--fault", "+1h 30m sag feeder:north-F1");
    try {
      simulator.await(Pattern.compile("senders connected"), Duration.ofMinutes(3));
      Instant publishing = Instant.now();

      // a billing run of last month for every simulated meter, started on node 1 just before the kill
      YearMonth period = YearMonth.now(ZONE).minusMonths(1);
      AtomicReference<String> runId = new AtomicReference<>();
      check("a billing run starts through node 1, with its id", () -> {
        JsonNode started = json(send(n1, "POST", "/api/v1/billing/runs", admin,
            "{\"period\":\"" + period + "\",\"cycleDay\":1}", 202));
        runId.set(started.path("runs").path(0).path("id").asText(null));
        assertThat(runId.get()).as("the run started: %s", started).isNotNull();
        assertThat(started.path("runs").path(0).path("periodStart").asText()).isEqualTo(period.atDay(1).toString());
      });
      check("the billing singleton runs on n3 (the oldest) when n3 is killed", () -> {
        JsonNode view = json(send(n1, "GET", "/api/v1/cluster", admin, null, 200));
        String where = null;
        for (JsonNode singleton : view.path("singletons")) {
          if ("billing".equals(singleton.path("name").asText())) {
            where = singleton.path("node").asText();
          }
        }
        assertThat(where).as("singletons: %s", view.path("singletons")).isEqualTo("n3");
      });

      // kill -9 the oldest node (the singletons' host); the others down it; it comes back on its data dir
      park(Duration.ofSeconds(10));
      n3.kill9();
      assertThat(PlatformFixture.await(Duration.ofSeconds(60), () -> gone(n1.members().get(n3.clusterPort))))
          .as("n1 removes the killed n3 (SBR): %s", cluster.views()).isTrue();
      n3.start().awaitRunning(NODE_START);
      awaitAllUp("n3 rejoined after kill -9");

      check("node 1's live feed shows every meter, those whose entities are on n2 too",
          () -> liveFeedOnNode1ShowsEveryMeter(admin, n1));

      // SIGSTOP n2 for 30 s: the majority downs it; thawed, it must stop itself, not serve its old shards
      n2.freeze();
      park(Duration.ofSeconds(30));
      n2.thaw();
      Instant thawed = Instant.now();
      assertThat(n2.awaitExit(Duration.ofSeconds(60)))
          .as("n2, downed while frozen, exits by itself after SIGCONT: %s\n%s", cluster.views(), n2.tail()).isTrue();
      assertThat(PlatformFixture.await(Duration.ofSeconds(30), () -> gone(n1.members().get(n2.clusterPort))))
          .as("n1 lists n2 no more: %s", cluster.views()).isTrue();
      System.out.printf("ClusterIT: n2 exited %d s after SIGCONT%n", Duration.between(thawed, Instant.now()).toSeconds());
      n2.start().awaitRunning(NODE_START);
      awaitAllUp("n2 rejoined as a new incarnation");

      check("a revoke on n1 drops the meter's session on n3 within 1 s",
          () -> revokeOnNode1DropsAMeterOnNode3WithinOneSecond(admin, n1, n3));
      check("node 1's live feed shows readings ingested on n2", () -> liveFeedOnNode1ShowsReadingsIngestedOnNode2(admin, n1, n2));

      // the simulator finishes its span and drains what was in flight
      assertThat(simulator.awaitExit(Duration.ofMinutes(6))).as(simulator.tail()).contains(0);
      assertThat(Duration.between(publishing, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMinutes(3));
      JsonNode report = simulatorReport(simulator.output());
      long acked = report.path("acked").asLong();
      assertThat(report.path("meters").asInt()).isEqualTo(METERS);
      assertThat(report.path("dropped").asLong()).as("nothing dropped: %s", report).isZero();
      assertThat(acked).as("the simulator's acknowledged readings: %s", report).isGreaterThanOrEqualTo(10L * METERS);
      System.out.println("ClusterIT: simulator " + report);

      check("every acknowledged reading is in InfluxDB and the lake once",
          () -> everyAcknowledgedReadingIsInInfluxDbAndTheLakeOnce(admin, acked));
      check("the billing run started before the kill completed exactly once",
          () -> billingRunCompletedExactlyOnce(admin, n1, runId.get(), period.atDay(1).toString()));
      check("quality events agree on every node", () -> qualityEventsAgreeOnEveryNode(admin));
    } finally {
      simulator.close();
    }
    assertThat(failures).as("the checks that failed (each is printed above with its cause)").isEmpty();
  }

  /** A step whose failure does not stop the ones after it; every failure fails the test at the end. */
  private void check(String what, Step step) {
    try {
      step.run();
      System.out.println("ClusterIT: PASS " + what);
    } catch (Exception | AssertionError e) {
      failures.add(what + ": " + e.getMessage());
      System.out.println("ClusterIT: FAIL " + what + ": " + e);
    }
  }

  @FunctionalInterface
  private interface Step {
    void run() throws Exception;
  }

  private static boolean gone(String status) {
    return status == null || "Down".equalsIgnoreCase(status) || "Removed".equalsIgnoreCase(status);
  }

  // --- the checks at the end

  private static void revokeOnNode1DropsAMeterOnNode3WithinOneSecond(String admin, Node n1, Node n3) throws Exception {
    JsonNode bundle = register(n1, admin, "RV0000001");
    long registered = System.nanoTime();
    MqttClient[] holder = new MqttClient[1];
    long[] attempt = new long[1];
    // a registration on n1 reaches n3's broker directory within 1 s: the attempt that succeeds
    // starts within 1 s of the answer (a TLS handshake on this busy box may itself take a while)
    assertThat(PlatformFixture.await(Duration.ofSeconds(15), () -> {
      attempt[0] = System.nanoTime();
      try {
        holder[0] = connect(n3, bundle);
        return true;
      } catch (MqttException e) {
        return false;
      }
    })).as("n3's broker accepts a meter registered on n1").isTrue();
    long after = Duration.ofNanos(attempt[0] - registered).toMillis();
    System.out.printf("ClusterIT: registration on n1 usable on n3 by the attempt started after %d ms%n", after);
    MqttClient meter = holder[0];
    try {
      long sent = System.nanoTime();
      JsonNode revoked = json(send(n1, "POST", "/api/v1/meters/RV0000001/revoke", admin, "", 200));
      assertThat(revoked.path("status").asText()).isEqualTo("REVOKED");
      assertThat(PlatformFixture.await(Duration.ofSeconds(1), () -> !meter.isConnected()))
          .as("the session on n3 dropped within 1 s of the revoke on n1").isTrue();
      System.out.printf("ClusterIT: revoke on n1 dropped the session on n3 after %d ms%n",
          Duration.ofNanos(System.nanoTime() - sent).toMillis());
      assertThat(after).as("ms from registration on n1 to the first successful connect attempt on n3").isLessThanOrEqualTo(1000);
    } finally {
      meter.close(true);
    }
  }

  private static void liveFeedOnNode1ShowsEveryMeter(String admin, Node n1) throws Exception {
    JsonNode shards = json(send(n1, "GET", "/api/v1/cluster", admin, null, 200)).path("shards").path("nodes");
    long onN2 = 0;
    for (JsonNode node : shards) {
      onN2 += "n2".equals(node.path("node").asText()) ? node.path("entities").asLong() : 0;
    }
    System.out.println("ClusterIT: meter entities per node " + shards);
    assertThat(onN2).as("meter entities on n2: %s", shards).isPositive();
    Map<String, Instant> seen = new ConcurrentHashMap<>();
    WebSocket socket = HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + admin)
        .buildAsync(URI.create("ws://127.0.0.1:" + n1.httpPort + "/api/v1/live"), new Listener(seen))
        .get(10, TimeUnit.SECONDS);
    try {
      // each meter publishes every 15 s; a gateway that lost its node may take its backoff to return
      PlatformFixture.await(Duration.ofSeconds(45), () -> seen.keySet().stream().filter(k -> k.startsWith(PREFIX)).count() >= METERS);
      assertThat(seen.keySet().stream().filter(k -> k.startsWith(PREFIX)).count())
          .as("meters seen on node 1's live feed (all of them, so those on n2 too)").isEqualTo(METERS);
    } finally {
      socket.abort();
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
      JsonNode shards = json(send(n1, "GET", "/api/v1/cluster", admin, null, 200)).path("shards").path("nodes");
      System.out.println("ClusterIT: meter entities per node " + shards);
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

    // The lake is the bucket: every node uploads its own files. Its whole content, copied down with
    // Debian's aws and queried with the jar's own `lake query`, must hold each acknowledged reading once.
    // (A node's lake SQL reads its own local copy: docs/cluster.md.)
    AtomicReference<Map<String, Long>> lake = new AtomicReference<>(Map.of());
    PlatformFixture.await(Duration.ofSeconds(90), () -> {
      lake.set(bucketPerMeter());
      return total(lake.get()) >= acked;
    });
    for (Node n : cluster.nodes()) {
      System.out.printf("ClusterIT: the lake copy on %s: %d readings; the bucket: %d readings in %d objects%n",
          n.name, total(lakePerMeter(n, admin)), total(lake.get()),
          aws("s3", "ls", "--recursive", "s3://" + BUCKET + "/").lines().count());
    }
    assertThat(total(lake.get())).as("readings in the lake's bucket = readings acknowledged").isEqualTo(acked);
    assertThat(lake.get()).as("per meter, the lake holds what InfluxDB holds").isEqualTo(influx.get());
    System.out.printf("ClusterIT: rows stored twice in the lake (redeliveries; the readings view shows each once): %s%n",
        bucketCell("SELECT count(*) - count(DISTINCT (serial, ts)) FROM readings_all WHERE serial LIKE '" + PREFIX
            + "%'"));
  }

  /** Readings per simulated meter in the whole bucket ({@code readings}: each (serial, ts) once). */
  private static Map<String, Long> bucketPerMeter() {
    Map<String, Long> counts = new TreeMap<>();
    String csv = bucketCell("SELECT serial, count(*) FROM readings WHERE serial LIKE '" + PREFIX
        + "%' GROUP BY serial");
    if (csv == null) {
      return counts;
    }
    csv.lines().skip(1).map(line -> line.split(",")).filter(f -> f.length == 2 && f[1].matches("\\d+"))
        .forEach(f -> counts.put(f[0], Long.parseLong(f[1])));
    return counts;
  }

  /** Copies the bucket down and runs {@code meterflow lake query --format csv} over it; null on failure. */
  private static String bucketCell(String sql) {
    try {
      Path copy = dir.resolve("bucket-copy");
      aws("s3", "sync", "--delete", "s3://" + BUCKET + "/meterflow/", copy.toString()); // the default prefix
      Process query = new ProcessBuilder("java", "-jar", FatJar.JAR.toString(), "lake", "query", "--lake-dir",
          copy.toString(), "--format", "csv", "--limit", "100000", sql).redirectErrorStream(false).start();
      String out = new String(query.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!query.waitFor(120, TimeUnit.SECONDS) || query.exitValue() != 0) {
        System.out.printf("ClusterIT: lake query over the bucket failed: %s%n",
            new String(query.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        return null;
      }
      return out;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static void billingRunCompletedExactlyOnce(String admin, Node n1, String runId, String periodStart)
      throws Exception {
    String status = "SELECT status, meters, issued, failed FROM billing_runs WHERE cycle_day = 1 AND period_start = '"
        + periodStart + "'";
    AtomicReference<String> row = new AtomicReference<>("no row");
    PlatformFixture.await(Duration.ofSeconds(120), () -> {
      row.set(sql(status));
      return row.get().startsWith("COMPLETED");
    });
    assertThat(row.get()).as("billing_runs (status, meters, issued, failed) for cycle day 1, %s", periodStart)
        .startsWith("COMPLETED").endsWith(",0");
    String[] r = row.get().split(",");
    assertThat(Long.parseLong(r[1])).as("every simulated meter is in the run").isGreaterThanOrEqualTo(METERS);
    // one bill per meter and consumer, each issued once: no second revision, nothing superseded
    assertThat(sql("SELECT count(*), count(DISTINCT serial), count(DISTINCT consumer_id), max(revision), sum(superseded)"
        + " FROM bills WHERE period_start = '" + periodStart + "'"))
        .isEqualTo(r[1] + "," + r[1] + "," + r[1] + ",1,0");
    assertThat(r[2]).as("issued").isEqualTo(r[1]);

    // and the user who started it sees it completed, once
    assertThat(runId).as("the run's id from its start (see above)").isNotNull();
    HttpResponse<String> run = send(n1, "GET", "/api/v1/billing/runs/" + runId, admin, null, 200);
    assertThat(json(run).path("state").asText()).as(run.body()).isEqualTo("COMPLETED");
    long completed = 0;
    for (JsonNode each : json(send(n1, "GET", "/api/v1/billing/runs", admin, null, 200))) {
      if (periodStart.equals(each.path("periodStart").asText()) && each.path("cycleDay").asInt() == 1
          && "COMPLETED".equals(each.path("state").asText())) {
        completed++;
      }
    }
    assertThat(completed).as("runs of the period listed COMPLETED").isEqualTo(1);
  }

  /** The first row of a query on the shared MariaDB, columns joined by commas ("no row" when empty). */
  private static String sql(String query) {
    try (Connection c = DriverManager.getConnection(mariadb.jdbcUrl("meterflow"), "meterflow", "");
        Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
      if (!r.next()) {
        return "no row";
      }
      List<String> columns = new ArrayList<>();
      for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
        columns.add(String.valueOf(r.getString(i)));
      }
      return String.join(",", columns);
    } catch (java.sql.SQLException e) {
      return e.toString();
    }
  }

  private static void qualityEventsAgreeOnEveryNode(String admin) throws Exception {
    assertThat(sql("SELECT count(*) FROM (SELECT event_type, COALESCE(meter, area), raised_at FROM quality_events"
        + " GROUP BY event_type, COALESCE(meter, area), raised_at HAVING count(*) > 1) twice"))
        .as("events raised twice (by two owners of one meter, or by two outage monitors)").isEqualTo("0");
    long stored = Long.parseLong(sql("SELECT count(*) FROM quality_events"));
    System.out.println("ClusterIT: " + stored + " quality events");
    assertThat(stored).as("the sag on feeder north-F1 raised events").isPositive();
    assertThat(stored).as("within one page of the events API").isLessThanOrEqualTo(5000);
    for (Node n : cluster.nodes()) {
      JsonNode events = json(send(n, "GET", "/api/v1/events?limit=5000", admin, null, 200));
      assertThat((long) events.size()).as("events seen from %s = events stored", n.name).isEqualTo(stored);
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
