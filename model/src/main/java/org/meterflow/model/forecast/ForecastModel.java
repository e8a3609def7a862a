package org.meterflow.model.forecast;

/**
 * A forecasting method. {@link #newForecaster()} gives a fresh forecaster for one series; a
 * forecaster may cache fitted parameters between origins of that series (backtests move the
 * origin forward a day at a time), but it only ever sees what {@link History} lets it read.
 */
public interface ForecastModel {

  /** Short identifier used in reports ("seasonalNaive", "dshw", …). */
  String name();

  /** A forecaster with no state, for one series. */
  Forecaster newForecaster();

  /** Point forecasts for one series. */
  interface Forecaster {

    /**
     * Point forecasts of intervals {@code [history.origin(), history.origin() + steps)}; the
     * calendar of {@code history} covers them. Never NaN once the history holds one observation.
     */
    double[] forecast(History history, int steps);
  }
}
