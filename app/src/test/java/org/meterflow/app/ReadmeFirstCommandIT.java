package org.meterflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The README's first command as a new user types it: the shipped jar, {@code demo} from a fresh
 * working directory with no {@code --data-dir} (so the data dir is the relative default) on the
 * default ports when they are free. It must print "MeterFlow is running", the printed dashboard
 * link must open in a browser with live readings, SIGTERM must stop it, a second start on the same
 * data dir must work too, and a start that cannot work must say why and exit instead of hanging.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadmeFirstCommandIT {

  private static final Duration START = Duration.ofSeconds(90);
  private static final Duration STOP = Duration.ofSeconds(60);
  private static final Pattern DASHBOARD = Pattern.compile("Dashboard\\s+(http://\\S+)");
  private static final int[] DEFAULT_PORTS = {8080, 8883, 9000};
  /** The cluster's remoting port is not the subject here: any free one, so a running demo does not matter. */
  private static final Map<String, String> ENV = Map.of("METERFLOW_CLUSTER_PORT", "0");

  @TempDir
  static Path root;

  @Test
  @Order(1)
  void theDemoStartsFromAFreshDirectoryAndItsDashboardLinkOpens() throws Exception {
    Path fresh = Files.createDirectories(root.resolve("fresh-clone"));
    try (FatJar demo = FatJar.start(fresh, ENV, withFreePorts("demo", "--meters", "20"))) {
      demo.await(Pattern.compile("MeterFlow is running"), START);
      String link = demo.await(DASHBOARD, Duration.ofSeconds(5));
      assertThat(fresh.resolve("meterflow-data/admin-token")).as("the relative default data dir").isRegularFile();
      try (HeadlessChromium chromium = HeadlessChromium.start(1280, 1600, Duration.ofSeconds(30))) {
        WebDriver page = chromium.driver();
        page.get(link);
        WebDriverWait wait = new WebDriverWait(page, Duration.ofSeconds(30), Duration.ofMillis(200));
        wait.until(d -> d.getCurrentUrl().endsWith("/utility.html"));
        // the simulated meters' readings arrive on the page's live feed
        wait.until(d -> d.findElements(By.cssSelector("#live tr")).size() >= 3);
      }
      demo.terminate(STOP);
      assertThat(demo.output()).doesNotContain("Exception in thread");
    }
  }

  @Test
  @Order(2)
  void aSecondStartOnTheSameDataDirWorks() throws Exception {
    Path fresh = root.resolve("fresh-clone");
    assertThat(fresh.resolve("meterflow-data")).as("left by the first start").isDirectory();
    try (FatJar serve = FatJar.start(fresh, ENV, withFreePorts("serve"))) {
      serve.await(Pattern.compile("MeterFlow is running"), START);
      String token = Files.readString(fresh.resolve("meterflow-data/admin-token")).trim();
      String base = serve.await(Pattern.compile("HTTP API\\s+(http://\\S+)/api/v1"), Duration.ofSeconds(5));
      HttpClient http = HttpClient.newHttpClient();
      for (String path : List.of("/api/v1/meters/M0000020", "/api/v1/meters/M0000001/readings/latest")) {
        HttpResponse<String> kept = http.send(HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(kept.statusCode()).as("the first start's meters and readings: " + path + " " + kept.body())
            .isEqualTo(200);
      }
      serve.terminate(STOP);
    }
  }

  @Test
  @Order(3)
  void aTakenPortIsNamedWithTheSettingToChange() throws Exception {
    Path dir = Files.createDirectories(root.resolve("port-taken"));
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        FatJar serve = FatJar.start(dir, ENV, isolated("--http-port", String.valueOf(taken.getLocalPort())))) {
      assertThat(serve.awaitExit(START)).as(serve.tail()).contains(MeterflowCommand.STARTUP_FAILED);
      assertThat(serve.output()).contains("MeterFlow could not start the HTTP server on 127.0.0.1:" + taken.getLocalPort())
          .contains("port is already in use").contains("--http-port / METERFLOW_HTTP_PORT");
    }
  }

  @Test
  @Order(4)
  void anUnwritableDataDirIsNamed() throws Exception {
    Path dir = Files.createDirectories(root.resolve("unwritable"));
    Path notAFolder = Files.writeString(dir.resolve("a-file"), "x");
    try (FatJar serve = FatJar.start(dir, env("METERFLOW_DATA_DIR", notAFolder.resolve("data").toString()),
        isolated())) {
      assertThat(serve.awaitExit(START)).as(serve.tail()).contains(MeterflowCommand.STARTUP_FAILED);
      assertThat(serve.output()).contains("MeterFlow could not start the data dir " + notAFolder.resolve("data"))
          .contains("--data-dir / METERFLOW_DATA_DIR");
    }
  }

  @Test
  @Order(5)
  void aFullDiskIsNamed() throws Exception {
    Path dir = Files.createDirectories(root.resolve("disk-full"));
    // more free space than this disk has: what a full disk looks like to the check
    try (FatJar serve = FatJar.start(dir, env("METERFLOW_STARTUP_MIN_FREE_DISK", "1000000g"), isolated())) {
      assertThat(serve.awaitExit(START)).as(serve.tail()).contains(MeterflowCommand.STARTUP_FAILED);
      assertThat(serve.output()).contains("the disk is full").contains("MiB free")
          .contains("--data-dir / METERFLOW_DATA_DIR");
    }
  }

  @Test
  @Order(6)
  void anUnreachableRegistryDatabaseFailsWithinItsDeadline() throws Exception {
    Path dir = Files.createDirectories(root.resolve("no-database"));
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    try (FatJar serve = FatJar.start(dir, env("METERFLOW_DB_URL", "jdbc:mariadb://127.0.0.1:" + closed + "/meterflow",
        "METERFLOW_STARTUP_STEP_TIMEOUT", "10s"), isolated())) {
      assertThat(serve.awaitExit(START)).as(serve.tail()).contains(MeterflowCommand.STARTUP_FAILED);
      assertThat(serve.output()).contains("MeterFlow could not start the registry database (jdbc:mariadb://127.0.0.1:" + closed)
          .contains("METERFLOW_DB_URL");
    }
  }

  /** The command on the default ports where they are free, else on free ones (a demo may be running here). */
  private static String[] withFreePorts(String... command) throws IOException {
    List<String> args = new ArrayList<>(List.of(command));
    String[] options = {"--http-port", "--mqtt-port", "--questdb-port"};
    for (int i = 0; i < DEFAULT_PORTS.length; i++) {
      if (!free(DEFAULT_PORTS[i])) {
        args.addAll(List.of(options[i], String.valueOf(freePort())));
      }
    }
    return args.toArray(String[]::new);
  }

  private static Map<String, String> env(String... keysAndValues) {
    Map<String, String> env = new java.util.HashMap<>(ENV);
    for (int i = 0; i < keysAndValues.length; i += 2) {
      env.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return env;
  }

  /** {@code serve} on free ports (the data dir is the relative default), with the extra arguments. */
  private static String[] isolated(String... extra) throws IOException {
    List<String> args = new ArrayList<>(List.of("serve", "--mqtt-port", String.valueOf(freePort()),
        "--questdb-port", String.valueOf(freePort())));
    if (extra.length == 0 || !extra[0].equals("--http-port")) {
      args.addAll(List.of("--http-port", String.valueOf(freePort())));
    }
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  private static boolean free(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
