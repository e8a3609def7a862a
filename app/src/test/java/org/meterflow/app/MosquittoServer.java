package org.meterflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Mosquitto ({@code /usr/sbin/mosquitto}) with the shipped
 * {@code deploy/mosquitto/mosquitto.conf} (only paths, port and user rewritten) on a loopback port,
 * reading the TLS files, ACL and CRL that the platform wrote to {@code files}; plus
 * {@code mosquitto_pub} as a meter. Fails (never skips) when the binaries are missing.
 */
final class MosquittoServer implements AutoCloseable {

  static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");
  private static final Path SHIPPED_CONFIG = Path.of("..", "deploy", "mosquitto", "mosquitto.conf");

  private final Path dir;
  private final Path files;
  private final int port;
  private final Process process;

  private MosquittoServer(Path dir, Path files, int port, Process process) {
    this.dir = dir;
    this.files = files;
    this.port = port;
    this.process = process;
  }

  /** Starts Mosquitto in {@code dir} on {@code port}, once the platform has written {@code files}. */
  static MosquittoServer start(Path dir, Path files, Path pidFile, int port) throws IOException {
    assertThat(MOSQUITTO).as("Debian's mosquitto (apt-get install mosquitto)").isExecutable();
    for (String file : List.of("ca.pem", "server.crt", "server.key", "crl.pem", "acl")) {
      assertThat(files.resolve(file)).as("written by the platform at start").isRegularFile();
      assertThat(Files.size(files.resolve(file))).isPositive();
    }
    Path config = dir.resolve("mosquitto.conf");
    Files.writeString(config, configFor(Files.readString(SHIPPED_CONFIG), dir, files, pidFile, port), StandardCharsets.UTF_8);
    Process process = new ProcessBuilder(MOSQUITTO.toString(), "-c", config.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.out").toFile()).start();
    MosquittoServer server = new MosquittoServer(dir, files, port, process);
    assertThat(PlatformFixture.await(Duration.ofSeconds(10), server::listening))
        .as("mosquitto listens on %d: %s", port, server.log()).isTrue();
    return server;
  }

  /** The shipped config with this run's paths, port and user (the only lines changed). */
  private static String configFor(String shipped, Path dir, Path files, Path pidFile, int port) {
    String text = shipped.replace("/etc/mosquitto/meterflow", files.toString())
        .replace("listener 8883", "listener " + port + " 127.0.0.1")
        .replace("persistence_location /var/lib/mosquitto/", "persistence_location " + dir.resolve("data") + "/")
        .replace("pid_file /run/mosquitto/mosquitto.pid", "pid_file " + pidFile)
        .replace("log_dest syslog", "log_dest file " + dir.resolve("mosquitto.log"));
    assertThat(text).contains("listener " + port, "pid_file " + pidFile, "require_certificate true",
        "use_identity_as_username true", "crlfile " + files.resolve("crl.pem"), "acl_file " + files.resolve("acl"));
    // As root, Mosquitto drops to user "mosquitto", who cannot read this test's temporary folder.
    return text + "\nuser " + System.getProperty("user.name") + "\n";
  }

  int port() {
    return port;
  }

  boolean listening() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Its log and console output so far. */
  String log() {
    try {
      Path log = dir.resolve("mosquitto.log");
      return (Files.exists(log) ? Files.readString(log) : "") + Files.readString(dir.resolve("mosquitto.out"));
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** The CA the platform wrote for it. */
  String caPem() throws IOException {
    return Files.readString(files.resolve("ca.pem"));
  }

  /** A registration bundle as the files a device (or mosquitto_pub) is given. */
  Path writeBundle(JsonNode bundle) throws IOException {
    Path meter = Files.createDirectories(dir.resolve("bundles").resolve(bundle.get("serial").asText()));
    Files.writeString(meter.resolve("ca.pem"), bundle.get("caPem").asText(), StandardCharsets.US_ASCII);
    Files.writeString(meter.resolve("meter.crt"), bundle.get("certificatePem").asText(), StandardCharsets.US_ASCII);
    Files.writeString(meter.resolve("meter.key"), bundle.get("privateKeyPem").asText(), StandardCharsets.US_ASCII);
    return meter;
  }

  /** {@code mosquitto_pub} with a bundle's certificate, QoS 1; its exit code. */
  int publish(Path bundle, String clientId, String topic, String payload) throws Exception {
    Process pub = new ProcessBuilder(List.of("mosquitto_pub", "-h", "localhost", "-p", String.valueOf(port),
        "--cafile", bundle.resolve("ca.pem").toString(), "--cert", bundle.resolve("meter.crt").toString(),
        "--key", bundle.resolve("meter.key").toString(), "-i", clientId, "-q", "1", "-t", topic, "-m", payload))
        .redirectErrorStream(true).start();
    assertThat(pub.waitFor(30, TimeUnit.SECONDS)).as("mosquitto_pub finished").isTrue();
    return pub.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
