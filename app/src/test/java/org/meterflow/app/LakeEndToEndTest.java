package org.meterflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * The lake end to end: readings published over MQTT (with repeats) land in the lake once each;
 * the interval flush publishes Parquet while the platform runs, SQL over it answers through the
 * admin API, and after a clean stop {@code meterflow lake query "SELECT count(*) FROM readings"}
 * equals {@code accepted} of {@code /api/v1/ingest/stats}. (The clean stop comes last.)
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LakeEndToEndTest {

  @RegisterExtension
  static final PlatformExtension PLATFORM = new PlatformExtension(Map.of("meterflow.lake.flush-interval", "1 s"));

  private static final Instant START = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(2));

  private static String reading(String serial, int seq) {
    return String.format(Locale.ROOT,
        "{\"serial\":\"%s\",\"seq\":%d,\"ts\":\"%s\",\"importKwh\":%.3f,\"exportKwh\":0.0,"
            + "\"voltage\":%.1f,\"current\":4.2,\"frequency\":50.01,\"powerFactor\":0.97}",
        serial, seq, START.plus(Duration.ofMinutes(seq)), 100 + seq * 0.05, 229.0 + seq % 5);
  }

  @Test
  @Order(2)
  void everyAcceptedReadingIsInTheLakeOnceAfterACleanStop() throws Exception {
    PlatformFixture fixture = PLATFORM.fixture();
    String admin = fixture.platform.adminToken();
    List<String> serials = List.of("L0000001", "L0000002", "L0000003");
    List<MqttClient> clients = new ArrayList<>();
    for (String serial : serials) {
      clients.add(fixture.connect(fixture.register(serial, "lakeside", "F-L", "DT-L")));
    }
    try {
      for (int seq = 1; seq <= 40; seq++) {
        for (int m = 0; m < serials.size(); m++) {
          String payload = reading(serials.get(m), seq);
          publish(clients.get(m), serials.get(m), payload);
          if (seq % 4 == 0) {
            publish(clients.get(m), serials.get(m), payload); // a meter that resends: acked, stored once
          }
        }
      }
      assertThat(PlatformFixture.await(Duration.ofSeconds(30), () -> accepted(fixture) == 120)).as("120 accepted").isTrue();
      assertThat(PlatformFixture.await(Duration.ofSeconds(10), () -> duplicates(fixture) == 30)).as("30 repeats").isTrue();

      // The interval flush (1 s here) publishes Parquet while the platform runs; the admin API reads it.
      assertThat(PlatformFixture.await(Duration.ofSeconds(30), () -> lakeCount(fixture, admin) == 120))
          .as("lake count through the API").isTrue();
      HttpResponse<String> byMeter = query(fixture, admin,
          "SELECT serial, region, feeder, dt, count(*) AS n, max(seq) AS last FROM readings GROUP BY ALL ORDER BY serial");
      assertThat(byMeter.statusCode()).as(byMeter.body()).isEqualTo(200);
      JsonNode rows = PlatformFixture.JSON.readTree(byMeter.body()).get("rows");
      assertThat(rows).hasSize(3);
      assertThat(rows.get(0).toString()).isEqualTo("[\"L0000001\",\"lakeside\",\"F-L\",\"DT-L\",40,40]");

      // More readings after that flush; these are still spooled when the stop comes.
      for (int seq = 41; seq <= 50; seq++) {
        for (int m = 0; m < serials.size(); m++) {
          publish(clients.get(m), serials.get(m), reading(serials.get(m), seq));
        }
      }
      assertThat(PlatformFixture.await(Duration.ofSeconds(30), () -> accepted(fixture) == 150)).isTrue();
    } finally {
      for (MqttClient client : clients) {
        client.disconnect();
        client.close();
      }
    }
    long accepted = accepted(fixture);

    fixture.platform.close(); // CoordinatedShutdown: drain the ingest, flush the lake

    Path lake = PLATFORM.dataDir().resolve("lake");
    try (Stream<Path> spool = Files.list(lake.resolve("spool"))) {
      assertThat(spool.toList()).as("nothing left in the spool").isEmpty();
    }
    String out = cli("lake", "query", "--data-dir", PLATFORM.dataDir().toString(), "--format", "csv",
        "SELECT count(*) AS readings FROM readings");
    assertThat(out).isEqualTo("readings\r\n" + accepted + "\r\n");
    String perDay = cli("lake", "query", "--data-dir", PLATFORM.dataDir().toString(),
        "SELECT date, count(*) AS n FROM readings GROUP BY date ORDER BY date");
    assertThat(perDay).contains("date", "| n").contains("(" + countDates() + (countDates() == 1 ? " row)" : " rows)"));
  }

  @Test
  @Order(1)
  void onlyAdminsQueryTheLakeAndOnlyWithASelect() throws Exception {
    PlatformFixture fixture = PLATFORM.fixture();
    String admin = fixture.platform.adminToken();
    HttpResponse<String> issued = fixture.post("/api/v1/tokens", admin, "{\"role\":\"operator\"}");
    String operator = PlatformFixture.JSON.readTree(issued.body()).get("token").asText();

    HttpResponse<String> forbidden = query(fixture, operator, "SELECT 1");
    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(forbidden.headers().firstValue("Content-Type")).hasValue("application/problem+json");

    HttpResponse<String> drop = query(fixture, admin, "DROP VIEW readings");
    assertThat(drop.statusCode()).isEqualTo(400);
    assertThat(drop.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(PlatformFixture.JSON.readTree(drop.body()).get("detail").asText()).contains("only SELECT");

    HttpResponse<String> empty = fixture.post("/api/v1/lake/query", admin, "{}");
    assertThat(empty.statusCode()).isEqualTo(400);
    HttpResponse<String> anonymous = fixture.post("/api/v1/lake/query", null, "{\"sql\":\"SELECT 1\"}");
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }

  private static long countDates() {
    return Stream.of(1, 50).map(seq -> START.plus(Duration.ofMinutes(seq)).truncatedTo(ChronoUnit.DAYS)).distinct().count();
  }

  private static HttpResponse<String> query(PlatformFixture fixture, String token, String sql) throws Exception {
    return fixture.post("/api/v1/lake/query", token, PlatformFixture.JSON.writeValueAsString(Map.of("sql", sql)));
  }

  private static long lakeCount(PlatformFixture fixture, String admin) {
    try {
      HttpResponse<String> r = query(fixture, admin, "SELECT count(*) FROM readings");
      return r.statusCode() == 200 ? PlatformFixture.JSON.readTree(r.body()).get("rows").get(0).get(0).asLong() : -1;
    } catch (Exception e) {
      return -1;
    }
  }

  private static long accepted(PlatformFixture fixture) {
    try {
      return fixture.stats().get("accepted").asLong();
    } catch (Exception e) {
      return -1;
    }
  }

  private static long duplicates(PlatformFixture fixture) {
    try {
      return fixture.stats().get("duplicates").asLong();
    } catch (Exception e) {
      return -1;
    }
  }

  private static void publish(MqttClient client, String serial, String payload) throws Exception {
    client.publish("meters/" + serial + "/readings", payload.getBytes(StandardCharsets.UTF_8), 1, false);
  }

  /** Runs the {@code meterflow} command line and returns what it printed. */
  private static String cli(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int exit;
    try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
      System.setOut(out);
      exit = new CommandLine(new MeterflowCommand()).execute(args);
    } finally {
      System.setOut(original);
    }
    String printed = captured.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(printed).isZero();
    return printed;
  }
}
