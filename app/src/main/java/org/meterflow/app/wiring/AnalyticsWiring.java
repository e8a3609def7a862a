package org.meterflow.app.wiring;

import com.typesafe.config.Config;
import java.time.Clock;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorSystem;
import org.meterflow.app.analytics.AnalyticsSettings;
import org.meterflow.app.analytics.ForecastService;
import org.meterflow.app.analytics.NetworkService;
import org.meterflow.app.analytics.UtilisationService;
import org.meterflow.app.cluster.SingletonTimer;
import org.meterflow.mysql.JdbcNetworkRatings;

/** Starts the analytics; the nightly forecast runs on a timer unless {@code meterflow.forecast.scheduled = false}. */
public final class AnalyticsWiring {

  private AnalyticsWiring() {}

  public static Analytics start(Config config, Storage storage, Meters meters, ActorSystem<Void> system,
      Lifecycle lifecycle, Executor blocking, Clock clock) {
    AnalyticsSettings settings = AnalyticsSettings.fromConfig(config.getConfig("meterflow"));
    JdbcNetworkRatings ratings = new JdbcNetworkRatings(storage.registry(), clock);
    ForecastService forecasts = lifecycle.add("forecasts", new ForecastService(ratings, storage.timeSeries().readings(),
        storage.timeSeries().forecasts(), meters.events(), meters.eventStore(), settings, clock, blocking),
        ForecastService::close);
    if (settings.scheduled()) {
      // once per cluster: the forecast-timer singleton runs on one node
      SingletonTimer.start(system, "forecast-timer", forecasts::delayToNextRun, forecasts::runAll);
    }
    return new Analytics(new NetworkService(ratings, blocking),
        new UtilisationService(ratings, storage.timeSeries().readings(), settings, blocking), forecasts);
  }
}
