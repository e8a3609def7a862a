package org.meterflow.model.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.meterflow.model.reading.Reading;

class TamperRulesTest {

  static final Instant T0 = Instant.parse("2026-11-26T00:00:00Z");

  private final MeterQualityDetector detector = MeterQualityDetector.withDefaults();
  private final TamperSettings settings = TamperSettings.defaults();
  private final List<QualityEvent> raised = new ArrayList<>();
  private final List<QualityEvent> cleared = new ArrayList<>();
  private MeterQualityState state = MeterQualityState.initial(new MeterProfile("M1", 230, 50, false));
  private long seq;

  private void feed(long atMinutes, double importKwh, double exportKwh, double amps) {
    Reading r = new Reading("M1", ++seq, T0.plus(Duration.ofMinutes(atMinutes)), importKwh, exportKwh, 230, amps, 50, null);
    DetectorStep step = detector.step(state, r);
    state = step.state();
    raised.addAll(step.raised());
    cleared.addAll(step.cleared());
  }

  @Test
  void registerRollbackIsOneEventClearedWhenTheRegisterIsBackAtItsHighWaterMark() {
    feed(0, 100, 0, 4);
    feed(15, 100, 0, 4);
    assertThat(raised).as("equal register is no rollback").isEmpty();
    feed(30, 99.999, 0, 4);
    feed(45, 99.5, 0, 4);
    assertThat(raised).hasSize(1);
    QualityEvent e = raised.get(0);
    assertThat(e.type()).isEqualTo(EventType.TAMPER);
    assertThat(e.cause()).isEqualTo("register-rollback");
    assertThat(e.evidence().max()).isEqualTo(100.0);
    assertThat(state.openEvent(EventType.TAMPER, TamperCause.REGISTER_ROLLBACK).evidence().min()).isEqualTo(99.5);
    feed(60, 100, 0, 4);
    assertThat(cleared).hasSize(1);
    assertThat(cleared.get(0).clearedAt()).isEqualTo(T0.plus(Duration.ofMinutes(60)));
  }

  @Test
  void reverseEnergyOnlyOnAMeterThatIsNotNetMetered() {
    feed(0, 10, 0, 4);
    feed(15, 10.1, 0, 4);
    feed(30, 10.2, 0.1, 4);
    feed(45, 10.3, 0.2, 4);
    assertThat(raised).extracting(QualityEvent::cause).containsExactly("reverse-energy");
    feed(60, 10.4, 0.2, 4);
    assertThat(cleared).extracting(QualityEvent::cause).containsExactly("reverse-energy");

    MeterQualityState net = MeterQualityState.initial(new MeterProfile("M2", 230, 50, true));
    net = detector.step(net, new Reading("M2", 1, T0, 10, 0, 230, 4, 50, null)).state();
    DetectorStep exporting = detector.step(net, new Reading("M2", 2, T0.plusSeconds(900), 10, 1, 230, 4, 50, null));
    assertThat(exporting.raised()).isEmpty();
  }

  @Test
  void currentWithoutEnergyAdvanceForMoreThanSixHours() {
    for (int m = 0; m <= 360; m += 15) {
      feed(m, 50, 0, 2.0);
    }
    assertThat(raised).as("exactly 6 h is not more than 6 h").isEmpty();
    feed(361, 50, 0, 2.0);
    assertThat(raised).extracting(QualityEvent::cause).containsExactly("current-without-energy");
    assertThat(raised.get(0).raisedAt()).isEqualTo(T0);
    assertThat(raised.get(0).evidence().samples()).isEqualTo(26);
    feed(375, 50.01, 0, 2.0);
    assertThat(cleared).extracting(QualityEvent::cause).containsExactly("current-without-energy");
  }

  @Test
  void noStuckRegisterWhenCurrentIsAtOrBelowTheThreshold() {
    for (int m = 0; m <= 600; m += 15) {
      feed(m, 50, 0, 0.5);
    }
    assertThat(raised).isEmpty();
  }

  @Test
  void stuckRunRestartsWhenTheCurrentDrops() {
    for (int m = 0; m <= 300; m += 15) {
      feed(m, 50, 0, 2.0);
    }
    feed(315, 50, 0, 0.1);
    for (int m = 330; m <= 660; m += 15) {
      feed(m, 50, 0, 2.0);
    }
    assertThat(raised).isEmpty();
    feed(691, 50, 0, 2.0);
    assertThat(raised).hasSize(1);
    assertThat(raised.get(0).raisedAt()).isEqualTo(T0.plus(Duration.ofMinutes(330)));
  }

  @Test
  void certificateFailuresRaiseOnceAtTheThresholdWithinTheWindowAndClearAfterAQuietWindow() {
    CertificateFailureWindow w = CertificateFailureWindow.empty("M1");
    CertificateFailureWindow.Outcome o = null;
    for (int i = 0; i < 4; i++) {
      o = w.onFailure(T0.plusSeconds(i * 60), "unknown CA", settings);
      w = o.window();
      assertThat(o.raised()).isNull();
    }
    o = w.onFailure(T0.plusSeconds(599), "unknown CA", settings);
    assertThat(o.raised()).isNotNull();
    assertThat(o.raised().cause()).isEqualTo("certificate-failures");
    assertThat(o.raised().evidence().samples()).isEqualTo(5);
    w = o.window();
    o = w.onFailure(T0.plusSeconds(650), "CN spoof", settings);
    assertThat(o.raised()).as("no storm").isNull();
    w = o.window();
    assertThat(w.tick(T0.plusSeconds(650 + 599), settings).cleared()).isNull();
    o = w.tick(T0.plusSeconds(650 + 600), settings);
    assertThat(o.cleared()).isNotNull();
    assertThat(o.cleared().clearedAt()).isEqualTo(T0.plusSeconds(1250));
    assertThat(o.window().failures()).isEmpty();
  }

  @Test
  void certificateFailuresOlderThanTheWindowDoNotCount() {
    CertificateFailureWindow w = CertificateFailureWindow.empty("M1");
    for (int i = 0; i < 5; i++) {
      CertificateFailureWindow.Outcome o = w.onFailure(T0.plusSeconds(i * 150), "expired", settings);
      assertThat(o.raised()).isNull();
      w = o.window();
    }
    assertThat(w.count(T0.plusSeconds(600), settings)).isEqualTo(4);
  }
}
