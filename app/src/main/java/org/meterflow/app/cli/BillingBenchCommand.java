package org.meterflow.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.meterflow.app.MeterflowConfig;
import org.meterflow.app.Platform;
import org.meterflow.model.billing.BillingPeriod;
import org.meterflow.model.reading.AcceptedReading;
import org.meterflow.model.reading.Reading;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code meterflow bench-billing}: a monthly billing run for N meters with synthetic registers.
 * Starts the embedded platform in a temporary folder, inserts N meters into the registry, writes
 * four register readings per meter around the period's boundaries (5 minutes before and 10
 * minutes after each) into the time-series store, then times {@code POST /api/v1/billing/runs}
 * until the run completes; a second run of the same period measures the idempotent rerun.
 */
@Command(name = "bench-billing", mixinStandardHelpOptions = true,
    description = "Time a monthly billing run for N meters with synthetic registers.")
public final class BillingBenchCommand implements Callable<Integer> {

  @Option(names = "--meters", defaultValue = "1000000", description = "Meters (default ${DEFAULT-VALUE})")
  int meters;

  @Option(names = "--period", defaultValue = "2026-10", description = "Month billed (default ${DEFAULT-VALUE})")
  String period;

  @Override
  public Integer call() throws Exception {
    try (RunFolder folder = RunFolder.of(null, "meterflow-bench-billing")) {
      return run(folder.path());
    }
  }

  private Integer run(Path dir) throws Exception {
    Map<String, Object> overrides = MeterflowConfig.isolated(dir);
    overrides.put("meterflow.billing.scheduler.enabled", false);
    overrides.put("meterflow.registry.user", "meterflow");
    try (Platform platform = Platform.start(MeterflowConfig.load(overrides))) {
      ZoneId zone = platform.settings().zone();
      BillingPeriod p = BillingPeriod.ofMonth(YearMonth.parse(period));
      long t0 = System.nanoTime();
      insertMeters(dir);
      long t1 = System.nanoTime();
      writeRegisters(platform, p.startInstant(zone), p.endInstant(zone));
      long t2 = System.nanoTime();
      System.out.printf("cores                 %d%n", Runtime.getRuntime().availableProcessors());
      System.out.printf("maxHeapMiB            %d%n", Runtime.getRuntime().maxMemory() >> 20);
      System.out.printf("meters                %d%n", meters);
      System.out.printf("setupMetersSeconds    %.1f%n", (t1 - t0) / 1e9);
      System.out.printf("setupReadingsSeconds  %.1f (%d readings)%n", (t2 - t1) / 1e9, 4L * meters);
      System.out.printf("loadAverage           %s%n", loadAverage());
      JsonNode first = run(platform);
      System.out.printf("runSeconds            %.1f%n", first.path("seconds").asDouble());
      System.out.printf("runCpuSeconds         %.1f (this process, all threads)%n", first.path("cpuSeconds").asDouble());
      System.out.printf("run                   %s%n", summary(first));
      System.out.printf("loadAverage           %s%n", loadAverage());
      JsonNode second = run(platform);
      System.out.printf("rerunSeconds          %.1f%n", second.path("seconds").asDouble());
      System.out.printf("rerunCpuSeconds       %.1f (this process, all threads)%n", second.path("cpuSeconds").asDouble());
      System.out.printf("rerun                 %s%n", summary(second));
      System.out.printf("loadAverage           %s%n", loadAverage());
      return first.path("state").asText().equals("COMPLETED") ? 0 : 1;
    }
  }

