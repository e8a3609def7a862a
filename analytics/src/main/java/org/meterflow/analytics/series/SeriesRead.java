package org.meterflow.analytics.series;

import org.meterflow.model.forecast.LoadSeries;

/** One series read from a file (a file of several households yields several). */
public record SeriesRead(String id, LoadSeries series, ReadReport report) {}
