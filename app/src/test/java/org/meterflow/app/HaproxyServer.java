package org.meterflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Debian's HAProxy ({@code /usr/sbin/haproxy}) in the foreground with the shipped
 * {@code deploy/haproxy/haproxy.cfg}, unchanged: every address comes from the environment
 * ({@code MF_MQTT_BIND}, {@code MF_HTTP_BIND}, {@code MF_STATS_BIND}, {@code MF_NODEn_MQTT},
 * {@code MF_NODEn_HTTP}), here
 * free loopback ports in front of the given nodes. Fails (never skips) when the binary is missing.
 */
final class HaproxyServer implements AutoCloseable {

  static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
  static final Path SHIPPED_CONFIG = Path.of("..", "deploy", "haproxy", "haproxy.cfg");

  /** One node behind HAProxy: its embedded broker's TLS port and its HTTP port on 127.0.0.1. */
  record Backend(int mqttPort, int httpPort) {}

  private final Path dir;
  private final Process process;
  private final int mqttPort;
  private final int httpPort;

  private HaproxyServer(Path dir, Process process, int mqttPort, int httpPort) {
    this.dir = dir;
    this.process = process;
    this.mqttPort = mqttPort;
    this.httpPort = httpPort;
  }

  /** Starts HAProxy in front of exactly three nodes (the shipped file names n1..n3). */
  static HaproxyServer start(Path dir, List<Backend> nodes) throws IOException {
    assertThat(HAPROXY).as("Debian's haproxy (apt-get install haproxy)").isExecutable();
    assertThat(SHIPPED_CONFIG).as("the shipped HAProxy configuration").isRegularFile();
    assertThat(nodes).as("deploy/haproxy/haproxy.cfg names three nodes").hasSize(3);
    Files.createDirectories(dir);
    int mqtt = freePort();
    int http = freePort();
    Map<String, String> env = new HashMap<>();
    env.put("MF_MQTT_BIND", "127.0.0.1:" + mqtt);
    env.put("MF_HTTP_BIND", "127.0.0.1:" + http);
    env.put("MF_STATS_BIND", "127.0.0.1:" + freePort());
    for (int i = 0; i < nodes.size(); i++) {
      env.put("MF_NODE" + (i + 1) + "_MQTT", "127.0.0.1:" + nodes.get(i).mqttPort());
      env.put("MF_NODE" + (i + 1) + "_HTTP", "127.0.0.1:" + nodes.get(i).httpPort());
    }
    Path log = dir.resolve("haproxy.out");
    ProcessBuilder check = new ProcessBuilder(HAPROXY.toString(), "-c", "-f", SHIPPED_CONFIG.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy-check.out").toFile());
    check.environment().putAll(env);
    try {
      Process checking = check.start();
      assertThat(checking.waitFor(30, TimeUnit.SECONDS)).as("haproxy -c finished").isTrue();
      assertThat(checking.exitValue()).as("haproxy -c: %s", Files.readString(dir.resolve("haproxy-check.out"))).isZero();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while checking the HAProxy configuration", e);
    }
    // -db: foreground, no daemon; the shipped file itself, not a copy.
    ProcessBuilder builder = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", SHIPPED_CONFIG.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    HaproxyServer server = new HaproxyServer(dir, builder.start(), mqtt, http);
    boolean up = PlatformFixture.await(Duration.ofSeconds(15),
        () -> !server.process.isAlive() || (listening(mqtt) && listening(http)));
    if (!up || !server.process.isAlive()) {
      String output = server.log();
      server.close();
      throw new AssertionError("haproxy did not listen on " + mqtt + " and " + http + ": " + output);
    }
    return server;
  }

  /**
   * Waits past the first health checks ({@code fall 3}, {@code inter 2s}) and fails unless every
   * node is still in service: no "is DOWN" in HAProxy's output and the readiness probe answers 200
   * through it.
   */
  void assertAllNodesInService() throws IOException, InterruptedException {
    LockSupport.parkNanos(Duration.ofSeconds(7).toNanos());
    assertThat(log()).as("HAProxy's health checks").doesNotContain(" is DOWN");
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    for (int i = 0; i < 3; i++) {
      java.net.http.HttpResponse<String> ready = http.send(java.net.http.HttpRequest.newBuilder(
              java.net.URI.create("http://127.0.0.1:" + httpPort + "/health/ready")).timeout(Duration.ofSeconds(10)).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).as("ready through HAProxy: %s", ready.body()).isEqualTo(200);
    }
  }

  /** The MQTT/TLS port meters connect to (TCP passthrough to a node's broker). */
  int mqttPort() {
    return mqttPort;
  }

  /** The HTTP port (balanced over the ready nodes). */
  int httpPort() {
    return httpPort;
  }

  boolean alive() {
    return process.isAlive();
  }

  /** What it printed (alerts such as "Server meterflow_http/n2 is DOWN"). */
  String log() {
    try {
      return Files.readString(dir.resolve("haproxy.out"));
    } catch (IOException e) {
      return e.toString();
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

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
