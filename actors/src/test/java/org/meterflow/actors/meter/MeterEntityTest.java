package org.meterflow.actors.meter;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.meterflow.model.meter.MeterRegistration;
import org.meterflow.model.reading.Reading;
import org.meterflow.model.reading.RejectionReason;
import org.meterflow.model.reading.ValidationLimits;

class MeterEntityTest {

  private static final Instant NOW = Instant.parse("2026-11-26T10:15:00Z");
  private static final ActorTestKit testKit = ActorTestKit.create(
      ConfigFactory.parseString("pekko.actor.serialization-bindings {\"org.meterflow.actors.CborSerializable\" = jackson-cbor}")
          .withFallback(EventSourcedBehaviorTestKit.config()));

  private final MeterEntitySettings settings = new MeterEntitySettings(
      ValidationLimits.defaults(), Duration.ofHours(1), 100, Clock.fixed(NOW, ZoneOffset.UTC));
  private final EventSourcedBehaviorTestKit<MeterEntity.Command, MeterEntity.Event, MeterEntity.State> meter =
      EventSourcedBehaviorTestKit.create(testKit.system(), MeterEntity.create("M0000001", settings, QualityEventSink.NONE));

  @AfterAll
  static void stopSystem() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void clear() {
    meter.clear();
  }

  private static Reading reading(long seq, Instant ts, double kwh) {
    return new Reading("M0000001", seq, ts, kwh, 0.0, 231.4, 4.2, 50.01, 0.97);
  }

  private static MeterRegistration registration() {
    return new MeterRegistration("M0000001", "C1", "domestic", "north", "SS1", "F1", "DT1", 230, 50, 1, false);
  }

  private ReadingOutcome record(Reading r) {
    var result = meter.<StatusReply<ReadingOutcome>>runCommand(
        replyTo -> new MeterEntity.RecordReading(r, NOW, replyTo));
    return result.reply().getValue();
  }

  @Test
  void readingOfUnregisteredMeterIsRejected() {
    assertThat(record(reading(1, NOW.minusSeconds(60), 10)).reason()).isEqualTo(RejectionReason.UNREGISTERED);
  }

  @Test
  void registrationIsJournaledAndIdempotent() {
    var first = meter.<StatusReply<Done>>runCommand(replyTo -> new MeterEntity.Register(registration(), replyTo));
    assertThat(first.reply().isSuccess()).isTrue();
    assertThat(first.event()).isInstanceOf(MeterEntity.MeterRegistered.class);
    var again = meter.<StatusReply<Done>>runCommand(replyTo -> new MeterEntity.Register(registration(), replyTo));
    assertThat(again.hasNoEvents()).isTrue();
    assertThat(again.reply().isSuccess()).isTrue();
  }

  @Test
  void acceptsThenRecognisesDuplicateBySequenceOrTimestamp() {
    meter.<StatusReply<Done>>runCommand(replyTo -> new MeterEntity.Register(registration(), replyTo));
    Instant t = NOW.minusSeconds(900);
    assertThat(record(reading(1, t, 10.0)).kind()).isEqualTo(ReadingOutcome.Kind.ACCEPTED);
    ReadingOutcome copy = record(reading(1, t, 10.0));
    assertThat(copy.kind()).as("an exact copy is stored again, idempotently").isEqualTo(ReadingOutcome.Kind.REDELIVERED);
    assertThat(copy.location()).isEqualTo(registration().location());
    assertThat(record(reading(1, t.plusSeconds(60), 10.1)).kind()).isEqualTo(ReadingOutcome.Kind.DUPLICATE);
    assertThat(record(reading(2, t.plusSeconds(60), 10.1)).kind()).isEqualTo(ReadingOutcome.Kind.ACCEPTED);
  }

  @Test
  void registerGoingBackwardsIsRejected() {
    meter.<StatusReply<Done>>runCommand(replyTo -> new MeterEntity.Register(registration(), replyTo));
    Instant t = NOW.minusSeconds(900);
    record(reading(1, t, 10.0));
    ReadingOutcome outcome = record(reading(2, t.plusSeconds(60), 9.0));
    assertThat(outcome.reason()).isEqualTo(RejectionReason.REGISTER_BACKWARDS);
  }

