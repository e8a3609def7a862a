package org.meterflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.meterflow.mqtt.client.MqttTls;
import picocli.CommandLine;

/** {@code meterflow meters …} and {@code meterflow tokens …} against a running platform. */
class AdminCliTest {

  @RegisterExtension
  static final PlatformExtension PLATFORM = new PlatformExtension();

  private static PlatformFixture fixture;

  @BeforeAll
  static void start() {
    fixture = PLATFORM.fixture();
  }

  /** Exit code, stdout and stderr of one {@code meterflow} invocation against the test platform. */
  record Run(int exit, String out, String err) {}

  private static Run meterflow(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--url", "http://127.0.0.1:" + fixture.platform.httpPort(),
        "--data-dir", PLATFORM.dataDir().toString()));
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit = new CommandLine(new MeterflowCommand()).execute(all.toArray(String[]::new));
      return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
  }

  private static int status(String serial) throws Exception {
    return fixture.get("/api/v1/meters/" + serial, fixture.platform.adminToken()).statusCode();
  }

  @Test
  void importRegistersEveryRowInBatchesAndWritesUsableBundles() throws Exception {
    Path dir = Files.createDirectories(PLATFORM.dataDir().resolve("import-ok"));
    StringBuilder csv = new StringBuilder("serial,consumer,region,feeder,dt,cycle_group\n");
    for (int i = 1; i <= 25; i++) {
      csv.append(String.format("IMP%05d,C%d,north,F1,DT%d,%d%n", i, i, i % 3, 1 + i % 28));
    }
    Path file = Files.writeString(dir.resolve("meters.csv"), csv);

    Run run = meterflow("meters", "import", file.toString(), "--out", dir.resolve("bundles").toString(), "--batch", "10");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err()).contains("25/25 meters  100%");
    for (int i = 1; i <= 25; i++) {
      assertThat(status(String.format("IMP%05d", i))).isEqualTo(200);
    }
    Path bundle = dir.resolve("bundles").resolve("IMP00025");
    assertThat(bundle.resolve("meter.p12")).isRegularFile();
    MqttClient client = new MqttClient(fixture.platform.brokerUrl(), "IMP00025", new MemoryPersistence());
    client.connect(MqttTls.connectOptions(Files.readString(bundle.resolve("meter.crt")),
        Files.readString(bundle.resolve("meter.key")), Files.readString(bundle.resolve("ca.pem")), true));
    assertThat(client.isConnected()).as("the written bundle connects").isTrue();
    client.disconnect();
    client.close();
  }

  @Test
  void aFileWithBadRowsRegistersNothingAndReportsEachRow() throws Exception {
    Path dir = Files.createDirectories(PLATFORM.dataDir().resolve("import-bad"));
    Path file = Files.writeString(dir.resolve("meters.csv"), """
        serial,consumer,nominal_voltage
        BAD00001,C1,230
        BAD 2,C2,230
        BAD00003,C3,lots
        BAD00001,C4,230
        """);

    Run run = meterflow("meters", "import", file.toString(), "--out", dir.resolve("bundles").toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("3 row(s) refused; nothing was registered", "line 3", "line 4", "line 5");
    assertThat(status("BAD00001")).isEqualTo(404);
    assertThat(dir.resolve("bundles")).doesNotExist();
  }

  @Test
  void aSerialAlreadyRegisteredFailsTheWholeImportBeforeAnythingIsWritten() throws Exception {
    fixture.register("DUP00002");
    Path dir = Files.createDirectories(PLATFORM.dataDir().resolve("import-dup"));
    Path file = Files.writeString(dir.resolve("meters.csv"), "serial\nDUP00001\nDUP00002\nDUP00003\n");

    Run run = meterflow("meters", "import", file.toString(), "--out", dir.resolve("bundles").toString(), "--batch", "1");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("line 3 (DUP00002): already registered");
    assertThat(status("DUP00001")).isEqualTo(404);
    assertThat(status("DUP00003")).isEqualTo(404);
  }

  @Test
  void registerSuspendReactivateDecommission() throws Exception {
    Path out = PLATFORM.dataDir().resolve("single");
    assertThat(meterflow("meters", "register", "CLI00001", "--consumer", "C9", "--region", "east", "--out", out.toString()).exit())
        .isZero();
    assertThat(out.resolve("CLI00001").resolve("meter.key")).isRegularFile();
    assertThat(meterflow("meters", "suspend", "CLI00001").out()).contains("CLI00001 is now SUSPENDED");
    assertThat(meterflow("meters", "reactivate", "CLI00001").out()).contains("CLI00001 is now ACTIVE");
    assertThat(meterflow("meters", "decommission", "CLI00001").out()).contains("CLI00001 is now DECOMMISSIONED");
    Run again = meterflow("meters", "reactivate", "CLI00001");
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("HTTP 409");
    assertThat(meterflow("meters", "revoke", "NOSUCH01").err()).contains("HTTP 404");
  }

  @Test
  void tokensIssueListRevoke() throws Exception {
    Run issued = meterflow("tokens", "issue", "--role", "consumer", "--consumer", "C77");
    assertThat(issued.exit()).as(issued.err()).isZero();
    String token = issued.out().trim();
    String id = token.substring(token.indexOf('_') + 1, token.indexOf('.'));
    assertThat(fixture.get("/api/v1/meters/NOPE", token).statusCode()).isEqualTo(404);

    Run list = meterflow("tokens", "list");
    assertThat(list.out()).contains(id, "consumer", "C77").doesNotContain(token.substring(token.indexOf('.') + 1));

    assertThat(meterflow("tokens", "revoke", id).exit()).isZero();
    assertThat(fixture.get("/api/v1/meters/NOPE", token).statusCode()).isEqualTo(401);
    JsonNode listed = PlatformFixture.JSON.readTree(fixture.get("/api/v1/tokens", fixture.platform.adminToken()).body());
    assertThat(listed.findValuesAsText("id")).contains(id);
  }
}
