package org.meterflow.analytics.forecast;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.meterflow.analytics.series.ReadReport;
import org.meterflow.analytics.series.SeriesFormat;
import org.meterflow.model.forecast.AccuracyMetrics;
import org.meterflow.model.forecast.RollingOriginBacktest.ModelScore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code meterflow forecast evaluate}: rolling-origin evaluation of the day-ahead forecast against
 * seasonal-naive and naive-day, on real load files. Prints a table, or with {@code --json} exactly
 * one JSON object {@code {"model":{"mape":…,"smape":…,"mase":…},"seasonalNaive":{…},
 * "naiveDay":{…},"days":N}} (MAPE and sMAPE in percent; a metric that cannot be computed is null).
 * Diagnostics about the files go to standard error. Exit code 0 on success, 1 when the files cannot
 * be read or evaluated, 2 on a usage error.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Rolling-origin evaluation of the day-ahead load forecast: train on the past, forecast the next"
          + " day, step a day; prints MAPE, sMAPE and MASE of the model, seasonal-naive (same slot last"
          + " week) and naive-day (same slot yesterday)."
    })
public final class ForecastEvaluateCommand implements Callable<Integer> {

  private static final Pattern HORIZON = Pattern.compile("(?i)(?:p(?:t)?)?(\\d+)\\s*([dh])");

  @Spec
  private CommandSpec spec;

  @Option(names = "--file", required = true, paramLabel = "FILE",
      description = "Load file; repeat for several (each household or region one series).")
  private List<Path> files;

  @Option(names = "--format", required = true, paramLabel = "FORMAT",
      description = "taylor | london | hourly-mw")
  private String format;

  @Option(names = "--sum", description = "Sum all series into one feeder series (households → feeder).")
  private boolean sum;

  @Option(names = "--horizon", defaultValue = "1d", paramLabel = "H",
      description = "Forecast horizon from each local midnight, whole days: 1d (default), 2d, 24h, 48h.")
  private String horizon;

  @Option(names = "--json", description = "Print exactly one JSON object instead of the table.")
  private boolean json;

  @Option(names = "--min-train-days", defaultValue = "28", paramLabel = "N",
      description = "Days of history before the first forecast origin (default 28).")
  private int minTrainDays;

  @Option(names = "--zone", paramLabel = "ZONE",
      description = "Local time zone (default: Europe/London for taylor and london, America/New_York for"
          + " hourly-mw).")
  private String zone;

  @Option(names = "--holidays", defaultValue = "auto", paramLabel = "H",
      description = "auto (by zone) | none | england-wales | us-nerc | FILE of yyyy-MM-dd dates.")
  private String holidays;

  @Option(names = "--column", paramLabel = "NAME",
      description = "Value column of an hourly-mw file (default: the first column ending in _MW).")
  private String column;

  @Option(names = "--model", defaultValue = ForecastModels.DEFAULT, paramLabel = "M",
      description = "dshw (default) | dshw-additive | regression | blend.")
  private String model;

  /** Runs the command on its own: {@code java … ForecastEvaluateCommand --file F --format taylor}. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new ForecastEvaluateCommand()).execute(args));
  }

  @Override
  public Integer call() {
    ForecastEvaluation.Request request = request();
    PrintWriter err = spec.commandLine().getErr();
    ForecastEvaluation.Report report;
    try {
      report = ForecastEvaluation.run(request);
    } catch (IOException e) {
      err.println("error: cannot read load file: " + e.getMessage());
      err.flush();
      return 1;
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return 1;
    }
    for (ReadReport r : report.reads()) {
      err.println("read " + r);
    }
    err.flush();
    PrintWriter out = spec.commandLine().getOut();
    out.println(json ? toJson(report) : EvaluationTable.render(report, request));
    out.flush();
    return 0;
  }

  private ForecastEvaluation.Request request() {
    SeriesFormat fmt;
    ZoneId zoneId = null;
    try {
      fmt = SeriesFormat.fromCliName(format);
      if (zone != null) {
        zoneId = ZoneId.of(zone);
      }
      ForecastModels.byName(model);
    } catch (RuntimeException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    if (minTrainDays < 7) {
      throw new ParameterException(spec.commandLine(), "--min-train-days must be at least 7");
    }
    return new ForecastEvaluation.Request(files, fmt, sum, zoneId, holidays, column, horizonDays(), minTrainDays,
        model);
  }

  private int horizonDays() {
    Matcher m = HORIZON.matcher(horizon.trim());
    if (m.matches()) {
      int n = Integer.parseInt(m.group(1));
      boolean hours = m.group(2).toLowerCase(Locale.ROOT).equals("h");
      if (n > 0 && (!hours || n % 24 == 0)) {
        return hours ? n / 24 : n;
      }
    }
    throw new ParameterException(spec.commandLine(),
        "--horizon must be a whole number of days (1d, 2d, 24h, 48h): " + horizon);
  }

  static String toJson(ForecastEvaluation.Report report) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.set("model", scores(mapper, report.model()));
    root.set("seasonalNaive", scores(mapper, report.seasonalNaive()));
    root.set("naiveDay", scores(mapper, report.naiveDay()));
    root.put("days", report.days());
    return root.toString();
  }

  private static ObjectNode scores(ObjectMapper mapper, ModelScore score) {
    AccuracyMetrics a = score.accuracy();
    ObjectNode node = mapper.createObjectNode();
    putNumber(node, "mape", a.mape());
    putNumber(node, "smape", a.smape());
    putNumber(node, "mase", a.mase());
    return node;
  }

  private static void putNumber(ObjectNode node, String key, double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      node.putNull(key);
    } else {
      node.put(key, value);
    }
  }
}
