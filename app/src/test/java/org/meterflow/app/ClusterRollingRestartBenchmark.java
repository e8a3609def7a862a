package org.meterflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling restart under load (docs/benchmarks.md, "Cluster: rolling restart"): three nodes
 * behind HAProxy (the shipped deploy/haproxy/haproxy.cfg) on ClusterIT's servers, the simulator
 * publishing through HAProxy; n1, then n2, then n3 is stopped with SIGTERM and started again on
 * its data dir, the next one only once every node lists it Up (GET /api/v1/cluster) and HAProxy
 * has it in service again (its stats page). At the end every reading the simulator saw
 * acknowledged is in InfluxDB, and the lake holds what InfluxDB holds, per meter; it prints the
 * counts and how long each node took to come back.
 *
 * <pre>mvn -B -pl app -am -Dbenchmark=ClusterRollingRestartBenchmark verify
 *   [-Dbench.cluster.meters=2000] [-Dbench.cluster.rate=1000] [-Dbench.cluster.gateway=20]
 *   [-Dbench.restart.load=420] (seconds the simulator publishes) [-Dbench.restart.warmup=30]</pre>
 */
@Tag("benchmark")
class ClusterRollingRestartBenchmark {

  static final int LOAD = Integer.getInteger("bench.restart.load", 420);
  static final int WARMUP = Integer.getInteger("bench.restart.warmup", 30);
  static final String PREFIX = "RR";

  @Test
  @Timeout(value = 40, unit = TimeUnit.MINUTES)
  void restartingTheNodesOneAtATimeUnderLoadLosesNothing(@TempDir Path dir) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("benchmark", "ClusterRollingRestartBenchmark");
    out.put("started", Instant.now().toString());
    out.put("nproc", Runtime.getRuntime().availableProcessors());
    out.put("loadAverageBefore", ClusterBench.loadAverage());
    out.put("meters", ClusterCostBenchmark.METERS);
    out.put("metersPerGateway", ClusterCostBenchmark.GATEWAY);
    out.put("offeredReadingsPerSecond", ClusterCostBenchmark.RATE);
    out.put("loadSeconds", LOAD);
    List<Map<String, Object>> restarts = new ArrayList<>();
    ClusterNodes cluster = null;
    ClusterBench.Haproxy haproxy = null;
    FatJar simulator = null;
    try (ClusterBench servers = ClusterBench.startServers(dir)) {
      Map<String, String> env = servers.environment("rr");
      // the lake flushes every 2 s (default 5 min), as in ClusterIT: the run's last readings are in it soon after
      env.put("METERFLOW_LAKE_FLUSH_INTERVAL", System.getProperty("bench.cluster.lake-flush", "2s"));
      String db = env.get("METERFLOW_INFLUXDB_DATABASE");
      cluster = ClusterNodes.layOut(dir.resolve("cluster"), 3, env, 1, 2);
      ClusterBench.startAll(cluster, 1);
      haproxy = ClusterBench.Haproxy.start(dir.resolve("haproxy"), cluster.nodes());
      ClusterBench.Haproxy h = haproxy;
      assertThat(PlatformFixture.await(Duration.ofSeconds(60), () -> h.inService("n1") && h.inService("n2")
          && h.inService("n3"))).as("HAProxy has every node in service: %s", haproxy.status()).isTrue();
      String admin = cluster.adminToken();
      simulator = ClusterBench.simulate(dir.resolve("sim"), haproxy, admin, ClusterCostBenchmark.METERS,
          ClusterCostBenchmark.GATEWAY, PREFIX, ClusterCostBenchmark.RATE, LOAD);
      simulator.await(Pattern.compile("senders connected"), Duration.ofMinutes(6));
      Instant publishing = Instant.now();
      LockSupport.parkNanos(Duration.ofSeconds(WARMUP).toNanos());

      List<ClusterNodes.Node> all = cluster.nodes();
      for (ClusterNodes.Node n : all) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("node", n.name);
        r.put("atSecond", Duration.between(publishing, Instant.now()).toSeconds());
        long t0 = System.nanoTime();
        n.stop(Duration.ofSeconds(90));
        r.put("stopSeconds", ClusterCostBenchmark.round((System.nanoTime() - t0) / 1e9, 1));
        long t1 = System.nanoTime();
        n.start().awaitRunning(ClusterBench.NODE_START);
        r.put("startedSeconds", ClusterCostBenchmark.round((System.nanoTime() - t1) / 1e9, 1));
        ClusterNodes c = cluster;
        assertThat(PlatformFixture.await(Duration.ofSeconds(120), () -> all.stream().allMatch(m -> c.allUp(m, all))))
            .as("%s rejoined: every node sees three Up members: %s", n.name, cluster.views()).isTrue();
        r.put("upInClusterSeconds", ClusterCostBenchmark.round((System.nanoTime() - t1) / 1e9, 1));
        assertThat(PlatformFixture.await(Duration.ofSeconds(60), () -> h.inService(n.name)))
            .as("HAProxy has %s in service again: %s", n.name, h.status()).isTrue();
        r.put("inServiceSeconds", ClusterCostBenchmark.round((System.nanoTime() - t1) / 1e9, 1));
        r.put("downSeconds", ClusterCostBenchmark.round((System.nanoTime() - t0) / 1e9, 1));
        restarts.add(r);
        System.out.println("ClusterRollingRestartBenchmark: " + r);
      }
      long restartsDone = Duration.between(publishing, Instant.now()).toSeconds();
      out.put("restarts", restarts);
      out.put("restartsDoneAtSecond", restartsDone);
      out.put("restartsWithinLoad", restartsDone < LOAD);

