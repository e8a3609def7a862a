package org.meterflow.app;

import org.meterflow.model.Datasets;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
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
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterflow.timeseries.influxdb.InfluxDbServer;
import org.meterflow.mysql.billing.MariaDbServer;

/**
 * The shipped fat jar, {@code serve}, on every production server the docs name at once, chosen by
 * environment variables alone: Debian's MariaDB (registry, tokens, events, billing and the Pekko
 * journal), Debian's InfluxDB 1.6 (the time series: readings, billing registers, forecasts),
 * Debian's Mosquitto (the broker) and an S3 server (S3Proxy; the lake, listed by Debian's
 * {@code aws}). Meters registered over the API publish through Mosquitto; a real London household
 * is imported and billed with the jar's own CLI, with its PDF; the lake on S3 answers SQL; then the
 * platform restarts (on a {@code jdbc:mysql:} URL this time) and nothing is lost. Integration
 * profile; fails, never skips, when a server is missing.
 */
class ShippedJarOnProductionServersIT {

  private static final Duration START = Duration.ofSeconds(120);
  private static final String BUCKET = "meterflow-lake";
  private static final String ACCESS = "it-access";
  private static final String SECRET = "it-secret-key";
  private static final ZoneId ZONE = ZoneId.of("Asia/Kolkata");
  private static final Path AWS = Path.of("/usr/bin/aws");
  private static final List<String> SERIALS = List.of("PS000001", "PS000002", "PS000003");
  private static final String HOUSEHOLD = "LDN-0002";

