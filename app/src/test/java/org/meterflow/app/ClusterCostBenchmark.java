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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * CPU seconds per 1,000 stored readings: ONE node against THREE nodes, the same offered load, the
 * same servers (docs/benchmarks.md, "Cluster: cost per reading"). Each run is a cluster
 * configuration on ClusterIT's servers (MariaDB for registry and journal, InfluxDB 1.x, an S3
 * lake), behind Debian's HAProxy with the shipped deploy/haproxy/haproxy.cfg; the one-node run
 * is its own only seed and HAProxy's three servers all name it. The simulator ({@code meterflow
 * simulate}, the fat jar) offers a fixed rate through HAProxy's MQTT port; after the warm-up, the
 * CPU time (utime + stime, /proc/PID/stat) of every process is sampled at the start and the end of
 * the measured window, and the readings stored in it are the nodes' {@code
 * meterflow_readings_accepted_total} summed (InfluxDB's count alongside).
 *
 * <pre>mvn -B -pl app -am -Dbenchmark=ClusterCostBenchmark verify
 *   [-Dbench.cluster.meters=2000] [-Dbench.cluster.rate=1000] [-Dbench.cluster.warmup=60]
 *   [-Dbench.cluster.measure=90] [-Dbench.cluster.gateway=20] [-Dbench.cluster.nodes=1,3]</pre>
 */
@Tag("benchmark")
class ClusterCostBenchmark {

  static final int METERS = Integer.getInteger("bench.cluster.meters", 2000);
  static final double RATE = Double.parseDouble(System.getProperty("bench.cluster.rate", "1000"));
  static final int WARMUP = Integer.getInteger("bench.cluster.warmup", 60);
  static final int MEASURE = Integer.getInteger("bench.cluster.measure", 90);
  static final int GATEWAY = Integer.getInteger("bench.cluster.gateway", 20);
  static final String NODES = System.getProperty("bench.cluster.nodes", "1,3");
  /** Seconds the started nodes are measured with no meters, before the simulator: each node's fixed cost. */
  static final int IDLE = Integer.getInteger("bench.cluster.idle", 30);

  @Test
  @Timeout(value = 60, unit = TimeUnit.MINUTES)
  void cpuPerThousandStoredReadingsOneNodeAgainstThree(@TempDir Path dir) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("benchmark", "ClusterCostBenchmark");
    out.put("started", Instant.now().toString());
    out.put("nproc", Runtime.getRuntime().availableProcessors());
    out.put("loadAverageBefore", ClusterBench.loadAverage());
    out.put("meters", METERS);
    out.put("metersPerGateway", GATEWAY);
    out.put("offeredReadingsPerSecond", RATE);
    out.put("warmupSeconds", WARMUP);
    out.put("measuredSeconds", MEASURE);
    out.put("idleSeconds", IDLE);
    out.put("clockTicks", ClusterBench.CLK_TCK);
    List<Map<String, Object>> runs = new ArrayList<>();
    try (ClusterBench servers = ClusterBench.startServers(dir)) {
      for (String n : NODES.split(",")) {
        runs.add(run(servers, dir, Integer.parseInt(n.trim())));
      }
    }
    out.put("runs", runs);
    out.put("loadAverageAfter", ClusterBench.loadAverage());
    if (runs.size() == 2) {
      double one = (double) runs.get(0).get("nodeCpuSecondsPer1000");
      double three = (double) runs.get(1).get("nodeCpuSecondsPer1000");
      double oneAll = (double) runs.get(0).get("platformCpuSecondsPer1000");
      double threeAll = (double) runs.get(1).get("platformCpuSecondsPer1000");
      out.put("ratioNodes", round(three / one, 3));
      out.put("ratioPlatform", round(threeAll / oneAll, 3));
      double oneMarginal = (double) runs.get(0).get("nodeMarginalCpuSecondsPer1000");
      double threeMarginal = (double) runs.get(1).get("nodeMarginalCpuSecondsPer1000");
      out.put("ratioNodesMarginal", round(threeMarginal / oneMarginal, 3));
      out.put("goalRatio", 1.5);
    }
    String json = PlatformFixture.JSON.writeValueAsString(out);
    Path keep = Files.createDirectories(Path.of("target", "cluster-bench"));
    Files.writeString(keep.resolve("cost.json"), json);
    System.out.println(json);
    System.out.println(table(out, runs));
    for (Map<String, Object> r : runs) {
      assertThat((long) r.get("stored")).as("readings stored in the window of the %s-node run", r.get("nodes")).isPositive();
    }
  }

  private static Map<String, Object> run(ClusterBench servers, Path dir, int count) throws Exception {
    String name = "c" + count;
    String prefix = "B" + count;
    Map<String, String> env = servers.environment(name);
    String db = env.get("METERFLOW_INFLUXDB_DATABASE");
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("nodes", count);
    ClusterNodes cluster = ClusterNodes.layOut(dir.resolve(name), count, env, count == 1 ? new int[] {1} : new int[] {1, 2});
    ClusterBench.Haproxy haproxy = null;
    FatJar simulator = null;
    try {
      ClusterBench.startAll(cluster, 1);
      List<ClusterNodes.Node> backends = count == 1
          ? List.of(cluster.node(1), cluster.node(1), cluster.node(1)) : cluster.nodes();
      haproxy = ClusterBench.Haproxy.start(dir.resolve(name).resolve("haproxy"), backends);
      ClusterBench.Haproxy h = haproxy;
      assertThat(PlatformFixture.await(Duration.ofSeconds(60), () -> h.inService("n1") && h.inService("n2")
          && h.inService("n3"))).as("HAProxy has every server in service: %s", haproxy.status()).isTrue();
      // the nodes alone, no meters yet: what each costs before it stores anything
      Map<String, Long> idlePids = new LinkedHashMap<>();
      for (ClusterNodes.Node n : cluster.nodes()) {
        idlePids.put(n.name, n.pid());
      }
      long i0 = System.nanoTime();
      Map<String, Double> idle0 = ClusterBench.cpu(idlePids);
      LockSupport.parkNanos(Duration.ofSeconds(IDLE).toNanos());
      Map<String, Double> idle1 = ClusterBench.cpu(idlePids);
      double idleSeconds = (System.nanoTime() - i0) / 1e9;
      double idleCores = diff(idle0, idle1).values().stream().mapToDouble(Double::doubleValue).sum() / idleSeconds;
      r.put("nodeIdleCoresBusy", round(idleCores, 3));
      r.put("nodeIdleCoresBusyByNode", rounded(scale(diff(idle0, idle1), 1 / idleSeconds)));
      simulator = ClusterBench.simulate(dir.resolve(name).resolve("sim"), haproxy, cluster.adminToken(), METERS, GATEWAY,
          prefix, RATE, WARMUP + MEASURE + 15L);
      simulator.await(Pattern.compile("senders connected"), Duration.ofMinutes(6));
      LockSupport.parkNanos(Duration.ofSeconds(WARMUP).toNanos());

      Map<String, Long> pids = new LinkedHashMap<>();
      for (ClusterNodes.Node n : cluster.nodes()) {
        pids.put(n.name, n.pid());
      }
      Map<String, Long> serverPids = new LinkedHashMap<>();
      serverPids.put("mariadb", ClusterBench.descendant("mariadbd"));
      serverPids.put("influxdb", ClusterBench.descendant("influxd"));
      serverPids.put("haproxy", haproxy.pid());
      serverPids.put("simulator", ClusterBench.simulatorPid());
      serverPids.put("testJvm(S3Proxy)", ProcessHandle.current().pid());
      r.put("loadAverageAtStart", ClusterBench.loadAverage());
      long t0 = System.nanoTime();
      Map<String, Double> cpu0 = ClusterBench.cpu(pids);
      Map<String, Double> srv0 = ClusterBench.cpu(serverPids);
      long acc0 = accepted(cluster);
      long influx0 = ClusterBench.total(servers.influxPerMeter(db, prefix));

      LockSupport.parkNanos(Duration.ofSeconds(MEASURE).toNanos());

      long acc1 = accepted(cluster);
      Map<String, Double> cpu1 = ClusterBench.cpu(pids);
      Map<String, Double> srv1 = ClusterBench.cpu(serverPids);
      long t1 = System.nanoTime();
      long influx1 = ClusterBench.total(servers.influxPerMeter(db, prefix));
      r.put("loadAverageAtEnd", ClusterBench.loadAverage());
      double seconds = (t1 - t0) / 1e9;

      Map<String, Double> nodeCpu = diff(cpu0, cpu1);
      Map<String, Double> serverCpu = diff(srv0, srv1);
      double nodesTotal = nodeCpu.values().stream().mapToDouble(Double::doubleValue).sum();
      double platform = nodesTotal + serverCpu.get("mariadb") + serverCpu.get("influxdb") + serverCpu.get("haproxy");
      long stored = acc0 < 0 || acc1 < 0 ? influx1 - influx0 : acc1 - acc0;
      r.put("seconds", round(seconds, 2));
      r.put("stored", stored);
      r.put("storedBy", acc0 < 0 || acc1 < 0 ? "influxdb count" : "meterflow_readings_accepted_total");
      r.put("storedInInfluxDb", influx1 - influx0);
      r.put("storedPerSecond", round(stored / seconds, 1));
      r.put("keptUp", stored / seconds >= 0.95 * RATE);
      r.put("nodeCpuSeconds", round(nodesTotal, 2));
      r.put("nodeCpuByNode", rounded(nodeCpu));
      r.put("nodeCpuSecondsPer1000", round(nodesTotal * 1000 / stored, 4));
      r.put("storedPerNodeCpuSecond", round(stored / nodesTotal, 1));
      // above the idle nodes' own cost: what storing the readings added
      double marginal = nodesTotal - idleCores * seconds;
      r.put("nodeMarginalCpuSeconds", round(marginal, 2));
      r.put("nodeMarginalCpuSecondsPer1000", round(marginal * 1000 / stored, 4));
      r.put("storedPerMarginalNodeCpuSecond", round(stored / marginal, 1));
      r.put("serverCpuSeconds", rounded(serverCpu));
      r.put("platformCpuSeconds", round(platform, 2));
      r.put("platformCpuSecondsPer1000", round(platform * 1000 / stored, 4));
      r.put("coresBusyNodes", round(nodesTotal / seconds, 3));
      r.put("coresBusyPlatform", round(platform / seconds, 3));

      var exit = simulator.awaitExit(Duration.ofMinutes(4));
      r.put("simulatorExit", exit.orElse(-1));
      if (exit.isPresent()) {
        JsonNode report = ClusterBench.simulatorReport(simulator.output());
        r.put("simulator", report);
      }
      return r;
    } finally {
      if (simulator != null) {
        simulator.close();
      }
      if (haproxy != null) {
        haproxy.close();
      }
      cluster.close();
      Path logs = Path.of("target", "cluster-bench", name);
      cluster.keepLogs(logs);
      if (simulator != null) {
        Files.writeString(logs.resolve("simulator.log"), simulator.output());
      }
      if (haproxy != null) {
        Files.writeString(logs.resolve("haproxy.log"), haproxy.log());
      }
    }
  }

  private static long accepted(ClusterNodes cluster) {
    long sum = 0;
    for (ClusterNodes.Node n : cluster.nodes()) {
      long a = ClusterBench.accepted(n);
      if (a < 0) {
        return -1;
      }
      sum += a;
    }
    return sum;
  }

  private static Map<String, Double> diff(Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> d = new LinkedHashMap<>();
    before.forEach((k, v) -> d.put(k, after.get(k) - v));
    return d;
  }

  private static Map<String, Double> scale(Map<String, Double> m, double factor) {
    Map<String, Double> d = new LinkedHashMap<>();
    m.forEach((k, v) -> d.put(k, v * factor));
    return d;
  }

  private static Map<String, Double> rounded(Map<String, Double> m) {
    Map<String, Double> d = new LinkedHashMap<>();
    m.forEach((k, v) -> d.put(k, round(v, 2)));
    return d;
  }

  static double round(double v, int places) {
    double f = Math.pow(10, places);
    return Math.round(v * f) / f;
  }

  @SuppressWarnings("unchecked")
  private static String table(Map<String, Object> out, List<Map<String, Object>> runs) {
    StringBuilder t = new StringBuilder();
    t.append(String.format(Locale.ROOT, "%nClusterCostBenchmark: %s meters, offered %s readings/s, %d s measured after %d s"
        + " warm-up; load average %s -> %s%n", out.get("meters"), out.get("offeredReadingsPerSecond"), MEASURE, WARMUP,
        out.get("loadAverageBefore"), out.get("loadAverageAfter")));
    t.append(String.format(Locale.ROOT, "%-6s %9s %9s %9s %11s %10s %10s %11s %8s %8s %8s %8s %10s%n", "nodes", "stored",
        "stored/s", "node-CPU", "CPU/1000", "stored/cpu", "idle cores", "above idle", "mariadb", "influx", "haproxy", "sim",
        "plat/1000"));
    for (Map<String, Object> r : runs) {
      Map<String, Double> s = (Map<String, Double>) r.get("serverCpuSeconds");
      t.append(String.format(Locale.ROOT, "%-6s %9d %9.1f %9.2f %11.4f %10.1f %10.3f %11.4f %8.2f %8.2f %8.2f %8.2f %10.4f%n",
          r.get("nodes"), (long) r.get("stored"), (double) r.get("storedPerSecond"), (double) r.get("nodeCpuSeconds"),
          (double) r.get("nodeCpuSecondsPer1000"), (double) r.get("storedPerNodeCpuSecond"),
          (double) r.get("nodeIdleCoresBusy"), (double) r.get("nodeMarginalCpuSecondsPer1000"), s.get("mariadb"),
          s.get("influxdb"), s.get("haproxy"), s.get("simulator"), (double) r.get("platformCpuSecondsPer1000")));
    }
    if (out.containsKey("ratioNodes")) {
      t.append(String.format(Locale.ROOT, "3-node / 1-node CPU per reading: nodes %.3f, nodes + servers %.3f, nodes above"
          + " their idle cost %.3f (goal <= 1.5)%n", out.get("ratioNodes"), out.get("ratioPlatform"), out.get("ratioNodesMarginal")));
    }
    return t.toString();
  }
}
