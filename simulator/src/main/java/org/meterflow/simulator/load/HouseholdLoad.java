package org.meterflow.simulator.load;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.SplittableRandom;

/**
 * A household's demand in kW at a given instant: a base load, a morning and a larger evening
 * peak, more at weekends, random appliance spikes, scaled per household. Deterministic for a
 * seed, so a run can be repeated.
 */
public final class HouseholdLoad {

  private final double scale;
  private final ZoneId zone;
  private final SplittableRandom random;

  public HouseholdLoad(long seed, ZoneId zone) {
    this.random = new SplittableRandom(seed);
    this.scale = 0.6 + random.nextDouble() * 0.9;
    this.zone = zone;
  }

  /** Mean demand in kW at {@code at}, before noise. */
  public double meanKw(Instant at) {
    ZonedDateTime local = at.atZone(zone);
    double hour = local.getHour() + local.getMinute() / 60.0;
    double base = 0.25;
    double morning = 0.8 * gauss(hour, 7.5, 1.2);
    double evening = 1.6 * gauss(hour, 20.0, 2.0);
    double daytime = 0.3 * gauss(hour, 13.5, 3.0);
    DayOfWeek day = local.getDayOfWeek();
    double weekend = day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY ? 1.2 : 1.0;
    return scale * weekend * (base + morning + evening + daytime);
  }

  /** Demand in kW at {@code at}: the mean with noise and the odd appliance spike (kettle, iron, pump). */
  public double sampleKw(Instant at) {
    double kw = meanKw(at) * (0.85 + 0.3 * random.nextDouble());
    if (random.nextDouble() < 0.03) {
      kw += 1.0 + 1.5 * random.nextDouble();
    }
    return kw;
  }

  /** Gaussian noise with the given standard deviation. */
  public double noise(double sigma) {
    double u1 = Math.max(random.nextDouble(), 1e-12);
    double u2 = random.nextDouble();
    return sigma * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  private static double gauss(double x, double mean, double width) {
    double z = (x - mean) / width;
    return Math.exp(-0.5 * z * z);
  }
}
