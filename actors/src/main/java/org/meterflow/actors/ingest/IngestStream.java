package org.meterflow.actors.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.connectors.mqtt.MqttConnectionSettings;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.meterflow.model.reading.AcceptedReading;
import org.meterflow.mqtt.broker.HeldPuback;
import org.meterflow.mqtt.payload.ReadingPayloadCodec;
import org.meterflow.mqtt.payload.ReadingTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest path: a message ({@link IngestMessage}, from the embedded broker's hand-over or an
 * MQTT subscription) → decode → meter entities validate (→ {@link IngestSinks#live()}) → batched
 * write to {@link IngestSinks#durable()}, the time-series store and the lake's spool
 * (→ {@link IngestSinks#outages()}) → ack.
 *
 * <p>The ack of a message follows the durable write of every reading it carried, so a crash at
 * any point leads to redelivery, never to loss; the store's (serial, ts) key and the entity's
 * duplicate window make redelivery idempotent. A bad message is counted and acked; it never
 * stops the stream. A store outage retries with backoff, then restarts the connection: unacked
 * messages stay with the broker, and memory stays bounded by the buffers below.
 */
public final class IngestStream {

  private static final Logger log = LoggerFactory.getLogger(IngestStream.class);

  /** The serial the store is probed with (a count over one millisecond of 1970: cheap, never a meter's data). */
  private static final String PROBE_SERIAL = "ingest-store-probe";

  private final ActorSystem<?> system;
  private final IngestSettings settings;
  /** Where readings go after the verdicts: live, durable (then ack), outages. */
  private final IngestSinks sinks;
  private final IngestStats stats;
  /** Decodes each message and asks its meters: the first step of {@link #processing()}. */
  private final MessageJudge judge;
  private final Clock clock;
  private final SharedKillSwitch killSwitch = KillSwitches.shared("ingest");
  /**
   * Continuations of Pekko's stages run here. Without an explicit executor, the CompletionStages
   * that Pekko converts from Scala futures run {@code thenApply} asynchronously on the common
   * pool, which on a 2-core machine means one new thread per reading (measured: 120k threads in
   * 30 s, most of the CPU).
   */
  private final Executor dispatcher;
  /** See {@link #subscribed()}. */
  private final CompletableFuture<Done> subscribed = new CompletableFuture<>();
  /** Messages handed over by the embedded broker (see {@link #startHandOver(int)}). */
  private final HandOverQueue handOver = new HandOverQueue();

  public IngestStream(ActorSystem<?> system, IngestSettings settings, IngestSinks sinks, IngestStats stats,
      ReadingPayloadCodec codec, Clock clock) {
    this.system = system;
    this.settings = settings;
    this.sinks = sinks;
    this.stats = stats;
    this.clock = clock;
    this.dispatcher = system.executionContext();
    this.judge = new MessageJudge(ClusterSharding.get(system), settings.askTimeout(), stats, codec, clock, dispatcher);
  }

  /**
   * Starts {@code settings.connections()} MQTT connections in the shared group; the stage
   * completes when all of them have stopped after {@link #shutdown()}.
   *
   * @param connectionFor the MQTT connection settings (TLS, client certificate) for a client id
   */
  public CompletionStage<Done> start(Function<String, MqttConnectionSettings> connectionFor) {
    List<CompletableFuture<Done>> done = new ArrayList<>();
    for (int i = 0; i < settings.connections(); i++) {
      String clientId = settings.clientIdPrefix() + "-" + i;
      done.add(restartingSource(clientId, connectionFor).runWith(Sink.ignore(), system).toCompletableFuture());
    }
    return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).thenApply(v -> Done.getInstance());
  }

  /**
   * Takes readings straight from the embedded broker instead of subscribing to it: give
   * {@link #offer} to {@code EmbeddedBroker.handOverReadings}. Each message goes
   * through the same {@link #processing()} as an MQTT one, and its publisher's PUBACK is sent once
   * its readings are durable, so nothing the broker acknowledged depends on the broker's own
   * persistence (decisions §25). At most {@code bufferSize} messages wait for the meter entities;
   * beyond that, and while the store is unreachable, messages are refused (the publisher sends
   * them again). The stage completes after {@link #shutdown()} has drained what was taken.
   */
  public CompletionStage<Done> startHandOver(int bufferSize) {
    RestartSettings restart = RestartSettings.create(settings.minBackoff(), settings.maxBackoff(), 0.2);
    return RestartSource.onFailuresWithBackoff(restart, () -> Source.completionStageSource(
        storeReachable().thenApplyAsync(reachable -> {
          log.info("ingest taking readings from the embedded broker (hand-over, {} messages buffered at most)", bufferSize);
          return handOver.stream(bufferSize, Flow.<IngestMessage>create().via(killSwitch.flow()).via(processing()),
              () -> subscribed.complete(Done.getInstance())); // ready once taking
        }, dispatcher)))
        .runWith(Sink.ignore(), system);
  }

  /**
   * Takes a message from the embedded broker, as it knew it (its {@code InboundReadings}), or says
   * no: before {@link #startHandOver(int)}, while the stream restarts (store unreachable), when the
   * buffer is full, and after {@link #shutdown()}.
   */
  public boolean offer(ReadingTopic topic, String clientId, byte[] payload, HeldPuback puback) {
    return handOver.offer(topic, clientId, payload, puback);
  }

  /**
   * Completes when the broker has acknowledged the ingest's first subscription. Before that, a
   * reading published to a broker that has never seen the ingest's session has no subscriber and
   * is dropped, so the platform is not ready until this completes. With the hand-over
   * ({@link #startHandOver(int)}): completes when the ingest first takes messages from the broker.
   */
  public CompletionStage<Done> subscribed() {
    return subscribed;
  }

  /** Stops taking new messages; in-flight ones are written and acked before the stage completes. */
  public void shutdown() {
    killSwitch.shutdown();
  }

  /**
   * Each (re)start probes the store, then connects with fresh connection settings (its own Paho
   * persistence and client certificate); see {@link #storeReachable()} for why the probe comes first.
   */
  private Source<Done, NotUsed> restartingSource(String clientId, Function<String, MqttConnectionSettings> connectionFor) {
    RestartSettings restart = RestartSettings.create(settings.minBackoff(), settings.maxBackoff(), 0.2);
    return RestartSource.onFailuresWithBackoff(restart, () -> Source.completionStageSource(
        storeReachable().thenApplyAsync(reachable -> {
          MqttConnectionSettings connection = connectionFor.apply(clientId);
          log.info("ingest connecting to {} as {}", connection.broker(), connection.clientId());
          return MqttSubscription.readings(connection, settings.shareGroup(), settings.bufferSize())
              .mapMaterializedValue(subscription -> subscription.thenApplyAsync(done -> {
                subscribed.complete(done);
                return done;
              }, dispatcher))
              .via(killSwitch.flow())
              .via(processing());
        }, dispatcher)));
  }

  /**
   * Completes when the time-series store answers a query; fails otherwise (the restart backs off and
   * probes again). The ingest (re)connects to the broker only then, because pekko-connectors-mqtt
   * 1.0.2 turns on Paho's manual acks only after the connection is up: the messages a persistent
   * session gets resent right at CONNACK are acknowledged by Paho itself, before they are stored.
   * Connecting while the store is down lost exactly those (decisions §24); with the store up they
   * are written at once.
   */
  private CompletionStage<Done> storeReachable() {
    return sinks.durable().store().count(PROBE_SERIAL, Instant.EPOCH, Instant.EPOCH.plusMillis(1))
        .thenApplyAsync(n -> Done.getInstance(), dispatcher);
  }

  /**
   * Validate, show live, batch, make durable, tell the outage monitor, ack: the part of the path that
   * is the same whichever source the messages come from.
   */
  public Flow<IngestMessage, Done, NotUsed> processing() {
    return Flow.<IngestMessage>create()
        .mapAsync(settings.askParallelism(), judge::judge)
        .map(this::showLive)
        .groupedWeightedWithin(settings.batchSize(), m -> Math.max(1L, m.toStore()), settings.batchLatency())
        .mapAsync(settings.writeParallelism(), this::durableThenAck);
  }

  /**
   * The live feed hears of a reading at the verdict, not once it is durable: an fsync stall of the
   * store must not reach the consumer's screen (decisions §33).
   */
  private ValidatedMessage showLive(ValidatedMessage validated) {
    if (!validated.accepted().isEmpty()) {
      try {
        sinks.live().accept(validated.accepted());
      } catch (RuntimeException e) {
        log.warn("live feed refused {} readings: {}", validated.accepted().size(), e.toString());
      }
    }
    return validated;
  }

  /**
   * A batch of messages: its readings made durable, then counted and told to the outage monitor,
   * then its messages acked. Whoever saw an ack finds the reading stored, archived and counted.
   */
  private CompletionStage<Done> durableThenAck(List<ValidatedMessage> group) {
    List<AcceptedReading> batch = new ArrayList<>();
    List<AcceptedReading> fresh = new ArrayList<>();
    Instant oldest = null;
    for (ValidatedMessage m : group) {
      batch.addAll(m.accepted());
      batch.addAll(m.redelivered());
      fresh.addAll(m.accepted());
      if (oldest == null || m.receivedAt().isBefore(oldest)) {
        oldest = m.receivedAt();
      }
    }
    return durable(batch, oldest)
        .thenApplyAsync(v -> {
          stats.accepted(fresh.size());
          if (!fresh.isEmpty()) {
            sinks.outages().accept(fresh);
          }
          return Done.getInstance();
        }, dispatcher)
        .thenComposeAsync(v -> {
          long ackStarted = System.nanoTime();
          return ackAll(group).thenApply(d -> {
            stats.acked(Duration.ofNanos(System.nanoTime() - ackStarted));
            return d;
          });
        }, dispatcher);
  }

  /**
   * The time-series write and the lake append run side by side, each retried on its own (both are
   * keyed by (serial, ts), so writing a batch again is harmless); completes when both hold it.
   */
  private CompletionStage<Done> durable(List<AcceptedReading> batch, Instant firstReceived) {
    if (batch.isEmpty()) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    long started = System.nanoTime();
    IngestSinks.Durable durable = sinks.durable();
    CompletionStage<Void> toStore = Patterns.retry(
        () -> durable.store().write(batch), settings.writeAttempts(), settings.minBackoff(), settings.maxBackoff(), 0.2, system);
    CompletionStage<Void> toLake = Patterns.retry(
        () -> durable.lake().append(batch), settings.writeAttempts(), settings.minBackoff(), settings.maxBackoff(), 0.2, system);
    return toStore.thenCombineAsync(toLake, (a, b) -> Done.getInstance(), dispatcher)
        .thenApplyAsync(v -> {
          stats.batchWritten(Duration.ofNanos(System.nanoTime() - started), Duration.between(firstReceived, clock.instant()));
          return Done.getInstance();
        }, dispatcher);
  }

  private static CompletionStage<Done> ackAll(List<ValidatedMessage> group) {
    CompletableFuture<?>[] acks = new CompletableFuture<?>[group.size()];
    for (int i = 0; i < acks.length; i++) {
      acks[i] = group.get(i).message().ack().toCompletableFuture();
    }
    return CompletableFuture.allOf(acks).thenApply(v -> Done.getInstance());
  }
}
