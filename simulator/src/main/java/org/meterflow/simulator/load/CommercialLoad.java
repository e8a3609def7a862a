package org.meterflow.simulator.load;

import java.time.DayOfWeek;
import java.time.ZonedDateTime;

/**
 * A shop or small office: open 09:00–21:00 on weekdays (lights, cooling, equipment at 3–12 kW),
 * shorter on Saturday, closed on Sunday (refrigeration and standby only), with a stronger
 * seasonal swing than a household because cooling dominates.
 */
public final class CommercialLoad implements LoadShape {

  private final double peakKw;
  private final Season season;

  public CommercialLoad(double peakKw, Season season) {
    this.peakKw = peakKw;
    this.season = new Season(season.peakDayOfYear(), Math.min(0.6, season.amplitude() * 1.5));
  }

  public double peakKw() {
    return peakKw;
  }

  @Override
  public double meanKw(ZonedDateTime local) {
    double hour = LoadShape.hourOf(local);
    DayOfWeek day = local.getDayOfWeek();
    double open;
    double close;
    if (day == DayOfWeek.SUNDAY) {
      open = 0;
      close = 0;
    } else if (day == DayOfWeek.SATURDAY) {
      open = 10;
      close = 16;
    } else {
      open = 9;
      close = 21;
    }
    double standby = 0.12;
    double business = close > open ? ramp(hour, open, close) : 0;
    double afternoon = 0.15 * LoadShape.bell(hour, 15, 2.5) * business;
    return peakKw * season.factor(local) * (standby + 0.75 * business + afternoon) / 1.1;
  }

  /** 0 outside [open, close], 1 inside, with half-hour ramps. */
  private static double ramp(double hour, double open, double close) {
    double up = Math.min(1, Math.max(0, (hour - open) / 0.5 + 0.5));
    double down = Math.min(1, Math.max(0, (close - hour) / 0.5 + 0.5));
    return Math.min(up, down);
  }
}
