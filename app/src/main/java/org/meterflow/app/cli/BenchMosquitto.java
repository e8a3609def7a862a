package org.meterflow.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.meterflow.timeseries.questdb.EmbeddedQuestDb;

/**
 * A Mosquitto for {@code meterflow bench --mosquitto BIN}: the platform runs against it as it would
 * in production (deploy/mosquitto/mosquitto.conf as shipped: TLS with client certificates, the
 * platform's ACL and CRL, persistence on), bound to 127.0.0.1 on a free port, in the run's folder.
 * The platform writes the TLS files, ACL and CRL at start; Mosquitto is started after that.
 */
final class BenchMosquitto implements AutoCloseable {

  private static final String SHIPPED_CONFIG = "/deploy/mosquitto/mosquitto.conf";

  private final Path binary;
  private final Path dir;
  private final int port;
  private Process process;

  BenchMosquitto(Path binary, Path dir) {
    this.binary = binary;
    this.dir = dir;
    this.port = EmbeddedQuestDb.freePort();
  }

  /** The platform's settings for this broker (merge into the run's overrides before it starts). */
  Map<String, Object> platformOverrides() {
    Map<String, Object> overrides = new LinkedHashMap<>();
    overrides.put("meterflow.mqtt.embedded", false);
    overrides.put("meterflow.mqtt.external.url", "ssl://localhost:" + port);
    overrides.put("meterflow.mqtt.external.files-dir", files().toString());
    overrides.put("meterflow.mqtt.external.pid-file", dir.resolve("mosquitto.pid").toString());
    overrides.put("meterflow.ingest.min-backoff", "100 ms");
    overrides.put("meterflow.ingest.max-backoff", "1 s");
    return overrides;
  }

  /** Starts Mosquitto on the files the platform wrote; returns once it accepts connections. */
  void start(Duration timeout) throws IOException {
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(binary + " is not an executable Mosquitto (apt-get install mosquitto)");
    }
    Path config = dir.resolve("mosquitto.conf");
    Files.writeString(config, config(), StandardCharsets.UTF_8);
    process = new ProcessBuilder(binary.toString(), "-c", config.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.out").toFile()).start();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!listening()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("Mosquitto did not start; see " + dir.resolve("mosquitto.out")
            + " and " + dir.resolve("mosquitto.log"));
      }
      LockSupport.parkNanos(50_000_000L);
    }
  }

  private Path files() {
    return dir.resolve("mosquitto-files");
  }

  /** deploy/mosquitto/mosquitto.conf as shipped (packaged into the jar), with this run's paths and port. */
  private String config() throws IOException {
    String shipped;
    try (InputStream in = BenchMosquitto.class.getResourceAsStream(SHIPPED_CONFIG)) {
      if (in == null) {
        throw new IllegalStateException(SHIPPED_CONFIG + " is not on the class path");
      }
      shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Map<String, String> replacements = Map.of(
        "/etc/mosquitto/meterflow", files().toString(),
        "listener 8883", "listener " + port + " 127.0.0.1",
        "persistence_location /var/lib/mosquitto/", "persistence_location " + dir.resolve("mosquitto-data") + "/",
        "pid_file /run/mosquitto/mosquitto.pid", "pid_file " + dir.resolve("mosquitto.pid"),
        "log_dest syslog", "log_dest file " + dir.resolve("mosquitto.log"));
    String config = shipped;
    for (Map.Entry<String, String> r : replacements.entrySet()) {
      if (!config.contains(r.getKey())) {
        throw new IllegalStateException(SHIPPED_CONFIG + " no longer contains '" + r.getKey() + "'");
      }
      config = config.replace(r.getKey(), r.getValue());
    }
    // Run as whoever runs the bench (as root, Mosquitto would drop to a user who cannot read the run's folder).
    return config + "\nuser " + System.getProperty("user.name") + "\n";
  }

  private boolean listening() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
