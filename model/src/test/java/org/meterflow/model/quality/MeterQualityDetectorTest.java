package org.meterflow.model.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.meterflow.model.reading.Reading;

class MeterQualityDetectorTest {

  static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  static final MeterProfile METER = new MeterProfile("M1", 230, 50, false);

  private final MeterQualityDetector detector = MeterQualityDetector.withDefaults();
  private MeterQualityState state = MeterQualityState.initial(METER);
  private final List<QualityEvent> raised = new ArrayList<>();
  private final List<QualityEvent> cleared = new ArrayList<>();
  private long seq;

  private DetectorStep feed(long atSeconds, double volts, double hz) {
    Reading r = new Reading("M1", ++seq, T0.plusSeconds(atSeconds), seq * 0.01, 0, volts, 4, hz, null);
    DetectorStep step = detector.step(state, r);
    state = step.state();
    raised.addAll(step.raised());
    cleared.addAll(step.cleared());
    return step;
  }

  private List<EventType> raisedTypes() {
    return raised.stream().map(QualityEvent::type).toList();
  }

  @Test
  void normalBoundaryReadingsRaiseNothing() {
    feed(0, 207.0, 49.5);
    feed(60, 253.0, 50.5);
    feed(120, 230.0, 50.0);
    assertThat(raised).isEmpty();
    assertThat(state.open()).isEmpty();
  }

  @Test
  void oneLongSagIsOneEventWithEvidence() {
    feed(0, 230, 50);
    for (int i = 1; i <= 10; i++) {
      feed(i, 150 + i, 50);
    }
    feed(11, 230, 50);
    assertThat(raisedTypes()).containsExactly(EventType.SAG);
    assertThat(cleared).hasSize(1);
    QualityEvent sag = cleared.get(0);
    assertThat(sag.raisedAt()).isEqualTo(T0.plusSeconds(1));
    assertThat(sag.clearedAt()).isEqualTo(T0.plusSeconds(11));
    assertThat(sag.state()).isEqualTo("cleared");
    assertThat(sag.meter()).isEqualTo("M1");
    assertThat(sag.evidence().samples()).isEqualTo(10);
    assertThat(sag.evidence().min()).isEqualTo(PerUnit.pu(151, 230));
    assertThat(sag.evidence().max()).isEqualTo(PerUnit.pu(160, 230));
    assertThat(sag.evidence().duration()).isEqualTo(Duration.ofSeconds(10));
    assertThat(sag.id()).isEqualTo("M1:sag:" + T0.plusSeconds(1).toEpochMilli());
  }

  @Test
  void undervoltageNeedsMoreThanOneMinuteExactlySixtySecondsIsNotEnough() {
    feed(0, 200, 50);
    feed(60, 200, 50);
    assertThat(raisedTypes()).containsExactly(EventType.SAG);
    feed(61, 200, 50);
    assertThat(raisedTypes()).containsExactly(EventType.SAG, EventType.UNDERVOLTAGE);
    QualityEvent uv = state.openEvent(EventType.UNDERVOLTAGE, null);
    assertThat(uv.raisedAt()).isEqualTo(T0);
    assertThat(uv.evidence().samples()).isEqualTo(3);
    feed(120, 207, 50);
    assertThat(cleared).extracting(QualityEvent::type).containsExactlyInAnyOrder(EventType.SAG, EventType.UNDERVOLTAGE);
    assertThat(state.open()).isEmpty();
  }

  @Test
  void deepSagClearsUndervoltageButKeepsTheSag() {
    feed(0, 200, 50);
    feed(60, 200, 50);
    feed(120, 200, 50);
    feed(180, 150, 50);
    assertThat(cleared).extracting(QualityEvent::type).containsExactly(EventType.UNDERVOLTAGE);
    assertThat(state.openEvent(EventType.SAG, null)).isNotNull();
    assertThat(state.openEvent(EventType.SAG, null).evidence().samples()).isEqualTo(4);
  }

  @Test
  void swellAndSustainedOvervoltageMirrorTheSagRules() {
    feed(0, 253.01, 50);
    feed(60, 276.0, 50);
    feed(120, 260.0, 50);
    assertThat(raisedTypes()).containsExactly(EventType.SWELL, EventType.OVERVOLTAGE);
    feed(180, 300.0, 50);
    assertThat(cleared).extracting(QualityEvent::type).containsExactly(EventType.OVERVOLTAGE);
    feed(240, 253.0, 50);
    assertThat(cleared).extracting(QualityEvent::type).containsExactly(EventType.OVERVOLTAGE, EventType.SWELL);
    assertThat(cleared.get(1).evidence().max()).isEqualTo(PerUnit.pu(300, 230));
  }

  @Test
  void interruptionIsItsOwnEventAndLeavesFrequencyAlone() {
    feed(0, 230, 49.0);
    feed(10, 0, 0);
    assertThat(raisedTypes()).containsExactly(EventType.FREQUENCY, EventType.INTERRUPTION);
    assertThat(state.openEvent(EventType.FREQUENCY, null).evidence().samples()).isEqualTo(1);
    feed(20, 230, 50.0);
    assertThat(cleared).extracting(QualityEvent::type)
        .containsExactlyInAnyOrder(EventType.INTERRUPTION, EventType.FREQUENCY);
  }

  @Test
  void frequencyDriftIsOneEventAndTheBandEdgeClearsIt() {
    feed(0, 230, 50.51);
    feed(1, 230, 50.8);
    feed(2, 230, 50.6);
    feed(3, 230, 50.5);
    assertThat(raisedTypes()).containsExactly(EventType.FREQUENCY);
    assertThat(cleared).hasSize(1);
    assertThat(cleared.get(0).evidence().max()).isEqualTo(50.8);
    assertThat(cleared.get(0).evidence().unit()).isEqualTo("Hz");
  }

  @Test
  void readingsNotNewerThanTheLastAreIgnored() {
    feed(10, 230, 50);
    MeterQualityState before = state;
    assertThat(feed(10, 100, 50).isQuiet()).isTrue();
    assertThat(feed(5, 100, 50).isQuiet()).isTrue();
    assertThat(state).isEqualTo(before);
  }

  @Test
  void silentMeterIsSuspectedOutAfterMoreThanNIntervalsAndClearedByTheNextReading() {
    assertThat(detector.tick(state, T0).isQuiet()).as("never heard from").isTrue();
    feed(0, 230, 50);
    Duration limit = OutageSettings.defaults().silenceLimit();
    assertThat(detector.tick(state, T0.plus(limit)).isQuiet()).isTrue();
    DetectorStep out = detector.tick(state, T0.plus(limit).plusSeconds(1));
    assertThat(out.raised()).extracting(QualityEvent::type).containsExactly(EventType.OUTAGE);
    state = out.state();
    DetectorStep again = detector.tick(state, T0.plus(limit).plusSeconds(600));
    assertThat(again.raised()).isEmpty();
    state = again.state();
    DetectorStep back = feed(7200, 230, 50);
    assertThat(back.cleared()).extracting(QualityEvent::type).containsExactly(EventType.OUTAGE);
    assertThat(back.cleared().get(0).clearedAt()).isEqualTo(T0.plusSeconds(7200));
  }

  @Test
  void eventTypeCodesAreThoseOfTheSpec() {
    assertThat(List.of(EventType.values())).extracting(EventType::code).containsExactly(
        "sag", "swell", "interruption", "undervoltage", "overvoltage", "frequency", "outage",
        "area-outage", "tamper", "capacity");
    assertThat(EventType.ofCode("area-outage")).isEqualTo(EventType.AREA_OUTAGE);
  }
}
