package org.meterflow.model.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RollingOriginBacktestTest {

  private static final Duration HALF_HOUR = Duration.ofMinutes(30);

  @Test
  void aModelCannotReadTheFuture() {
    LoadSeries s = LoadSeries.of(Instant.parse("2024-01-01T00:00:00Z"), HALF_HOUR,
        DoubleSeasonalHoltWintersTest.doubleSeasonal(21, 0, 1));
    SlotCalendar cal = SlotCalendar.of(s, 0, ZoneOffset.UTC, HolidayCalendar.none());
    ForecastModel cheat = new ForecastModel() {
      @Override
      public String name() {
        return "cheat";
      }

      @Override
      public Forecaster newForecaster() {
        return (history, steps) -> new double[] {history.observed(history.origin())};
      }
    };
    assertThatThrownBy(() -> RollingOriginBacktest.run(s, cal, List.of(cheat), 14, 1))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void originsAreLocalMidnightsAndEveryDayIsForecastWhole() {
    // 40 days of London half-hours over the spring clock change
    ZoneId london = ZoneId.of("Europe/London");
    Instant start = Instant.parse("2013-03-01T00:00:00Z");
    SlotCalendar probe = SlotCalendar.of(start, HALF_HOUR, 40 * 48, london, HolidayCalendar.none());
    int n = probe.dayStartAtOrAfter(39 * 48); // the local midnight ending 9 April (23:00 UTC)
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = 100 + probe.slot(i);
    }
    LoadSeries s = LoadSeries.of(start, HALF_HOUR, v);
    SlotCalendar cal = SlotCalendar.of(s, 0, london, HolidayCalendar.none());
    List<int[]> calls = new ArrayList<>();
    ForecastModel recorder = new ForecastModel() {
      @Override
      public String name() {
        return "recorder";
      }

      @Override
      public Forecaster newForecaster() {
        return (history, steps) -> {
          calls.add(new int[] {history.origin(), steps});
          return new double[steps];
        };
      }
    };
    RollingOriginBacktest.Result r = RollingOriginBacktest.run(s, cal, List.of(recorder), 14, 1);
    assertThat(r.days()).isEqualTo(calls.size());
    assertThat(r.days()).isEqualTo(40 - 14); // 1 March … 9 April local, the first 14 days train only
    for (int[] c : calls) {
      assertThat(cal.startsDay(c[0])).isTrue();
      assertThat(c[1]).isEqualTo(cal.nextDayStart(c[0]) - c[0]);
    }
    assertThat(calls.stream().anyMatch(c -> c[1] == 46)).as("the 23-hour day is forecast with 46 half-hours").isTrue();
  }

  @Test
  void daysWithoutActualsAreNotCountedAndAllModelsShareThePoints() {
    double[] v = DoubleSeasonalHoltWintersTest.doubleSeasonal(42, 0.02, 3);
    for (int i = 35 * 48; i < 36 * 48; i++) {
      v[i] = Double.NaN;
    }
    LoadSeries s = LoadSeries.of(Instant.parse("2024-01-01T00:00:00Z"), HALF_HOUR, v);
    SlotCalendar cal = SlotCalendar.of(s, 0, ZoneOffset.UTC, HolidayCalendar.none());
    RollingOriginBacktest.Result r = RollingOriginBacktest.run(s, cal,
        List.of(new DoubleSeasonalHoltWinters(), SeasonalNaiveModel.weekly(), SeasonalNaiveModel.daily()), 28, 1);
    assertThat(r.days()).isEqualTo(13);
    for (RollingOriginBacktest.ModelScore score : r.scores()) {
      assertThat(score.accuracy().points()).isEqualTo(13 * 48);
    }
  }

  @Test
  void baselinesAreTheLaggedValues() {
    double[] v = new double[48 * 9];
    for (int i = 0; i < v.length; i++) {
      v[i] = i;
    }
    LoadSeries s = LoadSeries.of(Instant.parse("2024-01-01T00:00:00Z"), HALF_HOUR, v);
    SlotCalendar cal = SlotCalendar.of(s, 0, ZoneOffset.UTC, HolidayCalendar.none());
    History h = History.of(s, cal).at(8 * 48);
    double[] week = SeasonalNaiveModel.weekly().newForecaster().forecast(h, 48);
    double[] day = SeasonalNaiveModel.daily().newForecaster().forecast(h, 48);
    assertThat(week[0]).isEqualTo(48);
    assertThat(day[0]).isEqualTo(7 * 48);
    assertThat(day[47]).isEqualTo(7 * 48 + 47);
  }
}
