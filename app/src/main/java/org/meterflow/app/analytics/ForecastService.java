package org.meterflow.app.analytics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.meterflow.http.api.ForecastQuery;
import org.meterflow.model.capacity.CapacityOutlook;
import org.meterflow.model.forecast.DayAheadForecast;
import org.meterflow.model.forecast.DayAheadForecaster;
import org.meterflow.model.forecast.LoadSeries;
import org.meterflow.model.network.RatedAsset;
import org.meterflow.model.port.ForecastStore;
import org.meterflow.model.port.LoadPoint;
import org.meterflow.model.port.NetworkLevel;
import org.meterflow.model.port.ReadingStore;
import org.meterflow.model.quality.QualityEvent;
import org.meterflow.mysql.JdbcNetworkRatings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Day-ahead forecasts (docs/forecasting.md): per region and per feeder, demand in kW at
 * {@code meterflow.forecast.step}, with 80 %/95 % prediction intervals, from the last
 * {@code history} of load in the time-series store, written back beside the actuals
 * ({@link ForecastStore}); per rated DT and feeder, loading in kVA checked against
 * {@code capacity-share} of the rating (capacity events). Runs daily at {@code run-at} utility time
 * and on demand, one run at a time on its own thread.
 */
public final class ForecastService implements ForecastQuery, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ForecastService.class);
  static final String KW = "kw";
  static final String KVA = "kva";

  private final JdbcNetworkRatings ratings;
  private final AreaLoads loads;
  private final ForecastStore forecasts;
  private final CapacityEvents capacity;
  private final AnalyticsSettings settings;
  private final Clock clock;
  private final Executor blocking;
  private final DayAheadForecaster forecaster;
  private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "forecast-runner");
    t.setDaemon(true);
    return t;
  });

  public ForecastService(JdbcNetworkRatings ratings, ReadingStore store, ForecastStore forecasts,
      org.meterflow.app.events.QualityEvents events, org.meterflow.mysql.JdbcQualityEventStore eventStore,
      AnalyticsSettings settings, Clock clock, Executor blocking) {
    this.ratings = ratings;
    this.loads = new AreaLoads(store, settings.queryTimeout());
    this.forecasts = forecasts;
    this.capacity = new CapacityEvents(events, eventStore);
    this.settings = settings;
    this.clock = clock;
    this.blocking = blocking;
    this.forecaster = DayAheadForecaster.standard(settings.zone(), settings.holidays());
  }

  /** How long until the next scheduled run: {@code run-at} local time, today or tomorrow. */
  public Duration delayToNextRun() {
    ZonedDateTime now = ZonedDateTime.now(clock.withZone(settings.zone()));
    ZonedDateTime at = nextRun(now, settings.runAt());
    Duration delay = Duration.between(now, at);
    log.info("next forecast run at {} ({} from now)", at, delay);
    return delay;
  }

  /**
   * The first {@code runAt} local time strictly after {@code now}; on a daylight-saving night when
   * that wall-clock time does not exist, the first instant after the gap.
   */
  static ZonedDateTime nextRun(ZonedDateTime now, java.time.LocalTime runAt) {
    ZonedDateTime at = now.toLocalDate().atTime(runAt).atZone(now.getZone());
    if (!at.isAfter(now)) {
      at = now.toLocalDate().plusDays(1).atTime(runAt).atZone(now.getZone());
    }
    return at;
  }

  /** Forecasts every region known from meters and ratings. */
  public CompletionStage<List<RunView>> runAll() {
    return CompletableFuture.supplyAsync(() -> {
      List<RunView> out = new ArrayList<>();
      for (String region : ratings.regions()) {
        try {
          out.add(runRegion(region, clock.instant()));
        } catch (RuntimeException e) {
          log.error("forecast of region {} failed", region, e);
        }
      }
      return out;
    }, runner);
  }

  @Override
  public CompletionStage<RunView> run(String region) {
    if (!RatedAsset.NAME.matcher(region).matches()) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("invalid region '" + region + "'"));
    }
    return CompletableFuture.supplyAsync(() -> runRegion(region, clock.instant()), runner);
  }

  private RunView runRegion(String region, Instant now) {
    Duration step = settings.forecastStep();
    Instant end = AreaLoads.floor(now, step);
    Instant start = AreaLoads.floor(end.minus(settings.history()), step);
    int n = (int) Duration.between(start, end).dividedBy(step);
    List<String> done = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<String> raised = new ArrayList<>();
    List<String> cleared = new ArrayList<>();

    forecastDemand(NetworkLevel.REGION, region, start, end, n, now, done, skipped);
    for (String feeder : ratings.feeders(region)) {
      forecastDemand(NetworkLevel.FEEDER, feeder, start, end, n, now, done, skipped);
    }
    for (RatedAsset asset : ratings.list(null, region)) {
      NetworkLevel level = AreaLoads.level(asset.kind());
      List<LoadPoint> points = loads.points(level, asset.id(), start, end, step);
      Optional<DayAheadForecast> f = forecast(AreaLoads.series(points, start, step, n, LoadPoint::kva));
      String name = level.tag() + ":" + asset.id() + ":" + KVA;
      if (f.isEmpty()) {
        skipped.add(name);
        continue;
      }
      join(forecasts.write(level.tag(), asset.id(), KVA, f.get(), now));
      done.add(name);
      for (QualityEvent e : capacity.apply(asset, CapacityOutlook.of(asset, f.get(), settings.capacityShare(), settings.capacityBound()), now)) {
        if (e.isOpen() && e.raisedAt().equals(now)) {
          raised.add(e.id());
        } else if (!e.isOpen()) {
          cleared.add(e.id());
        }
      }
    }
    log.info("forecast run of region {}: {} series, {} skipped (no data), capacity raised {} cleared {}", region,
        done.size(), skipped.size(), raised, cleared);
    return new RunView(region, now, done, skipped, raised, cleared);
  }

  private void forecastDemand(NetworkLevel level, String id, Instant start, Instant end, int n, Instant now,
      List<String> done, List<String> skipped) {
    List<LoadPoint> points = loads.points(level, id, start, end, settings.forecastStep());
    Optional<DayAheadForecast> f = forecast(AreaLoads.series(points, start, settings.forecastStep(), n, LoadPoint::kw));
    String name = level.tag() + ":" + id + ":" + KW;
    if (f.isEmpty()) {
      skipped.add(name);
      return;
    }
    join(forecasts.write(level.tag(), id, KW, f.get(), now));
    done.add(name);
  }

  /**
   * The forecast from the first observed interval on (leading gaps of a newly metered area are
   * cut, inner gaps stay missing for the model to bridge); empty with less than a day of data.
   */
  private Optional<DayAheadForecast> forecast(LoadSeries series) {
    int first = 0;
    while (first < series.size() && series.isMissing(first)) {
      first++;
    }
    if (series.size() - first < series.stepsPerDay()) {
      return Optional.empty();
    }
    LoadSeries observed = series.slice(first, series.size());
    return Optional.of(forecaster.forecast(observed, stepsThroughTomorrow(observed)));
  }

  /**
   * Intervals from the end of the history to the end of the utility's tomorrow (local date of the
   * history's end + 1): the day {@code GET …/forecast} serves by default, whatever the hour of the run
   * — just after local midnight that is almost two days ahead.
   */
  private int stepsThroughTomorrow(LoadSeries history) {
    Instant end = history.start().plus(history.step().multipliedBy(history.size()));
    Instant until = LocalDate.ofInstant(end, settings.zone()).plusDays(2).atStartOfDay(settings.zone()).toInstant();
    Duration ahead = Duration.between(end, until);
    long steps = ahead.dividedBy(history.step());
    return (int) (ahead.equals(history.step().multipliedBy(steps)) ? steps : steps + 1);
  }

  @Override
  public CompletionStage<Optional<ForecastView>> forecast(String region, String feeder, LocalDate date) {
    return CompletableFuture.supplyAsync(() -> {
      if (feeder != null && !ratings.feeders(region).contains(feeder)) {
        return Optional.empty();
      }
      LocalDate day = date != null ? date : LocalDate.now(clock.withZone(settings.zone())).plusDays(1);
      Instant from = day.atStartOfDay(settings.zone()).toInstant();
      Instant to = day.plusDays(1).atStartOfDay(settings.zone()).toInstant();
      NetworkLevel level = feeder == null ? NetworkLevel.REGION : NetworkLevel.FEEDER;
      String id = feeder == null ? region : feeder;
      List<ForecastStore.StoredPoint> stored = join(forecasts.read(level.tag(), id, KW, from, to));
      if (stored.isEmpty()) {
        return Optional.empty();
      }
      Instant now = clock.instant();
      Map<Instant, Double> actual = new HashMap<>();
      if (from.isBefore(now)) {
        for (LoadPoint p : loads.points(level, id, from, now.isBefore(to) ? now : to, settings.forecastStep())) {
          if (p.meters() > 0) {
            actual.put(p.ts(), p.kw());
          }
        }
      }
      List<PointView> points = new ArrayList<>(stored.size());
      ForecastStore.StoredPoint peak = stored.get(0);
      Instant issued = stored.get(0).issuedAt();
      for (ForecastStore.StoredPoint p : stored) {
        points.add(new PointView(p.ts(), p.point(), p.lo80(), p.hi80(), p.lo95(), p.hi95(), actual.get(p.ts())));
        if (p.point() > peak.point()) {
          peak = p;
        }
        if (p.issuedAt().isAfter(issued)) {
          issued = p.issuedAt();
        }
      }
      return Optional.of(new ForecastView(region, feeder, day.toString(), settings.zone().getId(),
          settings.forecastStep().toString(), issued, peak.point(), peak.ts(), points));
    }, blocking);
  }

  private <T> T join(CompletionStage<T> stage) {
    return Blocking.await(stage, settings.queryTimeout().multipliedBy(3));
  }


  /** Lets a running run finish (bounded wait); the timer is the forecast-timer singleton's. */
  @Override
  public void close() {
    runner.shutdown();
    try {
      runner.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
