package org.meterflow.app.cli;

import java.io.IOException;
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
import org.meterflow.influx.questdb.EmbeddedQuestDb;

/**
 * A Mosquitto for {@code meterflow bench --mosquitto BIN}: the platform runs against it as it would
 * in production (deploy/mosquitto/mosquitto.conf's settings: TLS with client certificates, the
 * platform's ACL and CRL, persistence on), bound to 127.0.0.1 on a free port, in the run's folder.
 * The platform writes the TLS files, ACL and CRL at start; Mosquitto is started after that.
 */
final class BenchMosquitto implements AutoCloseable {

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

  private String config() {
    Path files = files();
    return String.join("\n",
        "per_listener_settings false",
        "allow_anonymous false",
        "allow_zero_length_clientid false",
        "listener " + port + " 127.0.0.1",
        "protocol mqtt",
        "cafile " + files.resolve("ca.pem"),
        "certfile " + files.resolve("server.crt"),
        "keyfile " + files.resolve("server.key"),
        "crlfile " + files.resolve("crl.pem"),
        "tls_version tlsv1.2",
        "require_certificate true",
        "use_identity_as_username true",
        "acl_file " + files.resolve("acl"),
        "max_inflight_messages 1000",
        "max_queued_messages 1000000",
        "max_queued_bytes 0",
        "max_packet_size 266240",
        "retain_available false",
        "queue_qos0_messages false",
        "persistence true",
        "autosave_interval 30",
        "persistence_location " + dir.resolve("mosquitto-data") + "/",
        "pid_file " + dir.resolve("mosquitto.pid"),
        "log_dest file " + dir.resolve("mosquitto.log"),
        "log_type error",
        "log_type warning",
        // Run as whoever runs the bench (as root, Mosquitto would drop to a user who cannot read the run's folder).
        "user " + System.getProperty("user.name"),
        "");
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
