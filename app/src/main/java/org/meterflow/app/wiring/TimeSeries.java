package org.meterflow.app.wiring;

import org.meterflow.model.port.ForecastStore;
import org.meterflow.model.port.IntervalEnergy;
import org.meterflow.model.port.ReadingStore;
import org.meterflow.model.port.RegisterBoundaries;

/**
 * The time-series store behind every port that reads or writes it, chosen once at wiring
 * ({@code meterflow.timeseries.kind}): readings and pages, billing's register boundaries and
 * time-of-day intervals, and the stored forecasts all go to the same store.
 *
 * @param name what it is, for logs and messages (e.g. "embedded QuestDB", "InfluxDB 1.x at …")
 */
public record TimeSeries(String name, ReadingStore readings, RegisterBoundaries registers, IntervalEnergy intervals,
    ForecastStore forecasts) {}