  @TempDir
  static Path dir;
  static MariaDbServer mariadb;
  static InfluxDbServer influxd;
  static S3Proxy s3;
  static MosquittoServer mosquitto;
  static Map<String, String> env;
  static int httpPort;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void startServers() throws Exception {
    assertThat(AWS).as("Debian's awscli (apt-get install awscli)").isExecutable();
    mariadb = MariaDbServer.start();
    try (Connection c = DriverManager.getConnection(mariadb.jdbcUrl(""), "meterflow", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE meterflow CHARACTER SET utf8mb4");
    }
    influxd = InfluxDbServer.start(Files.createDirectories(dir.resolve("influxdb")), false);
    s3 = startS3(Files.createDirectories(dir.resolve("s3")));
    assertThat(aws("s3", "mb", "s3://" + BUCKET)).contains("make_bucket");
    httpPort = freePort();
    int mqttPort = freePort();
    env = new HashMap<>();
    env.put("METERFLOW_DATA_DIR", dir.resolve("data").toString());
    env.put("METERFLOW_HTTP_PORT", String.valueOf(httpPort));
    env.put("METERFLOW_CLUSTER_PORT", "0");
    env.put("METERFLOW_DB_URL", mariadb.jdbcUrl("meterflow"));
    env.put("METERFLOW_TIMESERIES_KIND", "influxdb");
    env.put("METERFLOW_INFLUXDB_URL", influxd.url());
    env.put("METERFLOW_INFLUXDB_VERSION", "1");
    env.put("METERFLOW_INFLUXDB_DATABASE", "meterflow");
    env.put("METERFLOW_MQTT_EMBEDDED", "false");
    env.put("METERFLOW_MQTT_EXTERNAL_URL", "ssl://localhost:" + mqttPort);
    env.put("METERFLOW_MOSQUITTO_FILES_DIR", dir.resolve("mosquitto-files").toString());
    env.put("METERFLOW_MOSQUITTO_PID_FILE", dir.resolve("mosquitto.pid").toString());
    env.put("METERFLOW_LAKE_TARGET", "s3");
    env.put("METERFLOW_LAKE_S3_BUCKET", BUCKET);
    env.put("METERFLOW_LAKE_S3_ENDPOINT", "http://127.0.0.1:" + s3.getPort());
    env.put("METERFLOW_LAKE_S3_PATH_STYLE", "true");
    env.put("METERFLOW_LAKE_FLUSH_INTERVAL", "2s");
    env.put("AWS_ACCESS_KEY_ID", ACCESS);
    env.put("AWS_SECRET_ACCESS_KEY", SECRET);
    env.put("AWS_REGION", "ap-south-1");
  }

  @AfterAll
  static void stopServers() throws Exception {
    for (AutoCloseable server : new AutoCloseable[] {mosquitto, influxd, mariadb}) {
      if (server != null) {
        server.close();
      }
    }
    if (s3 != null) {
      s3.stop();
    }
  }

  @Test
  void theShippedJarRunsOnMariaDbInfluxDbMosquittoAndS3AndLosesNothingAcrossARestart() throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    Instant first = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(120);
    String admin;
    BigDecimal billedKwh;
    String billId;
    try (FatJar serve = FatJar.start(work, env, "serve")) {
      // the external broker reads the files the platform writes at start
      serve.await(Pattern.compile("External MQTT broker .* wrote CA"), START);
      mosquitto = MosquittoServer.start(Files.createDirectories(dir.resolve("mosquitto")),
          dir.resolve("mosquitto-files"), dir.resolve("mosquitto.pid"), Integer.parseInt(
              env.get("METERFLOW_MQTT_EXTERNAL_URL").replaceAll(".*:", "")));
      serve.await(Pattern.compile("MeterFlow is running"), START);
      admin = Files.readString(dir.resolve("data/admin-token")).trim();
      assertThat(serve.output()).as("kind = influxdb: no QuestDB starts").doesNotContain("QuestDB")
          .contains("time series InfluxDB 1.x at " + influxd.url());
      assertThat(dir.resolve("data/questdb")).doesNotExist();

      // meters registered over the API publish through Mosquitto, four readings each
      for (String serial : SERIALS) {
        Path bundle = mosquitto.writeBundle(json(post("/api/v1/meters", admin, "{\"serial\":\"" + serial
            + "\",\"consumer\":\"C-" + serial + "\",\"region\":\"north\",\"feeder\":\"F1\",\"dt\":\"DT1\"}", 201)));
        for (int seq = 1; seq <= 4; seq++) {
          publishUntilStored(bundle, serial, seq, first.plus(Duration.ofSeconds(15L * seq)));
        }
      }
      assertThat(influxCount("readings", "voltage")).as("12 readings in InfluxDB").isEqualTo(12);

      // a London household's real half-hours imported and billed with the jar's own CLI
      post("/api/v1/tariffs", admin, """
          {"category":"domestic","code":"DOM-2013","effectiveFrom":"2013-01-01","fixedPerMonth":50.00,"fixedPerKw":20.00,
           "slabs":[{"upToKwh":100,"rate":3.00},{"upToKwh":200,"rate":4.50},{"upToKwh":null,"rate":6.00}],
           "dutyPercent":6,"taxPercent":2,"minimumCharge":100.00}""", 201);
      post("/api/v1/consumers", admin, "{\"id\":\"C-LDN\",\"name\":\"London household\",\"sanctionedLoadKw\":2}", 201);
      post("/api/v1/meters", admin, "{\"serial\":\"" + HOUSEHOLD + "\",\"consumer\":\"C-LDN\",\"region\":\"london\","
          + "\"feeder\":\"F9\",\"dt\":\"DT9\",\"cycleGroup\":1,\"tariffCategory\":\"domestic\"}", 201);
      assertThat(cli(work, admin, "readings", "import", "--file", household().toString(), "--format", "london",
          "--serial", HOUSEHOLD)).contains("17521");
      // the household and the three publishing meters (estimated: no readings in 2013) share cycle day 1
      assertThat(cli(work, admin, "bill", "run", "--period", "2013-03", "--cycle-day", "1"))
          .contains("COMPLETED — 4 meters, 4 issued").contains("0 failed");
      JsonNode bill = json(get("/api/v1/consumers/C-LDN/bills", admin)).get(0);
      billedKwh = bill.get("importKwh").decimalValue();
      billId = bill.get("id").asText();
      assertThat(bill.get("estimated").asBoolean()).as(bill.toString()).isFalse();
      assertThat(billedKwh.doubleValue()).as("the household's March, local days, by hand")
          .isCloseTo(monthSum(), org.assertj.core.data.Offset.offset(0.0015));
      HttpResponse<byte[]> pdf = HTTP.send(request("/api/v1/bills/" + billId + ".pdf", admin).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(pdf.statusCode()).isEqualTo(200);
      assertThat(new String(pdf.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");

      // the lake on S3: SQL answers, and aws lists the date partitions in the bucket
      assertThat(PlatformFixture.await(Duration.ofSeconds(60), () -> lakeCount(admin) == 12))
          .as("12 readings in the lake: %s", lakeCount(admin)).isTrue();
      assertThat(PlatformFixture.await(Duration.ofSeconds(30), () -> aws("s3", "ls", "--recursive",
          "s3://" + BUCKET + "/").contains("readings/date="))).as(aws("s3", "ls", "--recursive", "s3://" + BUCKET + "/"))
          .isTrue();
      serve.terminate(Duration.ofSeconds(90));
    }
    try (Connection c = DriverManager.getConnection(mariadb.jdbcUrl("meterflow"), "meterflow", "");
        Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM event_journal")) {
      assertThat(r.next()).isTrue();
      assertThat(r.getLong(1)).as("the meters' journal is in MariaDB").isPositive();
    }

    // restart on the same servers, the registry named by a jdbc:mysql: URL this time
    Map<String, String> again = new HashMap<>(env);
    again.put("METERFLOW_DB_URL", mariadb.jdbcUrl("meterflow").replace("jdbc:mariadb:", "jdbc:mysql:"));
    try (FatJar serve = FatJar.start(work, again, "serve")) {
      serve.await(Pattern.compile("MeterFlow is running"), START);
      assertThat(json(get("/api/v1/consumers/C-LDN/bills", admin)).get(0).get("importKwh").decimalValue())
          .isEqualByComparingTo(billedKwh);
      assertThat(get("/api/v1/bills/" + billId + ".pdf", admin).statusCode()).isEqualTo(200);
      for (String serial : SERIALS) {
        assertThat(json(get("/api/v1/meters/" + serial + "/readings/latest", admin)).get("seq").asInt()).isEqualTo(4);
      }
      assertThat(lakeCount(admin)).as("the lake after the restart").isEqualTo(12);
      // the meters' entities recover from the MariaDB journal: a redelivered reading is a duplicate,
      // a new one is accepted
      Path bundle = dir.resolve("mosquitto/bundles/" + SERIALS.get(0));
      long duplicatesBefore = json(get("/api/v1/ingest/stats", admin)).path("duplicates").asLong();
      publishUntilStored(bundle, SERIALS.get(0), 5, first.plus(Duration.ofSeconds(75)));
      assertThat(mosquitto.publish(bundle, SERIALS.get(0), "meters/" + SERIALS.get(0) + "/readings",
          reading(SERIALS.get(0), 4, first.plus(Duration.ofSeconds(60))))).isZero();
      assertThat(PlatformFixture.await(Duration.ofSeconds(20), () -> {
        try {
          return json(get("/api/v1/ingest/stats", admin)).path("duplicates").asLong() > duplicatesBefore;
        } catch (Exception e) {
          return false;
        }
      })).as("the redelivered reading counted as a duplicate").isTrue();
      assertThat(influxCount("readings", "voltage")).as("13 readings in InfluxDB, none twice").isEqualTo(13);
      serve.terminate(Duration.ofSeconds(90));
    }
  }

  // --- helpers

  private static void publishUntilStored(Path bundle, String serial, int seq, Instant ts) throws Exception {
    String payload = reading(serial, seq, ts);
    boolean stored = PlatformFixture.await(Duration.ofSeconds(60), () -> {
      try {
        HttpResponse<String> latest = get("/api/v1/meters/" + serial + "/readings/latest",
            Files.readString(dir.resolve("data/admin-token")).trim());
        if (latest.statusCode() == 200 && json(latest).get("seq").asInt() >= seq) {
          return true;
        }
        mosquitto.publish(bundle, serial, "meters/" + serial + "/readings", payload);
        return false;
      } catch (Exception e) {
        return false;
      }
    });
    assertThat(stored).as("reading %d of %s stored; broker log %s", seq, serial, mosquitto.log()).isTrue();
  }

  private static String reading(String serial, int seq, Instant ts) {
    // 2 Wh per 15 s is 0.48 kW, within what 4.2 A at 231 V can draw (a bigger jump is refused)
    return String.format(java.util.Locale.ROOT, "{\"serial\":\"%s\",\"seq\":%d,\"ts\":\"%s\",\"importKwh\":%.3f,"
        + "\"exportKwh\":0.0,\"voltage\":231.4,\"current\":4.2,\"frequency\":50.01,\"powerFactor\":0.97}",
        serial, seq, ts, 100 + 0.002 * seq);
  }

  private static Path household() {
    return Datasets.resolve("london_smart_meters_2013/MAC000002.csv").toAbsolutePath();
  }

  /** The file's half-hours that start in March 2013, local days in the utility's zone. */
  private static double monthSum() throws IOException {
    Instant from = LocalDateTime.of(2013, 3, 1, 0, 0).atZone(ZONE).toInstant();
    Instant to = LocalDateTime.of(2013, 4, 1, 0, 0).atZone(ZONE).toInstant();
    DateTimeFormatter ts = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    BigDecimal sum = BigDecimal.ZERO;
    for (String line : Files.readAllLines(household())) {
      String[] p = line.split(",");
      if (p.length < 3 || p[0].startsWith("LCLid") || p[2].trim().isEmpty() || p[2].trim().equalsIgnoreCase("null")) {
        continue;
      }
      Instant slot = LocalDateTime.parse(p[1].trim(), ts).toInstant(ZoneOffset.UTC);
      if (!slot.isBefore(from) && slot.isBefore(to)) {
        sum = sum.add(new BigDecimal(p[2].trim()));
      }
    }
    return sum.doubleValue();
  }

  /** Runs the jar's CLI against the running platform; its output (fails on a non-zero exit). */
  private static String cli(Path work, String token, String... args) throws Exception {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--url";
    all[args.length + 1] = "http://127.0.0.1:" + httpPort;
    all[args.length + 2] = "--token";
    all[args.length + 3] = token;
    try (FatJar command = FatJar.start(work, Map.of(), all)) {
      assertThat(command.awaitExit(Duration.ofMinutes(5))).as(command.tail()).contains(0);
      return command.output();
    }
  }

  private static long lakeCount(String admin) {
    try {
      HttpResponse<String> r = post("/api/v1/lake/query", admin, "{\"sql\":\"SELECT count(*) FROM readings\"}", 200);
      return json(r).get("rows").get(0).get(0).asLong();
    } catch (Throwable e) {
      return -1;
    }
  }

  /** Readings of the publishing meters (PS…) in InfluxDB, asked directly (not through the platform). */
  private static long influxCount(String measurement, String field) throws Exception {
    String q = URLEncoder.encode("SELECT count(" + field + ") FROM " + measurement + " WHERE serial =~ /^PS/",
        StandardCharsets.UTF_8);
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(influxd.url() + "/query?db=meterflow&q=" + q))
        .build(), HttpResponse.BodyHandlers.ofString());
    JsonNode values = json(r).path("results").path(0).path("series").path(0).path("values");
    return values.isMissingNode() ? 0 : values.path(0).path(1).asLong();
  }

  private static String aws(String... args) {
    try {
      List<String> command = new java.util.ArrayList<>(List.of(AWS.toString(), "--endpoint-url",
          "http://127.0.0.1:" + s3.getPort(), "--region", "ap-south-1"));
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

  private static HttpRequest.Builder request(String path, String token) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
        .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60));
  }

  private static HttpResponse<String> get(String path, String token) throws Exception {
    return HTTP.send(request(path, token).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, String token, String body, int expected) throws Exception {
    HttpResponse<String> r = HTTP.send(request(path, token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(expected);
    return r;
  }

  private static JsonNode json(HttpResponse<String> r) throws IOException {
    return PlatformFixture.JSON.readTree(r.body());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
