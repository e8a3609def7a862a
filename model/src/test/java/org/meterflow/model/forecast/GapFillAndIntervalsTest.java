package org.meterflow.model.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class GapFillAndIntervalsTest {

  private static final Instant MONDAY = Instant.parse("2024-01-01T00:00:00Z");

  @Test
  void gapsAreFilledFromTheSameSlotLastWeekElseYesterdayElseTheLastValue() {
    int n = 24 * 9;
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = i;
    }
    v[24 * 8 + 5] = Double.NaN; // a week back exists
    v[24 + 3] = Double.NaN; // only yesterday exists
    v[2] = Double.NaN; // neither: last value
    v[0] = Double.NaN; // before the first observation: the first observation
    SlotCalendar cal = SlotCalendar.of(MONDAY, Duration.ofHours(1), n, ZoneOffset.UTC, HolidayCalendar.none());
    double[] f = GapFill.causal(v, cal);
    assertThat(f[24 * 8 + 5]).isEqualTo(24 + 5);
    assertThat(f[24 + 3]).isEqualTo(3);
    assertThat(f[2]).isEqualTo(1);
    assertThat(f[0]).isEqualTo(1);
  }

  @Test
  void intervalsComeFromPastErrorsAndAreNested() {
    SlotCalendar cal = SlotCalendar.of(MONDAY, Duration.ofHours(1), 24 * 40, ZoneOffset.UTC, HolidayCalendar.none());
    ResidualIntervals ri = new ResidualIntervals(24, 56, 5);
    double[] forecast = new double[24];
    java.util.Arrays.fill(forecast, 100);
    for (int d = 0; d < 30; d++) {
      double[] actual = new double[24];
      for (int k = 0; k < 24; k++) {
        actual[k] = 100 + ((d * 7 + k * 3) % 21 - 10); // errors spread over −10 … +10
      }
      ri.record(cal, d * 24, forecast, actual);
    }
    DayAheadForecast b = ri.bounds(cal, 30 * 24, forecast);
    for (int k = 0; k < 24; k++) {
      assertThat(b.lower95()[k] <= b.lower80()[k] && b.lower80()[k] <= b.point()[k]).isTrue();
      assertThat(b.point()[k] <= b.upper80()[k] && b.upper80()[k] <= b.upper95()[k]).isTrue();
      assertThat(b.upper95()[k] <= 110 && b.lower95()[k] >= 90).isTrue();
      assertThat(b.upper80()[k] - b.lower80()[k]).isGreaterThan(10);
    }
    assertThat(b.start()).isEqualTo(MONDAY.plus(Duration.ofDays(30)));
  }

  @Test
  void quantileInterpolatesLinearly() {
    double[] sorted = {0, 10, 20, 30, 40};
    assertThat(ResidualIntervals.quantile(sorted, 0)).isEqualTo(0);
    assertThat(ResidualIntervals.quantile(sorted, 0.125)).isCloseTo(5, within(1e-12));
    assertThat(ResidualIntervals.quantile(sorted, 1)).isEqualTo(40);
  }

  @Test
  void dayAheadForecasterGivesTheNextLocalDayWithIntervals() {
    ZoneId london = ZoneId.of("Europe/London");
    Instant start = Instant.parse("2013-01-07T00:00:00Z");
    int n = 47 * 48; // ends at 2013-02-23 00:00 GMT, a local midnight
    double[] v = DoubleSeasonalHoltWintersTest.doubleSeasonal(47, 0.03, 11);
    LoadSeries history = LoadSeries.of(start, Duration.ofMinutes(30), v);
    DayAheadForecast f = DayAheadForecaster.standard(london, HolidayCalendar.none()).forecast(history);
    assertThat(f.size()).isEqualTo(48);
    assertThat(f.start()).isEqualTo(history.end());
    for (int k = 0; k < 48; k++) {
      assertThat(f.lower95()[k] < f.point()[k] && f.point()[k] < f.upper95()[k]).as("slot " + k).isTrue();
    }
    assertThat(f.peak()).isGreaterThan(1000);
    // a history ending mid-day also covers the rest of today
    DayAheadForecast partial = DayAheadForecaster.standard(london, HolidayCalendar.none())
        .forecast(history.slice(0, n - 10));
    assertThat(partial.size()).isEqualTo(58);
  }

  @Test
  void loadSeriesGridArithmetic() {
    LoadSeries s = LoadSeries.of(MONDAY, Duration.ofMinutes(30), new double[] {Double.NaN, 1, 2, Double.NaN});
    assertThat(s.indexOf(MONDAY.plusSeconds(3600))).isEqualTo(2);
    assertThat(s.indexOf(MONDAY.plusSeconds(60))).isEqualTo(-1);
    assertThat(s.indexOf(MONDAY.minusSeconds(1800))).isEqualTo(-1);
    assertThat(s.trim().values()).containsExactly(1, 2);
    assertThat(s.trim().start()).isEqualTo(MONDAY.plusSeconds(1800));
    assertThat(s.missingCount()).isEqualTo(2);
    assertThat(s.stepsPerDay()).isEqualTo(48);
  }
}
