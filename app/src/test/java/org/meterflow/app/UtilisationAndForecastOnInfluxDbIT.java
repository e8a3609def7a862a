package org.meterflow.app;

/**
 * The utilisation and forecast tests with the time series in Debian's InfluxDB 1.6: loads are
 * read from InfluxDB and forecasts are stored there.
 */
@OnInfluxDb
class UtilisationAndForecastOnInfluxDbIT extends UtilisationAndForecastTest {}
