package org.meterflow.timeseries.influxdb;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Debian's InfluxDB 1.x ({@code /usr/bin/influxd}, package {@code influxdb}) started by a test
 * as a child process: loopback only, free ports, meta/data/wal in {@code dir}, usage reporting off.
 * Fails (never skips) when the binary is missing. Override the binary with {@code -Dinfluxd=PATH}.
 */
public final class InfluxDbServer implements AutoCloseable {

  private static final Duration START_DEADLINE = Duration.ofSeconds(30);

  private final Process process;
  private final int httpPort;
  private final Path log;

  private InfluxDbServer(Process process, int httpPort, Path log) {
    this.process = process;
    this.httpPort = httpPort;
    this.log = log;
  }

  /** Starts influxd; {@code auth} turns on {@code auth-enabled} (create the first admin with {@link #createAdmin}). */
  public static InfluxDbServer start(Path dir, boolean auth) throws IOException {
    return start(dir, auth, false);
  }

  /** {@code compactQuickly}: snapshot the cache to TSM after 1 s and fully compact after 5 s without writes (size benchmarks). */
  public static InfluxDbServer start(Path dir, boolean auth, boolean compactQuickly) throws IOException {
    Path binary = Path.of(System.getProperty("influxd", "/usr/bin/influxd"));
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(binary + " not found: install Debian's InfluxDB 1.x (apt-get install -y influxdb)");
    }
    int httpPort = freePort();
    int rpcPort = freePort();
    Path conf = dir.resolve("influxdb.conf");
    Files.writeString(conf, String.join("\n",
        "reporting-enabled = false",
        "bind-address = \"127.0.0.1:" + rpcPort + "\"",
        "[meta]",
        "  dir = \"" + dir.resolve("meta") + "\"",
        "[data]",
        "  dir = \"" + dir.resolve("data") + "\"",
        "  wal-dir = \"" + dir.resolve("wal") + "\"",
        "  query-log-enabled = false",
        compactQuickly ? "  cache-snapshot-write-cold-duration = \"1s\"\n  compact-full-write-cold-duration = \"5s\"" : "",
        "[http]",
        "  bind-address = \"127.0.0.1:" + httpPort + "\"",
        "  auth-enabled = " + auth,
        "  log-enabled = false",
        "[monitor]",
        "  store-enabled = false",
        "[continuous_queries]",
        "  enabled = false",
        ""));
    Path log = dir.resolve("influxd.log");
    Process process = new ProcessBuilder(List.of(binary.toString(), "-config", conf.toString()))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    InfluxDbServer server = new InfluxDbServer(process, httpPort, log);
    try {
      server.awaitPing();
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  public String url() {
    return "http://127.0.0.1:" + httpPort;
  }

  /** With auth on and no user yet, InfluxDB 1.x lets anyone create the first admin. */
  public void createAdmin(String user, String password) throws IOException, InterruptedException {
    String q = "CREATE USER \"" + user + "\" WITH PASSWORD '" + password + "' WITH ALL PRIVILEGES";
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(url() + "/query"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("q=" + java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8)))
            .timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200 || response.body().contains("\"error\"")) {
      throw new IllegalStateException("CREATE USER answered " + response.statusCode() + ": " + response.body());
    }
  }

  private void awaitPing() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + START_DEADLINE.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("influxd exited with " + process.exitValue() + "; see " + log);
      }
      try {
        HttpResponse<Void> ping = http.send(HttpRequest.newBuilder(URI.create(url() + "/ping"))
            .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding());
        if (ping.statusCode() == 204) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for influxd", e);
      }
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
    throw new IllegalStateException("influxd did not answer /ping within " + START_DEADLINE + "; see " + log);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
