package org.meterflow.actors.meter;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.meterflow.actors.CborSerializable;
import org.meterflow.model.meter.MeterRegistration;
import org.meterflow.model.quality.DetectorStep;
import org.meterflow.model.quality.MeterProfile;
import org.meterflow.model.quality.MeterQualityDetector;
import org.meterflow.model.quality.MeterQualityState;
import org.meterflow.model.quality.QualityEvent;
import org.meterflow.model.reading.Reading;
import org.meterflow.model.reading.ReadingValidator;
import org.meterflow.model.reading.RecentReadings;
import org.meterflow.model.reading.RejectionReason;
import org.meterflow.model.reading.Verdict;

/**
 * One smart meter, as a persistent sharded entity. It validates every reading of its meter
 * against the previous ones and decides accepted / duplicate / rejected.
 *
 * <p>Readings themselves are not journaled (a journal cannot take one event per reading at the
 * ingest target of 100k readings/s, docs/targets.md; decisions §1): they go to the time-series
 * store and the lake, keyed by (serial, ts). The journal holds what changes the meter's state:
 * its registration and periodic register checkpoints. The window of recent readings used for
 * duplicate detection lives in memory and restarts from the last checkpoint; redeliveries older
 * than that are absorbed by the store's (serial, ts) key.
 */
