package org.meterflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.meterflow.mysql.billing.MariaDbServer;
import org.meterflow.timeseries.influxdb.InfluxDbServer;

/**
 * What the cluster benchmarks share (ClusterCostBenchmark, ClusterRollingRestartBenchmark): the
 * servers of ClusterIT (MariaDB, InfluxDB 1.x, an S3Proxy lake), one set per run (a database, an
 * InfluxDB database and a bucket of its own); HAProxy with the shipped configuration, its stats
 * page on a free port too; CPU time of processes from {@code /proc/PID/stat}; the nodes' readings
 * counters from {@code /metrics}; counts in InfluxDB.
 */
final class ClusterBench implements AutoCloseable {

  static final Duration NODE_START = Duration.ofSeconds(180);
  static final String ACCESS = "bench-access";
  static final String SECRET = "bench-secret-key";
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Pattern ACCEPTED =
      Pattern.compile("(?m)^meterflow_readings_accepted_total(?:\\{[^}]*\\})?\\s+([0-9.eE+-]+)");

  final Path dir;
  final MariaDbServer mariadb;
  final InfluxDbServer influxd;
  final S3Proxy s3;
  private final FilesystemNio2BlobStore blobs;

  private ClusterBench(Path dir, MariaDbServer mariadb, InfluxDbServer influxd, S3Proxy s3, FilesystemNio2BlobStore blobs) {
    this.dir = dir;
    this.mariadb = mariadb;
    this.influxd = influxd;
    this.s3 = s3;
    this.blobs = blobs;
  }

