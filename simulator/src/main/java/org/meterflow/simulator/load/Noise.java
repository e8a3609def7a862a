package org.meterflow.simulator.load;

/**
 * Deterministic noise as a pure function of (seed, index): the same feeder at the same instant
 * gets the same voltage offset whichever thread asks, so feeder-level correlation needs no shared
 * mutable state. SplitMix64 mixing; Box–Muller for normal deviates.
 */
public final class Noise {

  private Noise() {}

  /** A well-mixed 64-bit hash of (seed, index). */
  public static long mix(long seed, long index) {
    long z = seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform in [0, 1). */
  public static double uniform(long seed, long index) {
    return (mix(seed, index) >>> 11) * 0x1.0p-53;
  }

  /** Standard normal deviate. */
  public static double gaussian(long seed, long index) {
    double u1 = Math.max(uniform(seed, 2 * index), 1e-12);
    double u2 = uniform(seed, 2 * index + 1);
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /**
   * Smooth standard-normal-ish noise over time: independent deviates every {@code periodMillis},
   * linearly interpolated (cosine-eased) in between, so neighbouring instants are correlated.
   */
  public static double smooth(long seed, long epochMillis, long periodMillis) {
    long slot = Math.floorDiv(epochMillis, periodMillis);
    double frac = (epochMillis - slot * periodMillis) / (double) periodMillis;
    double eased = (1 - Math.cos(Math.PI * frac)) / 2;
    double a = gaussian(seed, slot);
    double b = gaussian(seed, slot + 1);
    return a + (b - a) * eased;
  }
}