public final class MeterEntity
    extends EventSourcedBehaviorWithEnforcedReplies<MeterEntity.Command, MeterEntity.Event, MeterEntity.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "Meter");

  // ---- protocol ----

  public sealed interface Command extends CborSerializable permits Register, RecordReading, RecordReadings, GetMeter, CheckSilence {}

  /** Registers the meter (idempotent for the same master data). */
  public record Register(MeterRegistration registration, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /** A decoded reading received from the broker at {@code receivedAt}. */
  public record RecordReading(Reading reading, Instant receivedAt, ActorRef<StatusReply<ReadingOutcome>> replyTo)
      implements Command {}

  /**
   * Several readings of this meter from one message (a meter's store-and-forward batch, or its
   * share of a gateway batch), judged in order as if they came one by one; one reply with an
   * outcome per reading, in the same order. One ask instead of one per reading: the ask, not the
   * judging, is most of a reading's cost in the entity.
   */
  public record RecordReadings(List<Reading> readings, Instant receivedAt, ActorRef<StatusReply<ReadingOutcomes>> replyTo)
      implements Command {
    public RecordReadings {
      readings = List.copyOf(readings);
    }
  }

  /**
   * From the outage monitor: the meter has not been heard from; raise its outage if it has been
   * silent for longer than the limit at {@code now}. No reply (fire and forget, repeated each check).
   */
  public record CheckSilence(Instant now) implements Command {}

  /** Asks for the meter's registration and last checkpoint. */
  public record GetMeter(ActorRef<StatusReply<State>> replyTo) implements Command {}

  public sealed interface Event extends CborSerializable
      permits MeterRegistered, RegisterCheckpointed, QualityEventRaised, QualityEventCleared {
    String serial();

    Instant timestamp();
  }

  /** The meter was registered with this master data. */
  public record MeterRegistered(String serial, Instant timestamp, MeterRegistration registration) implements Event {}

  /** The meter's registers stood at {@code reading} (periodic checkpoint of the last accepted reading). */
  public record RegisterCheckpointed(String serial, Instant timestamp, Reading reading) implements Event {}

  /** A power-quality, outage or tamper condition began. */
  public record QualityEventRaised(String serial, Instant timestamp, QualityEvent event) implements Event {}

  /** The condition ended; {@code event} carries its clearedAt and final evidence. */
  public record QualityEventCleared(String serial, Instant timestamp, QualityEvent event) implements Event {}

  /**
   * What the journal knows of the meter: master data, the last checkpointed reading and the
   * events still open (by {@link QualityEvent#key()}).
   */
  public record State(MeterRegistration registration, Reading checkpoint, Map<String, QualityEvent> openEvents)
      implements CborSerializable {
    public static final State EMPTY = new State(null, null, Map.of());

    public State {
      openEvents = openEvents == null ? Map.of() : Map.copyOf(openEvents);
    }

    public boolean isRegistered() {
      return registration != null;
    }

    State registered(MeterRegistration r) {
      return new State(r, checkpoint, openEvents);
    }

    State checkpointed(Reading r) {
      return new State(registration, r, openEvents);
    }

    State opened(QualityEvent e) {
      Map<String, QualityEvent> next = new HashMap<>(openEvents);
      next.put(e.key(), e);
      return new State(registration, checkpoint, next);
    }

    State closed(QualityEvent e) {
      Map<String, QualityEvent> next = new HashMap<>(openEvents);
      next.remove(e.key());
      return new State(registration, checkpoint, next);
    }
  }

  // ---- behaviour ----

  public static void init(ActorSystem<?> system, MeterEntitySettings settings, QualityEventSink events) {
    ReadingValidator validator = new ReadingValidator(settings.limits());
    ClusterSharding.get(system).init(
        Entity.of(ENTITY_KEY, ctx -> new MeterEntity(ctx.getEntityId(), settings, validator, events)));
  }

  public static Behavior<Command> create(String serial, MeterEntitySettings settings, QualityEventSink events) {
    return new MeterEntity(serial, settings, new ReadingValidator(settings.limits()), events);
  }

  private final String serial;
  private final MeterEntitySettings settings;
  private final ReadingValidator validator;
  private final MeterQualityDetector detector;
  private final QualityEventSink events;
  /** Recent readings for duplicate and register checks; in memory only, rebuilt from the checkpoint. */
  private RecentReadings recent = RecentReadings.empty();
  /** The detector's running state (runs, high-water marks); rebuilt from the journal's open events. */
  private MeterQualityState quality;

  private MeterEntity(String serial, MeterEntitySettings settings, ReadingValidator validator, QualityEventSink events) {
    super(PersistenceId.of(ENTITY_KEY.name(), serial),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.serial = serial;
    this.settings = settings;
    this.validator = validator;
    this.detector = settings.detector();
    this.events = events;
  }

  @Override
  public State emptyState() {
    return State.EMPTY;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 2);
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> {
          if (state.checkpoint() != null) {
            recent = RecentReadings.of(state.checkpoint());
          }
          if (state.isRegistered()) {
            quality = recoveredQuality(state);
          }
        })
        .build();
  }

  /**
   * One handler object per entity (not the builder's per-command cases and lambdas: a million
   * resident entities make every object count).
   */
  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return this::onCommand;
  }

  private ReplyEffect<Event, State> onCommand(State state, Command command) {
    if (command instanceof RecordReadings cmd) {
      return onRecordReadings(state, cmd);
    } else if (command instanceof RecordReading cmd) {
      return onRecordReading(state, cmd);
    } else if (command instanceof CheckSilence cmd) {
      return onCheckSilence(state, cmd);
    } else if (command instanceof Register cmd) {
      return onRegister(state, cmd);
    } else if (command instanceof GetMeter cmd) {
      return Effect().reply(cmd.replyTo(), StatusReply.success(state));
    }
    throw new IllegalArgumentException("unknown command " + command.getClass().getName());
  }

  private ReplyEffect<Event, State> onRegister(State state, Register cmd) {
    if (!serial.equals(cmd.registration().serial())) {
      return Effect().reply(cmd.replyTo(), StatusReply.error("registration is for " + cmd.registration().serial()));
    }
    if (Objects.equals(state.registration(), cmd.registration())) {
      return Effect().reply(cmd.replyTo(), StatusReply.ack());
    }
    return Effect()
        .persist(new MeterRegistered(serial, settings.clock().instant(), cmd.registration()))
        .thenRun(s -> quality = recoveredQuality(s))
        .thenReply(cmd.replyTo(), s -> StatusReply.ack());
  }

  private ReplyEffect<Event, State> onRecordReading(State state, RecordReading cmd) {
    if (!state.isRegistered()) {
      return Effect().reply(cmd.replyTo(), StatusReply.success(unregistered()));
    }
    List<Event> journal = new ArrayList<>(2);
    ReadingOutcome outcome = judge(state, cmd.reading(), settings.clock().instant(), journal);
    if (journal.isEmpty()) {
      return Effect().reply(cmd.replyTo(), StatusReply.success(outcome));
    }
    return Effect()
        .persist(journal)
        .thenRun(s -> publish(journal, s))
        .thenReply(cmd.replyTo(), s -> StatusReply.success(outcome));
  }

  private ReplyEffect<Event, State> onRecordReadings(State state, RecordReadings cmd) {
    List<ReadingOutcome> outcomes = new ArrayList<>(cmd.readings().size());
    if (!state.isRegistered()) {
      cmd.readings().forEach(r -> outcomes.add(unregistered()));
      return Effect().reply(cmd.replyTo(), StatusReply.success(new ReadingOutcomes(outcomes)));
    }
    List<Event> journal = new ArrayList<>(2);
    Instant now = settings.clock().instant();
    for (Reading reading : cmd.readings()) {
      outcomes.add(judge(state, reading, now, journal));
    }
    ReadingOutcomes reply = new ReadingOutcomes(outcomes);
    if (journal.isEmpty()) {
      return Effect().reply(cmd.replyTo(), StatusReply.success(reply));
    }
    return Effect()
        .persist(journal)
        .thenRun(s -> publish(journal, s))
        .thenReply(cmd.replyTo(), s -> StatusReply.success(reply));
  }

  private ReadingOutcome unregistered() {
    return ReadingOutcome.rejected(RejectionReason.UNREGISTERED, "meter " + serial + " is not registered");
  }

  /**
   * Judges one reading of a registered meter; adds to {@code journal} what it changes (events,
   * a checkpoint). The entity's in-memory windows move on at once, so the next reading of the same
   * message is judged against this one; {@code state} is the journal's state before the message.
   */
  private ReadingOutcome judge(State state, Reading reading, Instant now, List<Event> journal) {
    Verdict verdict = validator.judge(reading, recent, now, true);
    ReadingOutcome outcome = ReadingOutcome.of(verdict, state.registration().location());
    boolean accepted = verdict instanceof Verdict.Accepted;
    boolean rollback = verdict instanceof Verdict.Rejected r && r.reason() == RejectionReason.REGISTER_BACKWARDS;
    if (!accepted && !rollback) {
      return outcome;
    }
    // A rolled-back register is refused as a reading but is evidence of tamper: the detector sees it.
    DetectorStep step = detector.step(quality(state), reading);
    quality = step.state();
    step.cleared().forEach(e -> journal.add(new QualityEventCleared(serial, now, e)));
    step.raised().forEach(e -> journal.add(new QualityEventRaised(serial, now, e)));
    if (accepted) {
      recent = recent.with(reading);
      if (dueForCheckpoint(lastCheckpoint(state, journal), reading)) {
        journal.add(new RegisterCheckpointed(serial, now, reading));
      }
    }
    return outcome;
  }

  /** The newest checkpoint: one earlier in this message's journal, else the persisted one. */
  private static Reading lastCheckpoint(State state, List<Event> journal) {
    for (int i = journal.size() - 1; i >= 0; i--) {
      if (journal.get(i) instanceof RegisterCheckpointed c) {
        return c.reading();
      }
    }
    return state.checkpoint();
  }

  private ReplyEffect<Event, State> onCheckSilence(State state, CheckSilence cmd) {
    if (!state.isRegistered()) {
      return Effect().noReply();
    }
    DetectorStep step = detector.tick(quality(state), cmd.now());
    quality = step.state();
    if (step.raised().isEmpty()) {
      return Effect().noReply();
    }
    List<Event> journal = new ArrayList<>();
    step.raised().forEach(e -> journal.add(new QualityEventRaised(serial, cmd.now(), e)));
    return Effect().persist(journal).thenRun(s -> publish(journal, s)).thenNoReply();
  }

  private void publish(List<Event> journaled, State state) {
    for (Event e : journaled) {
      if (e instanceof QualityEventRaised raised) {
        events.publish(raised.event(), state.registration());
      } else if (e instanceof QualityEventCleared cleared) {
        events.publish(cleared.event(), state.registration());
      }
    }
  }

  private MeterQualityState quality(State state) {
    if (quality == null) {
      quality = recoveredQuality(state);
    }
    return quality;
  }

  /** The detector's state after a restart: open events from the journal, high-water mark from the checkpoint. */
  private static MeterQualityState recoveredQuality(State state) {
    MeterQualityState initial = MeterQualityState.initial(MeterProfile.of(state.registration()));
    Reading last = state.checkpoint();
    double highWater = last == null ? Double.NEGATIVE_INFINITY : last.importKwh();
    return new MeterQualityState(initial.profile(), last == null ? null : last.ts(),
        last == null ? Double.NaN : last.exportKwh(), highWater, null, null, null, state.openEvents());
  }

  private boolean dueForCheckpoint(Reading last, Reading reading) {
    return last == null
        || !reading.ts().isBefore(last.ts().plus(settings.checkpointEvery()));
  }

  /** Stateless, so shared by every entity. */
  private static final EventHandler<State, Event> EVENT_HANDLER = (state, event) -> {
    if (event instanceof MeterRegistered e) {
      return state.registered(e.registration());
    } else if (event instanceof RegisterCheckpointed e) {
      return state.checkpointed(e.reading());
    } else if (event instanceof QualityEventRaised e) {
      return state.opened(e.event());
    } else if (event instanceof QualityEventCleared e) {
      return state.closed(e.event());
    }
    throw new IllegalArgumentException("unknown event " + event.getClass().getName());
  };

  @Override
  public EventHandler<State, Event> eventHandler() {
    return EVENT_HANDLER;
  }
}
