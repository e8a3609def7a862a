package org.meterflow.actors.meter;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.meterflow.model.meter.MeterRegistration;
import org.meterflow.model.quality.EventType;
import org.meterflow.model.quality.QualityEvent;
import org.meterflow.model.reading.Reading;
import org.meterflow.model.reading.ValidationLimits;

/** Power-quality and tamper events are journaled with their lifecycle and survive a restart. */
class MeterEntityQualityTest {

  private static final Instant NOW = Instant.parse("2026-11-26T10:15:00Z");
  private static final ActorTestKit testKit = ActorTestKit.create(
      ConfigFactory.parseString("pekko.actor.serialization-bindings {\"org.meterflow.actors.CborSerializable\" = jackson-cbor}")
          .withFallback(EventSourcedBehaviorTestKit.config()));

  private final List<QualityEvent> published = new CopyOnWriteArrayList<>();
  private final EventSourcedBehaviorTestKit<MeterEntity.Command, MeterEntity.Event, MeterEntity.State> meter =
      EventSourcedBehaviorTestKit.create(testKit.system(), MeterEntity.create("Q1",
          new MeterEntitySettings(ValidationLimits.defaults(), Duration.ofHours(1), 100, Clock.fixed(NOW, ZoneOffset.UTC)),
          (event, where) -> published.add(event)));

  @AfterAll
  static void stopSystem() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void register() {
    meter.clear();
    published.clear();
    meter.<StatusReply<Done>>runCommand(replyTo -> new MeterEntity.Register(
        new MeterRegistration("Q1", "C1", "domestic", "north", "SS1", "F1", "DT1", 230, 50, 1, false), replyTo));
  }

  private void record(int seq, double volts, double kwh) {
    Reading r = new Reading("Q1", seq, NOW.minusSeconds(3600).plusSeconds(60L * seq), kwh, 0, volts, 4, 50, null);
    meter.<StatusReply<ReadingOutcome>>runCommand(replyTo -> new MeterEntity.RecordReading(r, NOW, replyTo));
  }

  @Test
  void aLongSagIsOneEventRaisedThenCleared() {
    record(1, 230, 1.00);
    record(2, 150, 1.01);
    record(3, 140, 1.02);
    record(4, 150, 1.03);
    assertThat(meter.getState().openEvents()).hasSize(1);
    record(5, 231, 1.04);
    assertThat(meter.getState().openEvents()).isEmpty();
    assertThat(published).extracting(QualityEvent::type).containsExactly(EventType.SAG, EventType.SAG);
    assertThat(published.get(0).isOpen()).isTrue();
    assertThat(published.get(1).clearedAt()).isEqualTo(NOW.minusSeconds(3600).plusSeconds(300));
    assertThat(published.get(1).evidence().min()).isCloseTo(140 / 230.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void openEventSurvivesRestartAndClearsAfterwards() {
    record(1, 230, 1.00);
    record(2, 260, 1.01);
    assertThat(meter.getState().openEvents()).hasSize(1);
    meter.restart();
    assertThat(meter.getState().openEvents().values()).extracting(QualityEvent::type).containsExactly(EventType.SWELL);
    record(3, 230, 1.02);
    assertThat(meter.getState().openEvents()).isEmpty();
  }

  @Test
  void registerRollbackIsRejectedAsAReadingButRaisesTamper() {
    record(1, 230, 10.0);
    record(2, 230, 9.0);
    assertThat(published).extracting(QualityEvent::type).containsExactly(EventType.TAMPER);
    assertThat(published.get(0).cause()).isEqualTo("register-rollback");
  }
}
