package org.meterflow.analytics.forecast;

import static org.assertj.core.api.Assertions.assertThat;

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
    assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
    JsonNode json = new ObjectMapper().readTree(r.out());
    List<String> keys = new ArrayList<>();
    json.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).isEqualTo(List.of("model", "seasonalNaive", "naiveDay", "days"));
    for (String m : List.of("model", "seasonalNaive", "naiveDay")) {
      List<String> metrics = new ArrayList<>();
      json.get(m).fieldNames().forEachRemaining(metrics::add);
      assertThat(metrics).isEqualTo(List.of("mape", "smape", "mase"));
      assertThat(json.get(m).get("mape").isNumber()).isTrue();
    }
    assertThat(json.get("days").asInt()).isEqualTo(56);
    assertThat(json.get("model").get("mape").asDouble())
        .isLessThanOrEqualTo(0.7 * json.get("seasonalNaive").get("mape").asDouble());
    assertThat(r.out().trim().lines().count()).as("one line of JSON on stdout").isEqualTo(1);
  }

  @Test
  void tableNamesTheThreeForecasts() {
    Run r = run("--file", Datasets.taylor().toString(), "--format", "taylor", "--min-train-days", "56");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
    assertThat(r.out()).contains("MAPE %");
    assertThat(r.out()).contains("dshw");
    assertThat(r.out()).contains("seasonalNaive");
    assertThat(r.out()).contains("naiveDay");
    assertThat(r.out()).contains("28 forecast days");
  }

  @Test
  void severalHouseholdsWithoutSumAreRefused() {
    Run r = run("--file", Datasets.london("MAC000002").toString(), "--file", Datasets.london("MAC000015").toString(),
        "--format", "london", "--json");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("--sum");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void usageErrorsExitWithTwo() {
    assertThat(run("--format", "taylor").exitCode()).isEqualTo(2);
    assertThat(run("--file", "x.csv", "--format", "parquet").exitCode()).isEqualTo(2);
    assertThat(run("--file", "x.csv", "--format", "taylor", "--horizon", "90m").exitCode()).isEqualTo(2);
    assertThat(run("--file", "x.csv", "--format", "taylor", "--horizon", "36h").exitCode()).isEqualTo(2);
    assertThat(run("--file", "x.csv", "--format", "taylor", "--model", "prophet").exitCode()).isEqualTo(2);
  }

  @Test
  void unreadableFileExitsWithOne() {
    Run r = run("--file", "/nonexistent/file.csv", "--format", "taylor");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("cannot read");
  }
}
