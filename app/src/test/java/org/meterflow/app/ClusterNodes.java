package org.meterflow.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * N {@code meterflow serve} JVMs from the shipped fat jar, as one cluster on 127.0.0.1: each with
 * its own data dir, HTTP port, embedded broker port and cluster port, its node name and the seed
 * list; all with the same shared environment (database, time-series store, lake) and one shared
 * secrets folder ({@code METERFLOW_SECRETS_DIR}: the platform CA and the admin token). A node can
 * be killed with SIGKILL, frozen with SIGSTOP and thawed with SIGCONT, and restarted on its own
 * data dir under the same name and ports.
 */
final class ClusterNodes implements AutoCloseable {

  /** Each JVM's heap: three nodes, the servers and the simulator share two cores. */
  static final String HEAP = System.getProperty("meterflow.cluster.heap", "-Xmx512m");
  static final Pattern RUNNING = Pattern.compile("MeterFlow is running");

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Path dir;
  private final Path secrets;
  private final List<Node> nodes = new ArrayList<>();
  private int[] seedOrder;

  /** One member: fixed ports and data dir, and the JVM of its current incarnation (if any). */
  final class Node {
    final String name;
    final int httpPort;
    final int mqttPort;
    final int clusterPort;
    final Path dataDir;
    private final Map<String, String> env;
    private Process process;
    private Path output;
    private int incarnation;

    private Node(String name, int httpPort, int mqttPort, int clusterPort, Path dataDir, Map<String, String> env) {
      this.name = name;
      this.httpPort = httpPort;
      this.mqttPort = mqttPort;
      this.clusterPort = clusterPort;
      this.dataDir = dataDir;
      this.env = env;
    }

