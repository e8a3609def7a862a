package org.meterflow.analytics.forecast;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import org.meterflow.analytics.series.ReadReport;
import org.meterflow.analytics.series.SeriesFormat;
import org.meterflow.analytics.series.SeriesLoader;
import org.meterflow.model.forecast.ForecastModel;
import org.meterflow.model.forecast.HolidayCalendar;
import org.meterflow.model.forecast.LoadSeries;
import org.meterflow.model.forecast.RollingOriginBacktest;
import org.meterflow.model.forecast.RollingOriginBacktest.ModelScore;
import org.meterflow.model.forecast.SeasonalNaiveModel;
import org.meterflow.model.forecast.SlotCalendar;

/**
 * The evaluation behind {@code meterflow forecast evaluate}: loads the files into one series,
 * then runs a rolling-origin backtest of the chosen model against seasonal-naive (same slot last
 * week) and naive-day (same slot yesterday).
 */
public final class ForecastEvaluation {

  private ForecastEvaluation() {}

  /**
   * What to evaluate.
   *
   * @param files        load files (several: one series each, summed with {@code sum})
   * @param format       their layout
   * @param sum          add all series found into one feeder series
   * @param zone         local zone (null: the format's default)
   * @param holidays     the {@code --holidays} value (see {@link HolidayOption})
   * @param column       value column of an hourly-MW file (null: the first {@code *_MW})
   * @param horizonDays  local days forecast from each origin
   * @param minTrainDays local days of history before the first origin
   * @param model        model name (see {@link ForecastModels})
   */
  public record Request(
      List<Path> files, SeriesFormat format, boolean sum, ZoneId zone, String holidays, String column,
      int horizonDays, int minTrainDays, String model) {

    public Request {
      files = List.copyOf(files);
      Objects.requireNonNull(format, "format");
      Objects.requireNonNull(holidays, "holidays");
      Objects.requireNonNull(model, "model");
    }

    /** Day-ahead evaluation with the defaults of the command. */
    public static Request dayAhead(List<Path> files, SeriesFormat format, boolean sum) {
      return new Request(files, format, sum, null, "auto", null, 1, 28, ForecastModels.DEFAULT);
    }
  }

  /** The outcome. */
  public record Report(
      String modelName, LoadSeries series, ZoneId zone, HolidayCalendar holidays, List<ReadReport> reads,
      RollingOriginBacktest.Result result, Duration elapsed) {

    public ModelScore model() {
      return result.scores().get(0);
    }

    public ModelScore seasonalNaive() {
      return result.score("seasonalNaive");
    }

    public ModelScore naiveDay() {
      return result.score("naiveDay");
    }

    public int days() {
      return result.days();
    }

    /** Model MAPE ÷ seasonal-naive MAPE (0.7 = 30 % lower). */
    public double mapeRatio() {
      return model().accuracy().mape() / seasonalNaive().accuracy().mape();
    }
  }

  /**
   * Runs the evaluation.
   *
   * @throws IllegalArgumentException for unusable input (unknown model, too little data, several
   *                                  series without {@code sum}, …)
   */
  public static Report run(Request request) throws IOException {
    long started = System.nanoTime();
    ZoneId zone = request.zone() != null ? request.zone() : request.format().defaultZone();
    SeriesLoader.Loaded loaded = SeriesLoader.load(request.files(), request.format(), request.sum(), zone,
        request.column());
    LoadSeries series = loaded.series().trim();
    int needed = (request.minTrainDays() + request.horizonDays()) * series.stepsPerDay();
    if (series.size() < needed) {
      throw new IllegalArgumentException(String.format(
          "the series covers %.1f days; the evaluation needs more than --min-train-days (%d) + horizon (%d days)",
          (double) series.size() / series.stepsPerDay(), request.minTrainDays(), request.horizonDays()));
    }
    int fromYear = series.start().atZone(zone).getYear() - 1;
    int toYear = series.end().atZone(zone).getYear() + 1;
    HolidayCalendar holidays = HolidayOption.resolve(request.holidays(), zone, fromYear, toYear);
    ForecastModel model = ForecastModels.byName(request.model());
    SlotCalendar calendar = SlotCalendar.of(series, 0, zone, holidays);
    RollingOriginBacktest.Result result = RollingOriginBacktest.run(series, calendar,
        List.of(model, SeasonalNaiveModel.weekly(), SeasonalNaiveModel.daily()),
        request.minTrainDays(), request.horizonDays());
    if (result.days() == 0) {
      throw new IllegalArgumentException("no forecast day with a known actual after " + request.minTrainDays()
          + " training days");
    }
    return new Report(model.name(), series, zone, holidays, loaded.reports(), result,
        Duration.ofNanos(System.nanoTime() - started));
  }
}
