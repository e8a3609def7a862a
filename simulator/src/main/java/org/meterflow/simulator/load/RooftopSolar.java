package org.meterflow.simulator.load;

import java.time.ZonedDateTime;

/**
 * A net-metered rooftop PV array: a clear-sky bell between sunrise and sunset (day length by
 * season), derated by a per-day cloudiness and short passing clouds. At midday it usually exceeds
 * the household's own use, so the meter's export register advances.
 */
public final class RooftopSolar {

  private final double kwPeak;
  private final long seed;

  public RooftopSolar(double kwPeak, long seed) {
    this.kwPeak = kwPeak;
    this.seed = seed;
  }

  public double kwPeak() {
    return kwPeak;
  }

  /** AC output in kW at a local time. */
  public double outputKw(ZonedDateTime local) {
    double hour = LoadShape.hourOf(local);
    double dayLength = Season.dayLengthHours(local);
    double sunrise = 12.5 - dayLength / 2;
    double x = (hour - sunrise) / dayLength;
    if (x <= 0 || x >= 1) {
      return 0;
    }
    double clearSky = Math.pow(Math.sin(Math.PI * x), 1.5);
    long day = local.toLocalDate().toEpochDay();
    double cloudiness = 0.55 + 0.45 * Noise.uniform(seed, day);
    double passing = 1 - 0.25 * Math.max(0, Noise.smooth(seed ^ 0x5EED, local.toInstant().toEpochMilli(), 600_000));
    return Math.max(0, kwPeak * 0.82 * clearSky * cloudiness * passing);
  }
}
