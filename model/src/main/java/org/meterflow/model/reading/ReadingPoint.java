package org.meterflow.model.reading;

import java.time.Instant;

/**
 * One point of a meter's reading series aggregated over an interval of {@code step}:
 * registers are the last value in the interval, instantaneous quantities the interval mean.
 * {@code powerFactor} is {@code null} where no reading in the interval carried one.
 */
public record ReadingPoint(
    Instant ts,
    double importKwh,
    double exportKwh,
    double voltage,
    double current,
    double frequency,
    Double powerFactor,
    long samples) {}
