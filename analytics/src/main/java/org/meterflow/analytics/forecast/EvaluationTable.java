package org.meterflow.analytics.forecast;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.meterflow.model.forecast.AccuracyMetrics;
import org.meterflow.model.forecast.LoadSeries;
import org.meterflow.model.forecast.RollingOriginBacktest.ModelScore;

/** The human-readable output of {@code forecast evaluate}. */
final class EvaluationTable {

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private EvaluationTable() {}

  static String render(ForecastEvaluation.Report report, ForecastEvaluation.Request request) {
    LoadSeries s = report.series();
    StringBuilder b = new StringBuilder();
    String source = request.files().size() == 1
        ? request.files().get(0).getFileName().toString()
        : request.files().size() + " files";
    if (report.reads().size() > 1) {
      source = "sum of " + report.reads().size() + " series from " + source;
    }
    b.append(String.format(Locale.ROOT, "series   %s (%s): %d intervals of %d min from %s to %s %s, %d missing%n",
        source, request.format().cliName(), s.size(), s.step().toMinutes(),
        DAY.format(s.start().atZone(report.zone())), DAY.format(s.end().atZone(report.zone())), report.zone(),
        s.missingCount()));
    b.append(String.format(Locale.ROOT,
        "rolling  origin each local midnight after %d training days, horizon %d day(s): %d forecast days,"
            + " %d holidays in calendar, %.1f s%n%n",
        request.minTrainDays(), request.horizonDays(), report.days(), report.holidays().dates().size(),
        report.elapsed().toMillis() / 1000.0));
    b.append(String.format(Locale.ROOT, "%-15s %9s %9s %8s %10s %10s%n",
        "model", "MAPE %", "sMAPE %", "MASE", "PI80 cov", "PI95 cov"));
    for (ModelScore m : List.of(report.model(), report.seasonalNaive(), report.naiveDay())) {
      AccuracyMetrics a = m.accuracy();
      b.append(String.format(Locale.ROOT, "%-15s %9.3f %9.3f %8.3f %10s %10s%n",
          m.name(), a.mape(), a.smape(), a.mase(), percent(m.coverage80()), percent(m.coverage95())));
    }
    b.append(String.format(Locale.ROOT, "%n%s MAPE is %.1f %% %s than seasonal-naive (ratio %.3f)",
        report.model().name(), Math.abs(100 * (1 - report.mapeRatio())),
        report.mapeRatio() <= 1 ? "lower" : "higher", report.mapeRatio()));
    return b.toString();
  }

  private static String percent(double share) {
    return Double.isNaN(share) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * share);
  }
}