      var exit = simulator.awaitExit(Duration.ofSeconds(LOAD + 300L));
      assertThat(exit).as("the simulator finished: %s", simulator.tail()).isPresent();
      out.put("simulatorExit", exit.get());
      JsonNode report = ClusterBench.simulatorReport(simulator.output());
      out.put("simulator", report);
      long acked = report.path("acked").asLong();

      AtomicReference<Map<String, Long>> influx = new AtomicReference<>(Map.of());
      PlatformFixture.await(Duration.ofSeconds(90), () -> {
        influx.set(servers.influxPerMeter(db, PREFIX));
        return ClusterBench.total(influx.get()) >= acked;
      });
      long stored = ClusterBench.total(influx.get());
      long min = influx.get().values().stream().mapToLong(Long::longValue).min().orElse(0);
      long max = influx.get().values().stream().mapToLong(Long::longValue).max().orElse(0);
      Map<String, Long> lake = lakePerMeter(cluster.node(1), admin, acked);
      long lakeRows = lakeRows(cluster.node(1), admin);
      long notInLake = 0;
      for (Map.Entry<String, Long> e : influx.get().entrySet()) {
        notInLake += Math.max(0, e.getValue() - lake.getOrDefault(e.getKey(), 0L));
      }
      out.put("acked", acked);
      out.put("storedInInfluxDb", stored);
      out.put("lost", Math.max(0, acked - stored));
      out.put("storedNotAcked", Math.max(0, stored - acked));
      out.put("metersWithReadings", influx.get().size());
      out.put("perMeterMinMax", List.of(min, max));
      out.put("lakeDistinct", ClusterBench.total(lake));
      out.put("lakeRows", lakeRows);
      out.put("lakeDuplicates", lakeRows < 0 ? -1 : lakeRows - ClusterBench.total(lake));
      out.put("inInfluxDbNotInLake", notInLake);
      out.put("loadAverageAfter", ClusterBench.loadAverage());

      String json = PlatformFixture.JSON.writeValueAsString(out);
      Path keep = Files.createDirectories(Path.of("target", "cluster-bench"));
      Files.writeString(keep.resolve("rolling-restart.json"), json);
      System.out.println(json);
      System.out.println(table(out, restarts));

