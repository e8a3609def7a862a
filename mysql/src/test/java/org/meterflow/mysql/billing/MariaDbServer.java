package org.meterflow.mysql.billing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A throw-away MariaDB server for integration tests: {@code mariadb-install-db} into a temporary
 * folder, then {@code mariadbd} on a free loopback port without grant tables; stopped and deleted by
 * {@link #close()}. Throws (the test fails, never skips) when the binaries are missing.
 */
public final class MariaDbServer implements AutoCloseable {

  private final Path dir;
  private final Process process;
  private final int port;

  private MariaDbServer(Path dir, Process process, int port) {
    this.dir = dir;
    this.process = process;
    this.port = port;
  }

  public static MariaDbServer start() throws IOException, InterruptedException {
    String install = binary("mariadb-install-db");
    String server = binary("mariadbd");
    Path dir = Files.createTempDirectory("meterflow-mariadb");
    Path data = dir.resolve("data");
    List<String> root = "root".equals(System.getProperty("user.name")) ? List.of("--user=root") : List.of();
    List<String> installCmd = new ArrayList<>(List.of(install, "--no-defaults", "--datadir=" + data,
        "--auth-root-authentication-method=normal", "--skip-test-db"));
    installCmd.addAll(root);
    Process setup = new ProcessBuilder(installCmd).redirectErrorStream(true).redirectOutput(dir.resolve("install.log").toFile()).start();
    if (!setup.waitFor(120, TimeUnit.SECONDS) || setup.exitValue() != 0) {
      setup.destroyForcibly();
      throw new IllegalStateException("mariadb-install-db failed: " + Files.readString(dir.resolve("install.log")));
    }
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    List<String> serverCmd = new ArrayList<>(List.of(server, "--no-defaults", "--datadir=" + data, "--port=" + port,
        "--bind-address=127.0.0.1", "--socket=" + dir.resolve("mysqld.sock"), "--pid-file=" + dir.resolve("mysqld.pid"),
        "--skip-grant-tables", "--skip-log-bin", "--innodb-buffer-pool-size=64M", "--character-set-server=utf8mb4"));
    serverCmd.addAll(root);
    Process process = new ProcessBuilder(serverCmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("server.log").toFile()).start();
    MariaDbServer started = new MariaDbServer(dir, process, port);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("mariadbd exited: " + Files.readString(dir.resolve("server.log")));
      }
      try (Socket probe = new Socket("127.0.0.1", port)) {
        return started;
      } catch (IOException notYet) {
        LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
      }
    }
    started.close();
    throw new IllegalStateException("mariadbd did not listen on " + port + " within 60 s");
  }

  public int port() {
    return port;
  }

  public String jdbcUrl(String database) {
    return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String binary(String name) {
    for (String d : List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin")) {
      Path p = Path.of(d, name);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    throw new IllegalStateException(name + " not found: install Debian's mariadb-server (.ci/run does)");
  }
}
