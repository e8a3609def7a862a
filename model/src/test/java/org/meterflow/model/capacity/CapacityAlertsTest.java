package org.meterflow.model.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.meterflow.model.forecast.DayAheadForecast;
import org.meterflow.model.network.AssetKind;
import org.meterflow.model.network.RatedAsset;
import org.meterflow.model.quality.EventType;
import org.meterflow.model.quality.QualityEvent;

class CapacityAlertsTest {

  private static final RatedAsset DT = new RatedAsset(AssetKind.DT, "DT7", "north", "F1", 100);
  private static final Instant START = Instant.parse("2026-11-26T18:30:00Z");

  private static DayAheadForecast forecast(double... kva) {
    double[] lo = Arrays.stream(kva).map(v -> v * 0.9).toArray();
    double[] hi = Arrays.stream(kva).map(v -> v * 1.1).toArray();
    return new DayAheadForecast(START, Duration.ofMinutes(15), kva, lo, hi, lo, hi);
  }

  @Test
  void outlookFindsThePeakAndTheTimeAboveTheThreshold() {
    CapacityOutlook o = CapacityOutlook.of(DT, forecast(50, 91, 95, 90, 60), 0.9);
    assertThat(o.peakKva()).isEqualTo(95);
    assertThat(o.peakAt()).isEqualTo(START.plus(Duration.ofMinutes(30)));
    assertThat(o.intervalsAbove()).as("90 exactly is not above 90 %").isEqualTo(2);
    assertThat(o.timeAbove()).isEqualTo(Duration.ofMinutes(30));
    assertThat(o.exceeds()).isTrue();
    assertThat(CapacityOutlook.of(DT, forecast(50, 90), 0.9).exceeds()).isFalse();
    // The upper 80 % bound (here point × 1.1) is the cautious choice.
    CapacityOutlook cautious = CapacityOutlook.of(DT, forecast(50, 85), 0.9, CapacityOutlook.Bound.UPPER80);
    assertThat(cautious.exceeds()).isTrue();
    assertThat(cautious.peakKva()).isCloseTo(93.5, org.assertj.core.api.Assertions.within(1e-9));
  }

  @Test
  void raisedOnceKeptWhileAboveClearedByALaterForecastBelow() {
    Instant day1 = Instant.parse("2026-11-26T00:30:00Z");
    List<QualityEvent> raised = CapacityAlerts.next(null, CapacityOutlook.of(DT, forecast(80, 96), 0.9), day1);
    assertThat(raised).hasSize(1);
    QualityEvent open = raised.get(0);
    assertThat(open.type()).isEqualTo(EventType.CAPACITY);
    assertThat(open.isOpen()).isTrue();
    assertThat(open.area()).isEqualTo("DT7");
    assertThat(open.meter()).isNull();
    assertThat(open.evidence().max()).isEqualTo(0.96);
    assertThat(open.evidence().min()).isEqualTo(0.9);
    assertThat(open.evidence().note()).contains("96.0 kVA").contains("DT7");

    Instant day2 = day1.plus(Duration.ofDays(1));
    List<QualityEvent> kept = CapacityAlerts.next(open, CapacityOutlook.of(DT, forecast(99, 97), 0.9), day2);
    assertThat(kept).singleElement().satisfies(e -> {
      assertThat(e.id()).as("same event, no second alarm").isEqualTo(open.id());
      assertThat(e.isOpen()).isTrue();
      assertThat(e.evidence().max()).isEqualTo(0.99);
    });

    Instant day3 = day2.plus(Duration.ofDays(1));
    List<QualityEvent> cleared = CapacityAlerts.next(kept.get(0), CapacityOutlook.of(DT, forecast(70, 85), 0.9), day3);
    assertThat(cleared).singleElement().satisfies(e -> {
      assertThat(e.id()).isEqualTo(open.id());
      assertThat(e.clearedAt()).isEqualTo(day3);
      assertThat(e.evidence().duration()).isEqualTo(Duration.ofDays(2));
    });

    assertThat(CapacityAlerts.next(null, CapacityOutlook.of(DT, forecast(70, 85), 0.9), day3)).isEmpty();
  }

  @Test
  void anEmptyForecastNeitherRaisesNorClears() {
    QualityEvent open = CapacityAlerts.next(null, CapacityOutlook.of(DT, forecast(95), 0.9), START).get(0);
    CapacityOutlook empty = CapacityOutlook.of(DT, forecast(), 0.9);
    assertThat(empty.exceeds()).isFalse();
    assertThat(CapacityAlerts.next(null, empty, START)).isEmpty();
    assertThat(CapacityAlerts.next(open, empty, START)).isEmpty();
  }
}
