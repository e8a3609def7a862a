package org.meterflow.model.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What the forecast service relies on: a day-ahead forecast over a daylight-saving day has 46 or
 * 50 half-hours, keeps the profile on the wall clock (the evening peak stays at 18:00 local), and
 * survives missing intervals and a holiday in the history.
 */
class DayAheadDaylightSavingTest {

  private static final ZoneId LONDON = ZoneId.of("Europe/London");
  private static final Duration HALF_HOUR = Duration.ofMinutes(30);

  /** Load by local wall-clock time: a peak at 18:00, low at night, lower at weekends. */
  private static double profile(ZonedDateTime local) {
    double hour = local.getHour() + local.getMinute() / 60.0;
    double peak = Math.exp(-Math.pow((hour - 18) / 2.0, 2));
    double weekend = local.getDayOfWeek().getValue() >= 6 ? 0.8 : 1.0;
    return 100 * weekend * (1 + 0.8 * peak + 0.2 * Math.sin(Math.PI * hour / 24));
  }

  private static LoadSeries history(LocalDate lastDay, int days, long seed) {
    Instant start = lastDay.minusDays(days - 1).atStartOfDay(LONDON).toInstant();
    Instant end = lastDay.plusDays(1).atStartOfDay(LONDON).toInstant();
    int n = (int) Duration.between(start, end).dividedBy(HALF_HOUR);
    double[] v = new double[n];
    Random random = new Random(seed);
    for (int i = 0; i < n; i++) {
      ZonedDateTime local = start.plus(HALF_HOUR.multipliedBy(i)).atZone(LONDON);
      v[i] = profile(local) * (1 + 0.01 * random.nextGaussian());
    }
    for (int i = n - 5 * 48; i < n - 5 * 48 + 12; i++) {
      v[i] = Double.NaN; // six hours missing five days before the end
    }
    return LoadSeries.of(start, HALF_HOUR, v);
  }

  private static void assertOnTheWallClock(DayAheadForecast f) {
    double best = Double.NEGATIVE_INFINITY;
    ZonedDateTime peakAt = null;
    for (int k = 0; k < f.size(); k++) {
      double p = f.point()[k];
      assertThat(p).as("interval %d", k).isFinite();
      assertThat(f.lower95()[k]).isLessThanOrEqualTo(f.upper95()[k]);
      ZonedDateTime local = f.instant(k).atZone(LONDON);
      assertThat(p).as("interval %d at %s", k, local).isCloseTo(profile(local), within(0.06 * profile(local)));
      if (p > best) {
        best = p;
        peakAt = local;
      }
    }
    assertThat(peakAt.getHour()).as("peak stays at 18:00 local").isBetween(17, 18);
  }

  @Test
  void springForwardDayHas46HalfHoursAndKeepsThePeakAtSixPm() {
    LoadSeries h = history(LocalDate.of(2026, 3, 28), 49, 3);
    HolidayCalendar holidays = HolidayCalendar.of(List.of(LocalDate.of(2026, 3, 17)));
    DayAheadForecast f = DayAheadForecaster.standard(LONDON, holidays).forecast(h);
    assertThat(f.size()).isEqualTo(46);
    assertThat(f.start()).isEqualTo(Instant.parse("2026-03-29T00:00:00Z"));
    assertOnTheWallClock(f);
  }

  @Test
  void fallBackDayHas50HalfHoursAndKeepsThePeakAtSixPm() {
    LoadSeries h = history(LocalDate.of(2026, 10, 24), 49, 5);
    DayAheadForecast f = DayAheadForecaster.standard(LONDON, HolidayCalendar.none()).forecast(h);
    assertThat(f.size()).isEqualTo(50);
    assertThat(f.start()).isEqualTo(Instant.parse("2026-10-24T23:00:00Z"));
    assertOnTheWallClock(f);
  }
}
