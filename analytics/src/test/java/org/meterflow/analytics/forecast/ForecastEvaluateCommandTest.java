package org.meterflow.analytics.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.meterflow.model.Datasets;
import picocli.CommandLine;

class ForecastEvaluateCommandTest {

  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new ForecastEvaluateCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void jsonIsExactlyOneObjectWithTheAgreedShape() throws Exception {
    Run r = run("--file", Datasets.taylor().toString(), "--format", "taylor", "--horizon", "1d", "--json");
    assertEquals(0, r.exitCode(), r.err());
    JsonNode json = new ObjectMapper().readTree(r.out());
    List<String> keys = new ArrayList<>();
    json.fieldNames().forEachRemaining(keys::add);
    assertEquals(List.of("model", "seasonalNaive", "naiveDay", "days"), keys);
    for (String m : List.of("model", "seasonalNaive", "naiveDay")) {
      List<String> metrics = new ArrayList<>();
      json.get(m).fieldNames().forEachRemaining(metrics::add);
      assertEquals(List.of("mape", "smape", "mase"), metrics);
      assertTrue(json.get(m).get("mape").isNumber());
    }
    assertEquals(56, json.get("days").asInt());
    assertTrue(json.get("model").get("mape").asDouble() <= 0.7 * json.get("seasonalNaive").get("mape").asDouble());
    assertEquals(1, r.out().trim().lines().count(), "one line of JSON on stdout");
  }

  @Test
  void tableNamesTheThreeForecasts() {
    Run r = run("--file", Datasets.taylor().toString(), "--format", "taylor", "--min-train-days", "56");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("MAPE %"), r.out());
    assertTrue(r.out().contains("dshw"));
    assertTrue(r.out().contains("seasonalNaive"));
    assertTrue(r.out().contains("naiveDay"));
    assertTrue(r.out().contains("28 forecast days"), r.out());
  }

  @Test
  void severalHouseholdsWithoutSumAreRefused() {
    Run r = run("--file", Datasets.london("MAC000002").toString(), "--file", Datasets.london("MAC000015").toString(),
        "--format", "london", "--json");
    assertEquals(1, r.exitCode());
    assertTrue(r.err().contains("--sum"), r.err());
    assertEquals("", r.out());
  }

  @Test
  void usageErrorsExitWithTwo() {
    assertEquals(2, run("--format", "taylor").exitCode());
    assertEquals(2, run("--file", "x.csv", "--format", "parquet").exitCode());
    assertEquals(2, run("--file", "x.csv", "--format", "taylor", "--horizon", "90m").exitCode());
    assertEquals(2, run("--file", "x.csv", "--format", "taylor", "--horizon", "36h").exitCode());
    assertEquals(2, run("--file", "x.csv", "--format", "taylor", "--model", "prophet").exitCode());
  }

  @Test
  void unreadableFileExitsWithOne() {
    Run r = run("--file", "/nonexistent/file.csv", "--format", "taylor");
    assertEquals(1, r.exitCode());
    assertTrue(r.err().contains("cannot read"), r.err());
  }
}