  static ClusterBench startServers(Path dir) throws Exception {
    MariaDbServer mariadb = MariaDbServer.start();
    InfluxDbServer influxd = InfluxDbServer.start(Files.createDirectories(dir.resolve("influxdb")), false);
    FilesystemNio2BlobStore blobs = new FilesystemNio2BlobStore(Files.createDirectories(dir.resolve("s3")).toString());
    S3Proxy proxy = S3Proxy.builder().blobStore(blobs)
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET)
        .ignoreUnknownHeaders(true).build();
    proxy.start();
    assertThat(PlatformFixture.await(Duration.ofSeconds(30), () -> "STARTED".equals(proxy.getState()))).isTrue();
    return new ClusterBench(dir, mariadb, influxd, proxy, blobs);
  }

  /**
   * The nodes' shared environment for one run named {@code run}: its own MariaDB database, InfluxDB
   * database and lake bucket.
   */
  Map<String, String> environment(String run) throws Exception {
    String db = "meterflow_" + run;
    try (Connection c = DriverManager.getConnection(mariadb.jdbcUrl(""), "meterflow", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + db + " CHARACTER SET utf8mb4");
    }
    String bucket = "lake-" + run;
    blobs.createContainer(software.amazon.awssdk.services.s3.model.CreateBucketRequest.builder().bucket(bucket).build());
    Map<String, String> env = new HashMap<>();
    env.put("METERFLOW_DB_URL", mariadb.jdbcUrl(db));
    env.put("METERFLOW_TIMESERIES_KIND", "influxdb");
    env.put("METERFLOW_INFLUXDB_URL", influxd.url());
    env.put("METERFLOW_INFLUXDB_VERSION", "1");
    env.put("METERFLOW_INFLUXDB_DATABASE", db);
    env.put("METERFLOW_LAKE_TARGET", "s3");
    env.put("METERFLOW_LAKE_S3_BUCKET", bucket);
    env.put("METERFLOW_LAKE_S3_ENDPOINT", "http://127.0.0.1:" + s3.getPort());
    env.put("METERFLOW_LAKE_S3_PATH_STYLE", "true");
    // the production default (5 min) unless a run asks for less (-Dbench.cluster.lake-flush=2s, as ClusterIT)
    String flush = System.getProperty("bench.cluster.lake-flush", "");
    if (!flush.isBlank()) {
      env.put("METERFLOW_LAKE_FLUSH_INTERVAL", flush);
    }
    env.put("AWS_ACCESS_KEY_ID", ACCESS);
    env.put("AWS_SECRET_ACCESS_KEY", SECRET);
    env.put("AWS_REGION", "ap-south-1");
    return env;
  }

  /** Starts every node, the first seed first, and waits until each sees all of them Up. */
  static void startAll(ClusterNodes cluster, int firstSeed) {
    try {
      cluster.node(firstSeed).start().awaitRunning(NODE_START);
      for (ClusterNodes.Node n : cluster.nodes()) {
        if (!n.alive()) {
          n.start();
        }
      }
      for (ClusterNodes.Node n : cluster.nodes()) {
        n.awaitRunning(NODE_START);
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    List<ClusterNodes.Node> all = cluster.nodes();
    assertThat(PlatformFixture.await(Duration.ofSeconds(120), () -> all.stream().allMatch(n -> cluster.allUp(n, all))))
        .as("every node sees %d Up members: %s", all.size(), cluster.views()).isTrue();
  }

  // --- HAProxy

  /**
   * Debian's HAProxy with the shipped deploy/haproxy/haproxy.cfg, unchanged, every address on a
   * free loopback port (stats included). The file names three servers: {@code backends} gives each
   * one (the same node three times for a one-node run: every meter then goes to it).
   */
  static final class Haproxy implements AutoCloseable {
    final Process process;
    final int mqttPort;
    final int httpPort;
    final int statsPort;
    final Path log;

    private Haproxy(Process process, int mqttPort, int httpPort, int statsPort, Path log) {
      this.process = process;
      this.mqttPort = mqttPort;
      this.httpPort = httpPort;
      this.statsPort = statsPort;
      this.log = log;
    }

    static Haproxy start(Path dir, List<ClusterNodes.Node> backends) throws IOException {
      assertThat(HaproxyServer.HAPROXY).as("Debian's haproxy").isExecutable();
      assertThat(backends).hasSize(3);
      Files.createDirectories(dir);
      int mqtt = freePort();
      int http = freePort();
      int stats = freePort();
      Map<String, String> env = new HashMap<>();
      env.put("MF_MQTT_BIND", "127.0.0.1:" + mqtt);
      env.put("MF_HTTP_BIND", "127.0.0.1:" + http);
      env.put("MF_STATS_BIND", "127.0.0.1:" + stats);
      env.put("MF_MAXCONN", "4000");
      for (int i = 0; i < 3; i++) {
        env.put("MF_NODE" + (i + 1) + "_MQTT", "127.0.0.1:" + backends.get(i).mqttPort);
        env.put("MF_NODE" + (i + 1) + "_HTTP", "127.0.0.1:" + backends.get(i).httpPort);
      }
      Path log = dir.resolve("haproxy.out");
      ProcessBuilder builder = new ProcessBuilder(HaproxyServer.HAPROXY.toString(), "-db", "-f",
          HaproxyServer.SHIPPED_CONFIG.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().putAll(env);
      Haproxy h = new Haproxy(builder.start(), mqtt, http, stats, log);
      assertThat(PlatformFixture.await(Duration.ofSeconds(15),
          () -> !h.process.isAlive() || (listening(mqtt) && listening(http) && listening(stats))))
          .as("haproxy listens: %s", h.log()).isTrue();
      assertThat(h.process.isAlive()).as("haproxy runs: %s", h.log()).isTrue();
      return h;
    }

    /** Status by "proxy/server" from the stats page's CSV (UP, DOWN, MAINT, "UP 1/2", ...). */
    Map<String, String> status() {
      Map<String, String> byServer = new TreeMap<>();
      try {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statsPort + "/stats;csv"))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        String[] lines = r.body().split("\n");
        List<String> header = List.of(lines[0].replaceFirst("^# ", "").split(","));
        int status = header.indexOf("status");
        for (int i = 1; i < lines.length; i++) {
          String[] f = lines[i].split(",", -1);
          if (f.length > status && !f[1].equals("FRONTEND") && !f[1].equals("BACKEND")) {
            byServer.put(f[0] + "/" + f[1], f[status]);
          }
        }
      } catch (IOException | RuntimeException e) {
        return Map.of();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return byServer;
    }

    /** True when HAProxy has server {@code name} in service for both HTTP and MQTT. */
    boolean inService(String name) {
      Map<String, String> s = status();
      return s.getOrDefault("http_nodes/" + name, "").equals("UP") && s.getOrDefault("mqtt_nodes/" + name, "").equals("UP");
    }

    String log() {
      try {
        return Files.readString(log);
      } catch (IOException e) {
        return e.toString();
      }
    }

    long pid() {
      return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  // --- the simulator

  /** {@code meterflow simulate} through HAProxy: {@code meters} in gateways, {@code rate} readings/s for {@code seconds}. */
  static FatJar simulate(Path work, Haproxy haproxy, String token, int meters, int perGateway, String prefix, double rate,
      long seconds) throws IOException {
    // a reading per meter every 15 simulated minutes: rate = meters * acceleration / 900 s
    double acceleration = rate * 900.0 / meters;
    long spanMinutes = (long) Math.ceil(acceleration * (seconds + 60) / 60.0);
    Files.createDirectories(work);
    return FatJar.start(work, Map.of(), "simulate", "--api", "http://127.0.0.1:" + haproxy.httpPort,
        "--broker", "ssl://localhost:" + haproxy.mqttPort, "--token", token, "--meters", String.valueOf(meters),
        "--meters-per-gateway", String.valueOf(perGateway), "--serial-prefix", prefix, "--interval", "15m",
        "--span", spanMinutes + "m", "--acceleration", String.format(java.util.Locale.ROOT, "%.3f", acceleration),
        "--run-for", seconds + "s", "--credentials", work.resolve("credentials").toString(), "--no-status", "--json");
  }

  static JsonNode simulatorReport(String output) throws IOException {
    Matcher m = Pattern.compile("(?m)^\\{\"cores\".*$").matcher(output);
    assertThat(m.find()).as("the simulator's JSON summary:\n%s", output.length() > 4000
        ? output.substring(output.length() - 4000) : output).isTrue();
    return PlatformFixture.JSON.readTree(m.group());
  }

  /** The simulator JVM: the test JVM's child whose command line says {@code simulate}. */
  static long simulatorPid() {
    return ProcessHandle.current().children()
        .filter(p -> p.info().arguments().map(a -> List.of(a).contains("simulate")).orElse(false))
        .mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
  }

  /** A descendant of the test JVM whose executable ends with {@code name} (mariadbd, influxd), or -1. */
  static long descendant(String name) {
    return ProcessHandle.current().descendants()
        .filter(p -> p.info().command().map(c -> c.endsWith("/" + name)).orElse(false))
        .mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
  }

  // --- measurements

  static final long CLK_TCK = clockTicks();

  private static long clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      p.waitFor(10, TimeUnit.SECONDS);
      return Long.parseLong(out);
    } catch (IOException | NumberFormatException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }

  /** utime + stime of process {@code pid} in seconds (all its threads), from /proc/PID/stat; 0 when it is gone. */
  static double cpuSeconds(long pid) {
    if (pid <= 0) {
      return 0;
    }
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      // the command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
      // f[0] is field 3 (state); utime is field 14, stime field 15
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) CLK_TCK;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** CPU seconds of each named process at this instant. */
  static Map<String, Double> cpu(Map<String, Long> pids) {
    Map<String, Double> out = new LinkedHashMap<>();
    pids.forEach((name, pid) -> out.put(name, cpuSeconds(pid)));
    return out;
  }

  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "?";
    }
  }

  /** The node's {@code meterflow_readings_accepted_total} (summed over its labels), -1 when it does not answer. */
  static long accepted(ClusterNodes.Node node) {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/metrics"))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      Matcher m = ACCEPTED.matcher(r.body());
      double sum = 0;
      boolean any = false;
      while (m.find()) {
        sum += Double.parseDouble(m.group(1));
        any = true;
      }
      return any ? Math.round(sum) : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Readings per meter (serials starting with {@code prefix}) in InfluxDB database {@code db}. */
  Map<String, Long> influxPerMeter(String db, String prefix) {
    try {
      String q = URLEncoder.encode("SELECT count(voltage) FROM readings WHERE serial =~ /^" + prefix + "/ GROUP BY serial",
          StandardCharsets.UTF_8);
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(influxd.url() + "/query?db=" + db + "&q=" + q))
          .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
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

  static long total(Map<String, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  /** {@code rows[]} of a lake SQL query on {@code node}, or an empty list. */
  static List<JsonNode> lakeRows(ClusterNodes.Node node, String admin, String sql) {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/api/v1/lake/query"))
          .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
          .timeout(Duration.ofSeconds(120))
          .POST(HttpRequest.BodyPublishers.ofString(PlatformFixture.JSON.writeValueAsString(Map.of("sql", sql)))).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return List.of();
      }
      List<JsonNode> rows = new ArrayList<>();
      PlatformFixture.JSON.readTree(r.body()).path("rows").forEach(rows::add);
      return rows;
    } catch (IOException e) {
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws Exception {
    influxd.close();
    mariadb.close();
    s3.stop();
  }
}
