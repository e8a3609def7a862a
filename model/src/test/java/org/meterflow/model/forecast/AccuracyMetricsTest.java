package org.meterflow.model.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AccuracyMetricsTest {

  private static final double NAN = Double.NaN;

  @Test
  void mapeOnHandComputedValues() {
    // |100-90|/100 = 10 %, |200-220|/200 = 10 %, |50-40|/50 = 20 % → mean 13.333 %
    double mape = AccuracyMetrics.mape(new double[] {100, 200, 50}, new double[] {90, 220, 40});
    assertThat(mape).isCloseTo(40.0 / 3, within(1e-12));
  }

  @Test
  void smapeOnHandComputedValues() {
    // 200·10/190 = 10.526…, 200·20/420 = 9.5238…, 200·10/90 = 22.222…
    double expected = (2000.0 / 190 + 4000.0 / 420 + 2000.0 / 90) / 3;
    double smape = AccuracyMetrics.smape(new double[] {100, 200, 50}, new double[] {90, 220, 40});
    assertThat(smape).isCloseTo(expected, within(1e-12));
  }

  @Test
  void maseDividesMaeByTheScale() {
    // MAE = (10 + 20 + 10) / 3 = 13.333; scale 20 → 0.6667
    double mase = AccuracyMetrics.mase(new double[] {100, 200, 50}, new double[] {90, 220, 40}, 20);
    assertThat(mase).isCloseTo(40.0 / 3 / 20, within(1e-12));
  }

  @Test
  void missingActualsAreSkippedEverywhere() {
    double[] actual = {100, NAN, 50};
    double[] forecast = {90, 1e9, 40};
    assertThat(AccuracyMetrics.mape(actual, forecast)).isCloseTo(15.0, within(1e-12));
    assertThat(AccuracyMetrics.mase(actual, forecast, 1.0)).isCloseTo(10.0, within(1e-12));
  }

  @Test
  void zeroActualsAreSkippedForMapeOnly() {
    double[] actual = {0, 100};
    double[] forecast = {5, 110};
    assertThat(AccuracyMetrics.mape(actual, forecast)).isCloseTo(10.0, within(1e-12));
    // sMAPE: 200·5/5 = 200, 200·10/210 = 9.5238 → mean
    assertThat(AccuracyMetrics.smape(actual, forecast)).isCloseTo((200 + 2000.0 / 210) / 2, within(1e-12));
    // a = f = 0 is a perfect point for sMAPE
    assertThat(AccuracyMetrics.smape(new double[] {0}, new double[] {0})).isCloseTo(0.0, within(0.0));
    assertThat(AccuracyMetrics.mape(new double[] {0}, new double[] {0})).isNaN();
  }

  @Test
  void maseAveragesPerDayRatios() {
    AccuracyMetrics m = new AccuracyMetrics();
    m.addDay(new double[] {10, 10}, new double[] {12, 8}, 4); // MAE 2 / 4 = 0.5
    m.addDay(new double[] {10, 10}, new double[] {13, 7}, 2); // MAE 3 / 2 = 1.5
    m.addDay(new double[] {NAN, NAN}, new double[] {0, 0}, 1); // no actual: not a day
    m.addDay(new double[] {10}, new double[] {11}, NAN); // no scale: MAPE yes, MASE no
    assertThat(m.mase()).isCloseTo(1.0, within(1e-12));
    assertThat(m.days()).isEqualTo(3);
    assertThat(m.points()).isEqualTo(5);
    assertThat(m.mape()).isCloseTo((20 + 20 + 30 + 30 + 10) / 5.0, within(1e-12));
  }

  @Test
  void nanForecastForAKnownActualIsAnError() {
    assertThatThrownBy(() -> AccuracyMetrics.mape(new double[] {1}, new double[] {NAN}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void seasonalNaiveScaleIsTheInSampleWeeklyNaiveMae() {
    // hourly series, 2 weeks + 1 h: week 2 = week 1 + 3, except one missing hour
    int n = 24 * 14;
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = (i % 24) + (i >= 168 ? 3 : 0);
    }
    v[200] = NAN;
    LoadSeries s = LoadSeries.of(Instant.parse("2024-01-01T00:00:00Z"), Duration.ofHours(1), v);
    SlotCalendar cal = SlotCalendar.of(s, 0, ZoneOffset.UTC, HolidayCalendar.none());
    assertThat(AccuracyMetrics.seasonalNaiveScale(History.of(s, cal))).isCloseTo(3.0, within(1e-12));
  }
}
