package org.meterflow.model.quality;

import java.time.Duration;
import java.util.Objects;

/**
 * Power-quality thresholds (per unit of the meter's nominal) for
 * {@link PowerQualityClassifier} and {@link MeterQualityDetector}. See the package doc for which
 * side of each boundary is inclusive.
 *
 * @param interruptionBelowPu  interruption when {@code pu < this} (0.1)
 * @param sagBelowPu           sag when {@code pu < this} and not an interruption (0.9)
 * @param swellAbovePu         swell when {@code pu > this} (1.1)
 * @param undervoltageFromPu   undervoltage band lower bound, inclusive (0.8); upper bound is {@code sagBelowPu}, exclusive
 * @param overvoltageUpToPu    overvoltage band upper bound, inclusive (1.2); lower bound is {@code swellAbovePu}, exclusive
 * @param sustainedLongerThan  under/overvoltage needs a run longer than this (1 min)
 * @param frequencyTolerance   frequency event when {@code |f/fn - 1| > this} (0.01)
 */
public record QualitySettings(
    double interruptionBelowPu,
    double sagBelowPu,
    double swellAbovePu,
    double undervoltageFromPu,
    double overvoltageUpToPu,
    Duration sustainedLongerThan,
    double frequencyTolerance) {

  public QualitySettings {
    Objects.requireNonNull(sustainedLongerThan, "sustainedLongerThan");
    if (!(0 < interruptionBelowPu && interruptionBelowPu <= undervoltageFromPu
        && undervoltageFromPu < sagBelowPu && sagBelowPu <= 1 && 1 <= swellAbovePu
        && swellAbovePu < overvoltageUpToPu && frequencyTolerance > 0)) {
      throw new IllegalArgumentException("inconsistent power-quality thresholds");
    }
  }

  public static QualitySettings defaults() {
    return new QualitySettings(0.1, 0.9, 1.1, 0.8, 1.2, Duration.ofMinutes(1), 0.01);
  }
}
