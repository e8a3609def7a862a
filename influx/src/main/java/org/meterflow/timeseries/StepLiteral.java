package org.meterflow.timeseries;

import java.time.Duration;

/** A query step as a duration literal in its largest whole unit: {@code 15m}, {@code 1h}, {@code 1d}, {@code 90s}. */
public final class StepLiteral {

  private StepLiteral() {}

  /**
   * {@code step} as {@code <n>d|h|m|s}, or {@code <n><millisUnit>} when only milliseconds divide it
   * (QuestDB writes milliseconds {@code T}, InfluxQL {@code ms}).
   *
   * @throws IllegalArgumentException if the step is not positive or not whole milliseconds
   */
  public static String of(Duration step, String millisUnit) {
    if (step == null || step.isNegative() || step.isZero()) {
      throw new IllegalArgumentException("step must be positive: " + step);
    }
    if (step.toNanosPart() % 1_000_000 != 0) {
      throw new IllegalArgumentException("step must be whole milliseconds: " + step);
    }
    long ms = step.toMillis();
    if (ms % 86_400_000L == 0) {
      return ms / 86_400_000L + "d";
    } else if (ms % 3_600_000L == 0) {
      return ms / 3_600_000L + "h";
    } else if (ms % 60_000L == 0) {
      return ms / 60_000L + "m";
    } else if (ms % 1_000L == 0) {
      return ms / 1_000L + "s";
    }
    return ms + millisUnit;
  }
}