  @Test
  void checkpointSurvivesRestartSoRedeliveryIsStillADuplicate() {
    meter.<StatusReply<Done>>runCommand(replyTo -> new MeterEntity.Register(registration(), replyTo));
    Instant t = NOW.minusSeconds(900);
    var first = meter.<StatusReply<ReadingOutcome>>runCommand(
        replyTo -> new MeterEntity.RecordReading(reading(7, t, 12.5), NOW, replyTo));
    assertThat(first.event()).isInstanceOf(MeterEntity.RegisterCheckpointed.class);

    meter.restart();

    assertThat(meter.getState().registration()).isEqualTo(registration());
    assertThat(meter.getState().checkpoint().seq()).isEqualTo(7);
    assertThat(record(reading(7, t, 12.5)).kind()).isEqualTo(ReadingOutcome.Kind.REDELIVERED);
    assertThat(record(reading(8, t.plusSeconds(60), 12.0)).reason()).isEqualTo(RejectionReason.REGISTER_BACKWARDS);
  }

  @Test
  void readingsWithinTheCheckpointIntervalAreNotJournaled() {
    meter.<StatusReply<Done>>runCommand(replyTo -> new MeterEntity.Register(registration(), replyTo));
    Instant t = NOW.minusSeconds(1800);
    meter.<StatusReply<ReadingOutcome>>runCommand(replyTo -> new MeterEntity.RecordReading(reading(1, t, 1.0), NOW, replyTo));
    var second = meter.<StatusReply<ReadingOutcome>>runCommand(
        replyTo -> new MeterEntity.RecordReading(reading(2, t.plusSeconds(900), 1.1), NOW, replyTo));
    assertThat(second.hasNoEvents()).isTrue();
    assertThat(second.reply().getValue().kind()).isEqualTo(ReadingOutcome.Kind.ACCEPTED);
  }

  @Test
  void aBatchIsJudgedInOrderWithOneReplyAndItsCheckpointsJournaled() {
    meter.<StatusReply<Done>>runCommand(replyTo -> new MeterEntity.Register(registration(), replyTo));
    Instant t = NOW.minusSeconds(7200);
    java.util.List<Reading> batch = java.util.List.of(
        reading(1, t, 10.0),
        reading(2, t.plusSeconds(1800), 10.5),
        reading(2, t.plusSeconds(1800), 10.5),          // the same reading twice in one message
        reading(3, t.plusSeconds(2700), 10.2),          // register went backwards
        reading(4, t.plusSeconds(3600), 11.0),          // an hour after the first checkpoint
        reading(5, t.plusSeconds(5400), 11.5));
    var result = meter.<StatusReply<ReadingOutcomes>>runCommand(
        replyTo -> new MeterEntity.RecordReadings(batch, NOW, replyTo));

    assertThat(result.reply().getValue().outcomes()).extracting(ReadingOutcome::kind).containsExactly(
        ReadingOutcome.Kind.ACCEPTED, ReadingOutcome.Kind.ACCEPTED, ReadingOutcome.Kind.REDELIVERED,
        ReadingOutcome.Kind.REJECTED, ReadingOutcome.Kind.ACCEPTED, ReadingOutcome.Kind.ACCEPTED);
    assertThat(result.reply().getValue().outcomes().get(3).reason()).isEqualTo(RejectionReason.REGISTER_BACKWARDS);
    assertThat(result.events()).filteredOn(e -> e instanceof MeterEntity.RegisterCheckpointed)
        .extracting(e -> ((MeterEntity.RegisterCheckpointed) e).reading().seq())
        .as("checkpoints every hour of the readings' time, not one per message")
        .containsExactly(1L, 4L);

    meter.restart();
    assertThat(meter.getState().checkpoint().seq()).isEqualTo(4);
    var unregistered = EventSourcedBehaviorTestKit.<MeterEntity.Command, MeterEntity.Event, MeterEntity.State>create(
        testKit.system(), MeterEntity.create("M0000002", settings, QualityEventSink.NONE));
    var refused = unregistered.<StatusReply<ReadingOutcomes>>runCommand(
        replyTo -> new MeterEntity.RecordReadings(batch, NOW, replyTo));
    assertThat(refused.reply().getValue().outcomes()).hasSize(batch.size())
        .allSatisfy(o -> assertThat(o.reason()).isEqualTo(RejectionReason.UNREGISTERED));
  }
}
