package org.meterflow.model.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DoubleSeasonalHoltWintersTest {

  private static final Instant MONDAY = Instant.parse("2024-01-01T00:00:00Z");
  private static final Duration HALF_HOUR = Duration.ofMinutes(30);

  /** Daily shape (two peaks) × weekly shape (quieter weekend), plus optional noise. */
  static double[] doubleSeasonal(int days, double noise, long seed) {
    Random random = new Random(seed);
    double[] v = new double[days * 48];
    for (int i = 0; i < v.length; i++) {
      int slot = i % 48;
      int weekday = (i / 48) % 7;
      double daily = 1 + 0.3 * Math.sin(2 * Math.PI * (slot - 14) / 48) + 0.15 * Math.cos(4 * Math.PI * slot / 48);
      double weekly = weekday >= 5 ? 0.8 : 1.0 + 0.02 * weekday;
      v[i] = 1000 * daily * weekly * (1 + noise * random.nextGaussian());
    }
    return v;
  }

  private static double[] forecastAt(ForecastModel model, LoadSeries s, SlotCalendar cal, int origin, int steps) {
    return model.newForecaster().forecast(History.of(s, cal).at(origin), steps);
  }

  @Test
  void recoversANoiselessDoubleSeasonalSeries() {
    double[] v = doubleSeasonal(70, 0, 1);
    LoadSeries s = LoadSeries.of(MONDAY, HALF_HOUR, v);
    SlotCalendar cal = SlotCalendar.of(s, 0, ZoneOffset.UTC, HolidayCalendar.none());
    int origin = 63 * 48;
    double[] f = forecastAt(new DoubleSeasonalHoltWinters(), s, cal, origin, 7 * 48);
    for (int k = 0; k < f.length; k++) {
      assertThat(f[k]).as("interval " + k).isCloseTo(v[origin + k], within(1e-6 * v[origin + k]));
    }
  }

  @Test
  void fixedParametersAlsoRecoverItAndTheStateIsAdditiveWithoutLog() {
    double[] v = doubleSeasonal(35, 0, 1);
    LoadSeries s = LoadSeries.of(MONDAY, HALF_HOUR, v);
    SlotCalendar cal = SlotCalendar.of(s, 0, ZoneOffset.UTC, HolidayCalendar.none());
    DoubleSeasonalHoltWinters additive = new DoubleSeasonalHoltWinters(new DoubleSeasonalHoltWinters.Config(
        28, 14, 7, 0, new DoubleSeasonalHoltWinters.Parameters(0.1, 0.2, 0.2, 0.5)));
    double[] f = forecastAt(additive, s, cal, 28 * 48, 48);
    for (int k = 0; k < 48; k++) {
      assertThat(f[k]).isCloseTo(v[28 * 48 + k], within(1e-6));
    }
  }

  @Test
  void beatsSeasonalNaiveOnANoisySeries() {
    double[] v = doubleSeasonal(84, 0.05, 7);
    LoadSeries s = LoadSeries.of(MONDAY, HALF_HOUR, v);
    SlotCalendar cal = SlotCalendar.of(s, 0, ZoneOffset.UTC, HolidayCalendar.none());
    RollingOriginBacktest.Result r = RollingOriginBacktest.run(s, cal,
        List.of(new DoubleSeasonalHoltWinters(), SeasonalNaiveModel.weekly()), 28, 1);
    double model = r.score("dshw").accuracy().mape();
    double naive = r.score("seasonalNaive").accuracy().mape();
    assertThat(r.days()).isEqualTo(56);
    // noise 5 %: seasonal-naive differences two noisy values (≈ 5.6 % MAPE), the smoothed model ≈ 4 %
    assertThat(model).as("model " + model + " vs seasonal-naive " + naive).isLessThan(0.8 * naive);
  }

  @Test
  void missingIntervalsNeitherCrashNorShiftTheForecast() {
    double[] clean = doubleSeasonal(70, 0, 1);
    double[] gappy = clean.clone();
    for (int i = 30 * 48; i < 32 * 48; i++) {
      gappy[i] = Double.NaN; // two whole days
    }
    for (int i = 50 * 48 + 7; i < 62 * 48; i += 13) {
      gappy[i] = Double.NaN; // scattered half-hours
    }
    LoadSeries s = LoadSeries.of(MONDAY, HALF_HOUR, gappy);
    SlotCalendar cal = SlotCalendar.of(s, 0, ZoneOffset.UTC, HolidayCalendar.none());
    int origin = 63 * 48;
    double[] f = forecastAt(new DoubleSeasonalHoltWinters(), s, cal, origin, 48);
    for (int k = 0; k < 48; k++) {
      assertThat(f[k]).isNotNaN();
      assertThat(f[k]).isCloseTo(clean[origin + k], within(1e-6 * clean[origin + k]));
    }
  }

  @Test
  void aHolidayIsForecastWithTheSundayProfile() {
    double[] v = doubleSeasonal(70, 0, 1);
    LoadSeries s = LoadSeries.of(MONDAY, HALF_HOUR, v);
    LocalDate holiday = LocalDate.of(2024, 3, 4); // a Monday, day 63
    SlotCalendar cal = SlotCalendar.of(s, 0, ZoneOffset.UTC, HolidayCalendar.of(Set.of(holiday)));
    int origin = 63 * 48;
    double[] f = forecastAt(new DoubleSeasonalHoltWinters(), s, cal, origin, 48);
    int sunday = 62 * 48;
    for (int k = 0; k < 48; k++) {
      assertThat(f[k]).isCloseTo(v[sunday + k], within(1e-6 * v[sunday + k]));
    }
  }

  @Test
  void daylightSavingDaysKeepTheWallClockProfile() {
    // wall-clock load in London: the profile depends on local time, so on the UTC grid it shifts
    ZoneId london = ZoneId.of("Europe/London");
    Instant start = Instant.parse("2013-02-04T00:00:00Z"); // a Monday, GMT
    int n = 70 * 48;
    double[] v = new double[n];
    SlotCalendar cal = SlotCalendar.of(start, HALF_HOUR, n + 48, london, HolidayCalendar.none());
    for (int i = 0; i < n; i++) {
      v[i] = profile(cal, i);
    }
    LoadSeries s = LoadSeries.of(start, HALF_HOUR, v);
    // clocks went forward on Sunday 31 March; forecast Monday 1 April (local midnight = 23:00 UTC)
    int origin = cal.dayStartAtOrAfter(56 * 48 - 2);
    assertThat(origin).isEqualTo(56 * 48 - 2);
    double[] f = new DoubleSeasonalHoltWinters().newForecaster().forecast(History.of(s, cal).at(origin), 48);
    for (int k = 0; k < 48; k++) {
      assertThat(f[k]).isCloseTo(profile(cal, origin + k), within(1e-6 * f[k]));
    }
  }

  private static double profile(SlotCalendar cal, int i) {
    return 500 + 200 * Math.sin(2 * Math.PI * cal.slot(i) / 48) + (cal.weekday(i) >= 5 ? -100 : 0);
  }
}
