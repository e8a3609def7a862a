package org.meterflow.simulator.load;

import java.time.ZonedDateTime;

/**
 * Seasonal scaling of demand: a cosine over the year peaking on {@code peakDayOfYear}
 * (e.g. day 135, mid-May, for cooling load in an Indian summer; day 15 for heating in a European
 * winter), {@code 1 ± amplitude}.
 */
public record Season(int peakDayOfYear, double amplitude) {

  /** Hot-climate default: demand peaks with air-conditioning in mid-May, ±25 %. */
  public static final Season COOLING = new Season(135, 0.25);
  /** Cold-climate default: demand peaks with heating and lighting in mid-January, ±20 %. */
  public static final Season HEATING = new Season(15, 0.20);

  public double factor(ZonedDateTime local) {
    double phase = 2 * Math.PI * (local.getDayOfYear() - peakDayOfYear) / 365.25;
    return 1 + amplitude * Math.cos(phase);
  }

  /** Daylight hours (12 ± 1.5 h), longest at the June solstice, for solar output. */
  public static double dayLengthHours(ZonedDateTime local) {
    double phase = 2 * Math.PI * (local.getDayOfYear() - 172) / 365.25;
    return 12 + 1.5 * Math.cos(phase);
  }
}
