package org.meterflow.simulator.load;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.SplittableRandom;

/**
 * A household's demand in kW: a base load, a morning and a larger evening peak, a little daytime
 * use, more at weekends, scaled by season and per household, plus random appliance spikes
 * (kettle, iron, pump). Deterministic for a seed, so a run can be repeated. Not thread-safe: one
 * publisher drives it.
 */
public final class HouseholdLoad implements LoadShape {

  private final double scale;
  private final ZoneId zone;
  private final Season season;
  private final SplittableRandom random;

  public HouseholdLoad(long seed, ZoneId zone) {
    this(seed, zone, Season.COOLING);
  }

  public HouseholdLoad(long seed, ZoneId zone, Season season) {
    this.random = new SplittableRandom(seed);
    this.scale = 0.6 + random.nextDouble() * 0.9;
    this.zone = zone;
    this.season = season;
  }

  /** Mean demand in kW at {@code at}, before noise. */
  public double meanKw(Instant at) {
    return meanKw(at.atZone(zone));
  }

  @Override
  public double meanKw(ZonedDateTime local) {
    return scale * typicalKw(local, season);
  }

  /** The curve of a household of scale 1 (mean household ≈ 1.05 of it). */
  public static double typicalKw(ZonedDateTime local, Season season) {
    double hour = LoadShape.hourOf(local);
    double base = 0.25;
    double morning = 0.8 * LoadShape.bell(hour, 7.5, 1.2);
    double evening = 1.6 * LoadShape.bell(hour, 20.0, 2.0);
    double daytime = 0.3 * LoadShape.bell(hour, 13.5, 3.0);
    DayOfWeek day = local.getDayOfWeek();
    double weekend = day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY ? 1.2 : 1.0;
    return weekend * season.factor(local) * (base + morning + evening + daytime);
  }

  /** Demand in kW at {@code at}: the mean with noise and the odd appliance spike. */
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
}