      assertThat(report.path("dropped").asLong()).as("the simulator dropped nothing: %s", report).isZero();
      assertThat(stored).as("every acknowledged reading is in InfluxDB").isGreaterThanOrEqualTo(acked);
      assertThat(max - min).as("one reading per meter per interval (min %d, max %d)", min, max).isLessThanOrEqualTo(1);
      assertThat(lake).as("per meter, the lake holds what InfluxDB holds").isEqualTo(influx.get());
    } finally {
      if (simulator != null) {
        simulator.close();
      }
      if (haproxy != null) {
        haproxy.close();
      }
      if (cluster != null) {
        cluster.close();
        Path logs = Path.of("target", "cluster-bench", "rolling-restart");
        cluster.keepLogs(logs);
        if (simulator != null) {
          Files.writeString(logs.resolve("simulator.log"), simulator.output());
        }
        if (haproxy != null) {
          Files.writeString(logs.resolve("haproxy.log"), haproxy.log());
        }
      }
    }
  }

  /** Readings per meter in the lake's {@code readings} (each (serial, ts) once), waiting until it holds {@code expected}. */
  private static Map<String, Long> lakePerMeter(ClusterNodes.Node node, String admin, long expected) {
    AtomicReference<Map<String, Long>> lake = new AtomicReference<>(Map.of());
    PlatformFixture.await(Duration.ofSeconds(120), () -> {
      Map<String, Long> counts = new TreeMap<>();
      for (JsonNode row : ClusterBench.lakeRows(node, admin, "SELECT serial, count(*) FROM readings WHERE serial LIKE '"
          + PREFIX + "%' GROUP BY serial")) {
        counts.put(row.path(0).asText(), row.path(1).asLong());
      }
      lake.set(counts);
      return ClusterBench.total(counts) >= expected;
    });
    return lake.get();
  }

  /** Rows in the lake for the run's meters, a (serial, ts) written twice counted twice ({@code readings_all}); -1 when not answered. */
  private static long lakeRows(ClusterNodes.Node node, String admin) {
    List<JsonNode> rows = ClusterBench.lakeRows(node, admin,
        "SELECT count(*) FROM readings_all WHERE serial LIKE '" + PREFIX + "%'");
    return rows.isEmpty() ? -1 : rows.get(0).path(0).asLong();
  }

  private static String table(Map<String, Object> out, List<Map<String, Object>> restarts) {
    StringBuilder t = new StringBuilder(String.format(Locale.ROOT,
        "%nClusterRollingRestartBenchmark: %s meters, offered %s readings/s for %s s; load average %s -> %s%n",
        out.get("meters"), out.get("offeredReadingsPerSecond"), out.get("loadSeconds"), out.get("loadAverageBefore"),
        out.get("loadAverageAfter")));
    t.append(String.format(Locale.ROOT, "%-5s %8s %8s %9s %10s %11s %9s%n", "node", "at s", "stop s", "started s",
        "Up s", "in service", "down s"));
    for (Map<String, Object> r : restarts) {
      t.append(String.format(Locale.ROOT, "%-5s %8s %8s %9s %10s %11s %9s%n", r.get("node"), r.get("atSecond"),
          r.get("stopSeconds"), r.get("startedSeconds"), r.get("upInClusterSeconds"), r.get("inServiceSeconds"),
          r.get("downSeconds")));
    }
    t.append(String.format(Locale.ROOT, "acked %s, stored %s, lost %s, stored but not acked %s, lake %s (rows %s,"
        + " duplicates %s), in InfluxDB not in the lake %s%n", out.get("acked"), out.get("storedInInfluxDb"), out.get("lost"),
        out.get("storedNotAcked"), out.get("lakeDistinct"), out.get("lakeRows"), out.get("lakeDuplicates"),
        out.get("inInfluxDbNotInLake")));
    return t.toString();
  }
}