    /** Starts a new incarnation of this node (the previous one must have exited). */
    synchronized Node start() throws IOException {
      if (process != null && process.isAlive()) {
        throw new IllegalStateException(name + " is still running (pid " + process.pid() + ")");
      }
      if (!Files.isRegularFile(FatJar.JAR)) {
        throw new IllegalStateException(FatJar.JAR + " is missing: run the integration profile after `package`");
      }
      incarnation++;
      output = dir.resolve(name + "-" + incarnation + ".log");
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          HEAP, "-jar", FatJar.JAR.toString(), "serve", "--cluster-seeds", seeds(), "--cluster-port",
          String.valueOf(clusterPort), "--node-name", name));
      ProcessBuilder builder = new ProcessBuilder(command).directory(Files.createDirectories(dataDir.getParent()).toFile())
          .redirectErrorStream(true).redirectOutput(output.toFile());
      builder.environment().keySet().removeIf(k -> k.startsWith("METERFLOW_"));
      builder.environment().putAll(env);
      process = builder.start();
      return this;
    }

    /** Waits until this incarnation prints that it is running; fails with its log when it exits or times out. */
    Node awaitRunning(Duration timeout) {
      await(RUNNING, timeout);
      return this;
    }

    void await(Pattern pattern, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        if (pattern.matcher(output()).find()) {
          return;
        }
        if (!process.isAlive()) {
          throw new AssertionError(name + " exited with " + process.exitValue() + " before printing '" + pattern
              + "':\n" + tail());
        }
        LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
      }
      throw new AssertionError(name + " printed no '" + pattern + "' within " + timeout + ":\n" + tail());
    }

    long pid() {
      return process.pid();
    }

    boolean alive() {
      return process != null && process.isAlive();
    }

    int incarnation() {
      return incarnation;
    }

    /** SIGKILL, as a crashed machine or the OOM killer: no shutdown hook runs. Waits until it is gone. */
    void kill9() throws InterruptedException {
      process.destroyForcibly();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new AssertionError(name + " survived SIGKILL");
      }
    }

    /** SIGSTOP: the JVM freezes (a long GC pause, a hung VM), its sockets stay open. */
    void freeze() throws IOException, InterruptedException {
      signal("-STOP");
    }

    /** SIGCONT: the frozen JVM resumes where it stopped. */
    void thaw() throws IOException, InterruptedException {
      signal("-CONT");
    }

    /** Waits for this incarnation to exit on its own; true when it did within {@code timeout}. */
    boolean awaitExit(Duration timeout) throws InterruptedException {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGTERM (as systemd stop), then SIGKILL after {@code timeout}. */
    void stop(Duration timeout) throws InterruptedException {
      if (process == null || !process.isAlive()) {
        return;
      }
      process.destroy();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }

    private void signal(String signal) throws IOException, InterruptedException {
      Process kill = new ProcessBuilder("kill", signal, String.valueOf(process.pid())).redirectErrorStream(true).start();
      String out = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new AssertionError("kill " + signal + " " + process.pid() + " failed: " + out);
      }
    }

    String baseUrl() {
      return "http://127.0.0.1:" + httpPort;
    }

    /** The node's own broker, bypassing HAProxy. */
    String brokerUrl() {
      return "ssl://localhost:" + mqttPort;
    }

    /** This incarnation's console output. */
    String output() {
      try {
        return output == null ? "" : Files.readString(output, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    }

    /** Every incarnation's output, for failure messages. */
    String tail() {
      String all = output();
      return all.length() > 6000 ? all.substring(all.length() - 6000) : all;
    }

    /** Whether GET /api/v1/cluster on this node answers; its members' status by cluster port, else empty. */
    Map<Integer, String> members() {
      try {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/cluster"))
            .header("Authorization", "Bearer " + adminToken()).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
          return Map.of();
        }
        return membersOf(PlatformFixture.JSON.readTree(r.body()));
      } catch (IOException e) {
        return Map.of();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Map.of();
      }
    }

    @Override
    public String toString() {
      return name + " (http " + httpPort + ", mqtt " + mqttPort + ", cluster " + clusterPort + ", incarnation "
          + incarnation + (alive() ? ", pid " + process.pid() : ", not running") + ")";
    }
  }

  private ClusterNodes(Path dir, Path secrets) {
    this.dir = dir;
    this.secrets = secrets;
  }

  /**
   * Lays out {@code count} nodes n1..nN in {@code dir} (ports chosen, nothing started). The seed
   * list is {@code seedOrder} (node indexes from 1): the first seed is the one that may form the
   * cluster by joining itself, so it must be started first.
   */
  static ClusterNodes layOut(Path dir, int count, Map<String, String> shared, int... seedOrder) throws IOException {
    Path secrets = Files.createDirectories(dir.resolve("secrets"));
    ClusterNodes cluster = new ClusterNodes(dir, secrets);
    for (int i = 1; i <= count; i++) {
      String name = "n" + i;
      int http = freePort();
      int mqtt = freePort();
      int clusterPort = freePort();
      Path data = dir.resolve(name).resolve("data");
      Map<String, String> env = new HashMap<>(shared);
      env.put("METERFLOW_DATA_DIR", data.toString());
      env.put("METERFLOW_SECRETS_DIR", secrets.toString());
      env.put("METERFLOW_HTTP_PORT", String.valueOf(http));
      env.put("METERFLOW_MQTT_PORT", String.valueOf(mqtt));
      env.put("METERFLOW_CLUSTER_HOST", "127.0.0.1");
      cluster.nodes.add(cluster.new Node(name, http, mqtt, clusterPort, data, env));
    }
    cluster.seedOrder = seedOrder.length == 0 ? new int[] {1, 2} : seedOrder.clone();
    return cluster;
  }

  private String seeds() {
    List<String> seeds = new ArrayList<>();
    for (int i : seedOrder) {
      seeds.add("127.0.0.1:" + node(i).clusterPort);
    }
    return String.join(",", seeds);
  }

  /** Node {@code i}, counting from 1 (n1 is node(1)). */
  Node node(int i) {
    return nodes.get(i - 1);
  }

  List<Node> nodes() {
    return List.copyOf(nodes);
  }

  Path secretsDir() {
    return secrets;
  }

  /** The admin token the first node wrote to the shared secrets folder. */
  String adminToken() {
    try {
      return Files.readString(secrets.resolve("admin-token")).trim();
    } catch (IOException e) {
      throw new AssertionError("no admin-token in the shared secrets folder " + secrets, e);
    }
  }

  /**
   * The members of a {@code GET /api/v1/cluster} answer, by cluster port: {@code members[]} each
   * with a {@code status} and an address ({@code address}, or {@code host}/{@code port}, naming
   * the member's 127.0.0.1 port).
   */
  static Map<Integer, String> membersOf(JsonNode cluster) {
    Map<Integer, String> byPort = new HashMap<>();
    for (JsonNode m : cluster.path("members")) {
      int port = m.path("port").asInt(-1);
      if (port < 0) {
        java.util.regex.Matcher address = Pattern.compile(":(\\d+)").matcher(m.path("address").asText(""));
        port = address.find() ? Integer.parseInt(address.group(1)) : -1;
      }
      byPort.put(port, m.path("status").asText(""));
    }
    return byPort;
  }

  /** True when {@code asked}'s view lists exactly the given nodes, each Up. */
  boolean allUp(Node asked, List<Node> expected) {
    Map<Integer, String> members = asked.members();
    return members.size() == expected.size()
        && expected.stream().allMatch(n -> "Up".equalsIgnoreCase(members.getOrDefault(n.clusterPort, "")));
  }

  /** For messages: each node's view of the members. */
  String views() {
    return nodes.stream().map(n -> n.name + (n.alive() ? " sees " + n.members() : " is not running"))
        .collect(Collectors.joining("; "));
  }

  /** Copies every incarnation's console output to {@code target} (the temporary folder goes with the test). */
  void keepLogs(Path target) throws IOException {
    Files.createDirectories(target);
    try (java.util.stream.Stream<Path> logs = Files.list(dir)) {
      for (Path log : logs.filter(p -> p.getFileName().toString().endsWith(".log")).toList()) {
        Files.copy(log, target.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Stops every node (SIGCONT first, in case one is frozen, then SIGTERM). */
  @Override
  public void close() throws InterruptedException {
    for (Node n : nodes) {
      if (n.alive()) {
        try {
          n.thaw();
        } catch (IOException | AssertionError e) {
          // already gone
        }
      }
    }
    for (Node n : nodes) {
      if (n.alive()) {
        n.process.destroy();
      }
    }
    for (Node n : nodes) {
      n.stop(Duration.ofSeconds(30));
    }
  }
}