  /** The 1, 5 and 15 minute load averages (Linux), so a figure can be read against the box's contention. */
  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (java.io.IOException | RuntimeException e) {
      return String.format("%.2f", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  /** CPU time this process has used so far, in nanoseconds (-1 where unknown). */
  private static long processCpuNanos() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
  }

  private static String summary(JsonNode r) {
    return r.path("state").asText() + " meters=" + r.path("meters").asInt() + " issued=" + r.path("issued").asInt()
        + " revised=" + r.path("revised").asInt() + " unchanged=" + r.path("unchanged").asInt()
        + " estimated=" + r.path("estimated").asInt() + " failed=" + r.path("failed").asInt();
  }

  private void insertMeters(Path dir) throws Exception {
    String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("db").resolve("meterflow")
        + ";MODE=MySQL;NON_KEYWORDS=VALUE,YEAR;DB_CLOSE_ON_EXIT=FALSE";
    try (Connection c = DriverManager.getConnection(url, "meterflow", "")) {
      c.setAutoCommit(false);
      try (PreparedStatement s = c.prepareStatement("INSERT INTO meters (serial, consumer_id, tariff_category, region,"
          + " substation, feeder, dt, nominal_voltage, nominal_frequency, cycle_group, net_metered, status,"
          + " certificate_serial, registered_at, updated_at) VALUES (?, ?, ?, 'north', 'SS1', ?, ?, 230, 50, 1, ?, 'ACTIVE',"
          + " NULL, ?, ?)")) {
        Timestamp now = Timestamp.from(Instant.now());
        for (int i = 0; i < meters; i++) {
          s.setString(1, serial(i));
          s.setString(2, "C" + i);
          s.setString(3, i % 10 == 0 ? "commercial" : "domestic");
          s.setString(4, "F" + (i / 200));
          s.setString(5, "DT" + (i / 20));
          s.setBoolean(6, i % 20 == 0);
          s.setTimestamp(7, now);
          s.setTimestamp(8, now);
          s.addBatch();
          if (i % 10_000 == 9_999) {
            s.executeBatch();
            c.commit();
          }
        }
        s.executeBatch();
        c.commit();
      }
    }
  }

  private void writeRegisters(Platform platform, Instant start, Instant end) {
    Instant received = Instant.now();
    List<CompletableFuture<Void>> inFlight = new ArrayList<>();
    List<AcceptedReading> batch = new ArrayList<>(20_000);
    for (int i = 0; i < meters; i++) {
      String serial = serial(i);
      double base = 1000 + (i % 5000);
      double monthly = 50 + (i % 400); // 50..449 kWh: every slab is reached
      batch.add(reading(serial, 1, start.minus(Duration.ofMinutes(5)), base, received));
      batch.add(reading(serial, 2, start.plus(Duration.ofMinutes(10)), base + 0.2, received));
      batch.add(reading(serial, 3, end.minus(Duration.ofMinutes(5)), base + monthly, received));
      batch.add(reading(serial, 4, end.plus(Duration.ofMinutes(10)), base + monthly + 0.2, received));
      if (batch.size() >= 20_000) {
        inFlight.add(platform.store().write(batch).toCompletableFuture());
        batch = new ArrayList<>(20_000);
        if (inFlight.size() >= 4) {
          inFlight.remove(0).join();
        }
      }
    }
    inFlight.add(platform.store().write(batch).toCompletableFuture());
    inFlight.forEach(CompletableFuture::join);
    long expected = 4L * meters;
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline
        && platform.store().count(serial(meters - 1), Instant.EPOCH, end.plus(Duration.ofDays(1))).toCompletableFuture().join() < 4) {
      CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS)).join();
    }
    System.out.printf("readingsWritten       %d%n", expected);
  }

  private static AcceptedReading reading(String serial, long seq, Instant ts, double kwh, Instant received) {
    return new AcceptedReading(new Reading(serial, seq, ts, kwh, 0.0, 231.0, 2.0, 50.0, 0.98), received);
  }

  private static String serial(int i) {
    return String.format("B%07d", i);
  }

  private JsonNode run(Platform platform) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    ObjectMapper json = new ObjectMapper();
    String base = "http://127.0.0.1:" + platform.httpPort();
    long started = System.nanoTime();
    long cpuStarted = processCpuNanos();
    HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/billing/runs"))
        .header("Authorization", "Bearer " + platform.adminToken()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"period\":\"" + period + "\",\"cycleDay\":1}")).build(),
        HttpResponse.BodyHandlers.ofString());
    String id = json.readTree(accepted.body()).path("runs").get(0).path("id").asText();
    ProgressLine bar = new ProgressLine(System.out, "meters");
    while (true) {
      JsonNode r = json.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/billing/runs/" + id))
          .header("Authorization", "Bearer " + platform.adminToken()).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
      bar.show(r.path("processed").asLong(), r.path("meters").asLong(), r.path("state").asText());
      String state = r.path("state").asText();
      if (state.equals("COMPLETED") || state.equals("FAILED")) {
        bar.finish();
        ((com.fasterxml.jackson.databind.node.ObjectNode) r).put("seconds", (System.nanoTime() - started) / 1e9)
            .put("cpuSeconds", (processCpuNanos() - cpuStarted) / 1e9);
        return r;
      }
      CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS)).join();
    }
  }
}
