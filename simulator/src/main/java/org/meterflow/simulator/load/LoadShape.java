package org.meterflow.simulator.load;

import java.time.ZonedDateTime;

/** A consumer's demand curve: mean kW at a local date-time, before noise and spikes. */
public interface LoadShape {

  double meanKw(ZonedDateTime local);

  /** Gaussian bell used by the daily curves. */
  static double bell(double x, double mean, double width) {
    double z = (x - mean) / width;
    return Math.exp(-0.5 * z * z);
  }

  /** Hour of day with minutes as a fraction. */
  static double hourOf(ZonedDateTime local) {
    return local.getHour() + local.getMinute() / 60.0 + local.getSecond() / 3600.0;
  }
}
