package org.meterflow.model.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    assertEquals(24 + 5, f[24 * 8 + 5]);
    assertEquals(3, f[24 + 3]);
    assertEquals(1, f[2]);
    assertEquals(1, f[0]);
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
      assertTrue(b.lower95()[k] <= b.lower80()[k] && b.lower80()[k] <= b.point()[k]);
      assertTrue(b.point()[k] <= b.upper80()[k] && b.upper80()[k] <= b.upper95()[k]);
      assertTrue(b.upper95()[k] <= 110 && b.lower95()[k] >= 90);
      assertTrue(b.upper80()[k] - b.lower80()[k] > 10);
    }
    assertEquals(MONDAY.plus(Duration.ofDays(30)), b.start());
  }

  @Test
  void quantileInterpolatesLinearly() {
    double[] sorted = {0, 10, 20, 30, 40};
    assertEquals(0, ResidualIntervals.quantile(sorted, 0));
    assertEquals(5, ResidualIntervals.quantile(sorted, 0.125), 1e-12);
    assertEquals(40, ResidualIntervals.quantile(sorted, 1));
  }

  @Test
  void dayAheadForecasterGivesTheNextLocalDayWithIntervals() {
    ZoneId london = ZoneId.of("Europe/London");
    Instant start = Instant.parse("2013-01-07T00:00:00Z");
    int n = 47 * 48; // ends at 2013-02-23 00:00 GMT, a local midnight
    double[] v = DoubleSeasonalHoltWintersTest.doubleSeasonal(47, 0.03, 11);
    LoadSeries history = LoadSeries.of(start, Duration.ofMinutes(30), v);
    DayAheadForecast f = DayAheadForecaster.standard(london, HolidayCalendar.none()).forecast(history);
    assertEquals(48, f.size());
    assertEquals(history.end(), f.start());
    for (int k = 0; k < 48; k++) {
      assertTrue(f.lower95()[k] < f.point()[k] && f.point()[k] < f.upper95()[k], "slot " + k);
    }
    assertTrue(f.peak() > 1000);
    // a history ending mid-day also covers the rest of today
    DayAheadForecast partial = DayAheadForecaster.standard(london, HolidayCalendar.none())
        .forecast(history.slice(0, n - 10));
    assertEquals(58, partial.size());
  }

  @Test
  void loadSeriesGridArithmetic() {
    LoadSeries s = LoadSeries.of(MONDAY, Duration.ofMinutes(30), new double[] {Double.NaN, 1, 2, Double.NaN});
    assertEquals(2, s.indexOf(MONDAY.plusSeconds(3600)));
    assertEquals(-1, s.indexOf(MONDAY.plusSeconds(60)));
    assertEquals(-1, s.indexOf(MONDAY.minusSeconds(1800)));
    assertArrayEquals(new double[] {1, 2}, s.trim().values());
    assertEquals(MONDAY.plusSeconds(1800), s.trim().start());
    assertEquals(2, s.missingCount());
    assertEquals(48, s.stepsPerDay());
  }
}
