package org.meterflow.model.quality;

import java.time.Instant;
import java.util.Objects;

/**
 * A run of consecutive readings in one condition that must last a while before it becomes an
 * event (sustained under/overvoltage, current without energy advance).
 *
 * @param since    timestamp of the run's first reading
 * @param evidence what the run has seen so far (duration = last reading - since)
 * @param baseline a reference value fixed at the run's start (the import register for a stuck
 *                 register; NaN where unused)
 */
public record Run(Instant since, Evidence evidence, double baseline) {

  public Run {
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(evidence, "evidence");
  }

  public static Run start(Instant at, double value, String unit, double baseline) {
    return new Run(at, Evidence.of(value, unit, ""), baseline);
  }

  public Run plus(double value, Instant at) {
    return new Run(since, evidence.plus(value, since, at), baseline);
  }
}
