package org.meterflow.app.wiring;

import org.meterflow.app.analytics.ForecastService;
import org.meterflow.app.analytics.NetworkService;
import org.meterflow.app.analytics.UtilisationService;

/**
 * The utility's analytics as started by {@link AnalyticsWiring}: network ratings, the utilisation
 * matrix, and day-ahead forecasts with capacity alerts.
 */
public record Analytics(NetworkService network, UtilisationService utilisation, ForecastService forecasts) {}
