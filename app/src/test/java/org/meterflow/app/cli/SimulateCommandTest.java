package org.meterflow.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterflow.app.MeterflowCommand;
import picocli.CommandLine;

/** {@code meterflow simulate} into the null sink: the options reach the engine and the summary adds up. */
class SimulateCommandTest {

  @Test
  void aNullSinkRunPrintsItsSummaryAndTheTown(@TempDir Path dir) throws Exception {
    Path faults = dir.resolve("faults.txt");
    Files.writeString(faults, "# one silent DT for an hour\n+1h 1h silent dt:north-F1-DT1\n");
    Path csv = dir.resolve("town.csv");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int exit;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      exit = new CommandLine(new MeterflowCommand()).execute("simulate", "--sink", "null", "--meters", "120",
          "--meters-per-dt", "40", "--meters-per-gateway", "40", "--span", "6h", "--acceleration", "200000",
          "--faults", faults.toString(), "--fault", "+2h 30m duplicate meter:M0000050", "--topology-csv", csv.toString(),
          "--no-status", "--json");
    } finally {
      System.setOut(original);
    }
    assertThat(exit).isZero();
    String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
    JsonNode summary = new ObjectMapper().readTree(lines[lines.length - 1]);
    assertThat(summary.get("senders").asInt()).isEqualTo(3);
    assertThat(summary.get("acked").asLong()).isEqualTo(120L * 24 - 40 * 4);
    assertThat(summary.get("duplicatesAcked").asLong()).isEqualTo(2);
    assertThat(summary.get("faults").asInt()).isEqualTo(2);
    assertThat(Files.readAllLines(csv)).hasSize(121);
  }

  @Test
  void withoutAPlatformItExplainsWhatItNeeds() {
    assertThat(new CommandLine(new MeterflowCommand()).execute("simulate", "--meters", "10", "--no-status")).isEqualTo(2);
  }
}
