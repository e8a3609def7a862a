package org.meterflow.model.quality;

/**
 * The verdict on one reading.
 *
 * @param voltagePu          voltage in pu (rounded to 1e-9)
 * @param band               its voltage band
 * @param undervoltageBand   {@code 0.8 <= pu < 0.9}: counts toward sustained undervoltage
 * @param overvoltageBand    {@code 1.1 < pu <= 1.2}: counts toward sustained overvoltage
 * @param frequencyPu        frequency in pu (rounded to 1e-9)
 * @param frequencyDeviation {@code |f/fn - 1| > tolerance}, and the supply is not interrupted
 */
public record Classification(
    double voltagePu,
    VoltageBand band,
    boolean undervoltageBand,
    boolean overvoltageBand,
    double frequencyPu,
    boolean frequencyDeviation) {}
