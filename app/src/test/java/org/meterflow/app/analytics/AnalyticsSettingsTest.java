package org.meterflow.app.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.meterflow.app.MeterflowConfig;
import org.meterflow.model.forecast.LoadSeries;
import org.meterflow.model.port.LoadPoint;
import org.meterflow.model.utilisation.UtilisationThresholds;

class AnalyticsSettingsTest {

  @Test
  void shippedDefaultsAndHolidayOverride() {
    AnalyticsSettings s = AnalyticsSettings.fromConfig(MeterflowConfig.load(Map.of()).getConfig("meterflow"));
    assertThat(s.thresholds()).isEqualTo(UtilisationThresholds.defaults());
    assertThat(s.capacityShare()).isEqualTo(0.9);
    assertThat(s.capacityBound()).isEqualTo(org.meterflow.model.capacity.CapacityOutlook.Bound.POINT);
    assertThat(s.runAt()).isEqualTo(LocalTime.of(0, 30));
    assertThat(s.forecastStep()).isEqualTo(Duration.ofMinutes(15));
    assertThat(s.holidays().dates()).isEmpty();

    AnalyticsSettings india = AnalyticsSettings.fromConfig(MeterflowConfig.load(
        Map.of("meterflow.forecast.holidays", "2026-01-26, 2026-08-15")).getConfig("meterflow"));
    assertThat(india.holidays().isHoliday(LocalDate.of(2026, 8, 15))).isTrue();
    assertThat(india.holidays().dates()).hasSize(2);
    assertThatThrownBy(() -> AnalyticsSettings.fromConfig(MeterflowConfig.load(
        Map.of("meterflow.forecast.holidays", "26/01/2026")).getConfig("meterflow")))
        .hasMessageContaining("26/01/2026");
    assertThatThrownBy(() -> AnalyticsSettings.fromConfig(MeterflowConfig.load(
        Map.of("meterflow.forecast.step", "7m")).getConfig("meterflow")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void loadPointsBecomeARegularSeriesWithMissingIntervalsNotZeros() {
    Instant start = Instant.parse("2026-11-26T00:00:00Z");
    Duration step = Duration.ofMinutes(15);
    List<LoadPoint> points = List.of(
        new LoadPoint(start, 10, 11, 3),
        new LoadPoint(start.plus(step.multipliedBy(2)), 12, 13, 3),
        new LoadPoint(start.plus(step.multipliedBy(3)), 0, 0, 0),        // nobody reported
        new LoadPoint(start.plusSeconds(60), 99, 99, 1),                  // off the grid
        new LoadPoint(start.plus(step.multipliedBy(9)), 99, 99, 1));      // after the window
    LoadSeries kva = AreaLoads.series(points, start, step, 5, LoadPoint::kva);
    assertThat(kva.value(0)).isEqualTo(11);
    assertThat(kva.isMissing(1)).isTrue();
    assertThat(kva.value(2)).isEqualTo(13);
    assertThat(kva.isMissing(3)).isTrue();
    assertThat(kva.isMissing(4)).isTrue();
    assertThat(AreaLoads.floor(Instant.parse("2026-11-26T10:14:59Z"), step)).isEqualTo(Instant.parse("2026-11-26T10:00:00Z"));
  }
}
