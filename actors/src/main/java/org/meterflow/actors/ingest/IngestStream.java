package org.meterflow.actors.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
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
import org.apache.pekko.stream.connectors.mqtt.MqttQoS;
import org.apache.pekko.stream.connectors.mqtt.MqttSubscriptions;
import org.apache.pekko.stream.connectors.mqtt.javadsl.MqttMessageWithAck;
import org.apache.pekko.stream.connectors.mqtt.javadsl.MqttSource;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.meterflow.actors.meter.MeterEntity;
import org.meterflow.actors.meter.ReadingOutcome;
import org.meterflow.actors.meter.ReadingOutcomes;
import org.meterflow.model.port.ReadingArchive;
import org.meterflow.model.port.ReadingStore;
import org.meterflow.model.reading.AcceptedReading;
import org.meterflow.model.reading.Reading;
import org.meterflow.model.reading.RejectionReason;
import org.meterflow.mqtt.broker.InboundReading;
import org.meterflow.mqtt.payload.DecodedPayload;
import org.meterflow.mqtt.payload.ReadingPayloadCodec;
import org.meterflow.mqtt.payload.ReadingTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The ingest path: MQTT (at-least-once, shared subscription) → decode → meter entity decides
 * (→ live feed) → batched durable write to the time-series store and the lake's spool (→ outage
 * monitor) → MQTT ack.
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
  private final ClusterSharding sharding;
  private final ReadingStore store;
  /** The data lake: every accepted reading is appended (durably) before its message is acked. */
  private final ReadingArchive archive;
  /**
   * Told at once about each message's newly accepted readings, in message order, before they are
   * stored: the live feed. A reading accepted here and lost before it is stored (crash, store down)
   * was not acked, so the meter sends it again and it is stored then.
   */
  private final Consumer<List<AcceptedReading>> accepted;
  /** Told about every batch once it is durable, before it is acked: the outage monitor. */
  private final Consumer<List<AcceptedReading>> stored;
  private final IngestStats stats;
  private final ReadingPayloadCodec codec;
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

  public IngestStream(ActorSystem<?> system, IngestSettings settings, ReadingStore store,
      Consumer<List<AcceptedReading>> stored,
      IngestStats stats, ReadingPayloadCodec codec, Clock clock) {
    this(system, settings, store, ReadingArchive.none(), batch -> { }, stored, stats, codec, clock);
  }

  /**
   * With a data lake beside the time-series store: a message is acked once both hold its readings.
   *
   * @param accepted told about each message's accepted readings as soon as the meters decided (the live feed)
   * @param stored   told about each batch once it is durable (the outage monitor)
   */
  public IngestStream(ActorSystem<?> system, IngestSettings settings, ReadingStore store, ReadingArchive archive,
      Consumer<List<AcceptedReading>> accepted, Consumer<List<AcceptedReading>> stored,
      IngestStats stats, ReadingPayloadCodec codec, Clock clock) {
    this.system = system;
    this.accepted = accepted;
    this.settings = settings;
    this.sharding = ClusterSharding.get(system);
    this.store = store;
    this.archive = archive;
    this.stored = stored;
    this.stats = stats;
    this.codec = codec;
    this.clock = clock;
    this.dispatcher = system.executionContext();
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
   * {@link #offer(InboundReading)} to {@code EmbeddedBroker.handOverReadings}. Each message goes
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
          return handOver.source(bufferSize, () -> subscribed.complete(Done.getInstance())) // ready once taking
              .via(killSwitch.flow())
              .via(processing())
              .watchTermination((notUsed, done) -> {
                done.whenComplete((d, failure) -> {
                  if (failure != null) {
                    handOver.refuseAll("the ingest failed: " + failure.getMessage());
                  }
                });
                return notUsed;
              });
        }, dispatcher)))
        .runWith(Sink.ignore(), system);
  }

  /**
   * Takes a message from the embedded broker, or says no: before {@link #startHandOver(int)}, while
   * the stream restarts (store unreachable), when the buffer is full, and after {@link #shutdown()}.
   */
  public boolean offer(InboundReading reading) {
    return handOver.offer(reading);
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
    String group = settings.shareGroup().isBlank() ? "" : "$share/" + settings.shareGroup() + "/";
    MqttSubscriptions subscriptions = MqttSubscriptions
        .create(group + ReadingTopic.METERS_FILTER, MqttQoS.atLeastOnce())
        .addSubscription(group + ReadingTopic.GATEWAYS_FILTER, MqttQoS.atLeastOnce());
    RestartSettings restart = RestartSettings.create(settings.minBackoff(), settings.maxBackoff(), 0.2);
    return RestartSource.onFailuresWithBackoff(restart, () -> Source.completionStageSource(
        storeReachable().thenApplyAsync(reachable -> {
          MqttConnectionSettings connection = connectionFor.apply(clientId);
          log.info("ingest connecting to {} as {}", connection.broker(), connection.clientId());
          return MqttSource.atLeastOnce(connection, subscriptions, settings.bufferSize())
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
    return store.count(PROBE_SERIAL, Instant.EPOCH, Instant.EPOCH.plusMillis(1))
        .thenApplyAsync(n -> Done.getInstance(), dispatcher);
  }

  /** Decode, judge, batch, write, ack, publish: the part of the path that is broker-agnostic. */
  public Flow<MqttMessageWithAck, Done, NotUsed> processing() {
    return Flow.<MqttMessageWithAck>create()
        .mapAsync(settings.askParallelism(), this::judge)
        .map(this::tellAccepted)
        .groupedWeightedWithin(settings.batchSize(), j -> Math.max(1L, j.toStore()), settings.batchLatency())
        .mapAsync(settings.writeParallelism(), this::writeThenAck);
  }

  /** A message after its readings were judged: those to store, and when it arrived. */
  /**
   * A message after its readings were judged: the new readings to store, the redelivered copies to
   * store again (idempotent; not counted as accepted), and when it arrived.
   */
  private record Judged(MqttMessageWithAck message, Instant receivedAt, List<AcceptedReading> accepted,
      List<AcceptedReading> redelivered) {

    Judged(MqttMessageWithAck message, Instant receivedAt) {
      this(message, receivedAt, List.of(), List.of());
    }

    int toStore() {
      return accepted.size() + redelivered.size();
    }
  }

  /** A reading's verdict as the stream needs it. */
  private record Judgement(AcceptedReading reading, boolean redelivered) {}

  private CompletionStage<Judged> judge(MqttMessageWithAck message) {
    Instant receivedAt = clock.instant();
    stats.message();
    String topicName = message.message().topic();
    Optional<ReadingTopic> topic = ReadingTopic.parse(topicName);
    if (topic.isEmpty()) {
      reject(topicName, RejectionReason.MALFORMED, "not a readings topic: " + topicName, message.message().payload().utf8String());
      return CompletableFuture.completedFuture(new Judged(message, receivedAt));
    }
    byte[] payload = message.message().payload().toArray();
    DecodedPayload decoded = codec.decode(topic.get(), payload);
    for (DecodedPayload.Rejection r : decoded.rejections()) {
      reject(r.serial(), r.verdict().reason(), r.verdict().detail(), excerpt(payload));
    }
    if (decoded.readings().isEmpty()) {
      return CompletableFuture.completedFuture(new Judged(message, receivedAt));
    }
    stats.received(Duration.between(decoded.readings().get(0).ts(), receivedAt));
    // One ask per meter in the message (a meter's own batch is one ask, whatever its size).
    Map<String, List<Reading>> byMeter = new LinkedHashMap<>();
    for (Reading reading : decoded.readings()) {
      byMeter.computeIfAbsent(reading.serial(), s -> new ArrayList<>()).add(reading);
    }
    List<CompletableFuture<List<Judgement>>> outcomes = new ArrayList<>(byMeter.size());
    for (List<Reading> ofMeter : byMeter.values()) {
      outcomes.add(askMeter(ofMeter, receivedAt).toCompletableFuture());
    }
    return CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).thenApply(v -> {
      stats.judged(Duration.between(receivedAt, clock.instant()));
      List<AcceptedReading> accepted = new ArrayList<>(decoded.readings().size());
      List<AcceptedReading> redelivered = new ArrayList<>(0);
      for (CompletableFuture<List<Judgement>> f : outcomes) {
        for (Judgement j : f.join()) {
          (j.redelivered() ? redelivered : accepted).add(j.reading());
        }
      }
      return new Judged(message, receivedAt, accepted, redelivered);
    });
  }

  /** Asks a meter's entity about its readings of one message; what is to be stored, in order. */
  private CompletionStage<List<Judgement>> askMeter(List<Reading> readings, Instant receivedAt) {
    return sharding.entityRefFor(MeterEntity.ENTITY_KEY, readings.get(0).serial())
        .<ReadingOutcomes>askWithStatus(replyTo -> new MeterEntity.RecordReadings(readings, receivedAt, replyTo),
            settings.askTimeout())
        .thenApplyAsync(reply -> {
          List<Judgement> toStore = new ArrayList<>(readings.size());
          for (int i = 0; i < readings.size(); i++) {
            judgement(readings.get(i), receivedAt, reply.outcomes().get(i)).ifPresent(toStore::add);
          }
          return toStore;
        }, dispatcher);
  }

  private Optional<Judgement> judgement(Reading reading, Instant receivedAt, ReadingOutcome outcome) {
    return switch (outcome.kind()) {
      case ACCEPTED -> Optional.of(new Judgement(new AcceptedReading(reading, receivedAt, outcome.location()), false));
      case REDELIVERED -> {
        stats.duplicate();
        yield Optional.of(new Judgement(new AcceptedReading(reading, receivedAt, outcome.location()), true));
      }
      case DUPLICATE -> {
        stats.duplicate();
        yield Optional.empty();
      }
      case REJECTED -> {
        reject(reading.serial(), outcome.reason(), outcome.detail(), new String(codec.encode(reading),
            java.nio.charset.StandardCharsets.UTF_8));
        yield Optional.empty();
      }
    };
  }

  /**
   * The live feed hears of a reading at the verdict, not once it is durable: an fsync stall of the
   * store must not reach the consumer's screen (SPEC §6: p99 ≤ 100 ms from broker receipt).
   */
  private Judged tellAccepted(Judged judged) {
    if (!judged.accepted().isEmpty()) {
      try {
        accepted.accept(judged.accepted());
      } catch (RuntimeException e) {
        log.warn("live feed refused {} readings: {}", judged.accepted().size(), e.toString());
      }
    }
    return judged;
  }

  private CompletionStage<Done> writeThenAck(List<Judged> group) {
    List<AcceptedReading> batch = new ArrayList<>();
    List<AcceptedReading> fresh = new ArrayList<>();
    Instant oldest = null;
    for (Judged j : group) {
      batch.addAll(j.accepted());
      batch.addAll(j.redelivered());
      fresh.addAll(j.accepted());
      if (oldest == null || j.receivedAt().isBefore(oldest)) {
        oldest = j.receivedAt();
      }
    }
    Instant firstReceived = oldest;
    CompletionStage<Done> written;
    if (batch.isEmpty()) {
      written = CompletableFuture.completedFuture(Done.getInstance());
    } else {
      long started = System.nanoTime();
      // The time-series write and the lake append run side by side, each retried on its own
      // (both are keyed by (serial, ts), so writing a batch again is harmless).
      CompletionStage<Void> toStore = Patterns.retry(
          () -> store.write(batch), settings.writeAttempts(), settings.minBackoff(), settings.maxBackoff(), 0.2, system);
      CompletionStage<Void> toLake = Patterns.retry(
          () -> archive.append(batch), settings.writeAttempts(), settings.minBackoff(), settings.maxBackoff(), 0.2, system);
      written = toStore.thenCombineAsync(toLake, (a, b) -> Done.getInstance(), dispatcher)
          .thenApplyAsync(v -> {
            stats.batchWritten(Duration.ofNanos(System.nanoTime() - started), Duration.between(firstReceived, clock.instant()));
            return Done.getInstance();
          }, dispatcher);
    }
    // Counted as accepted once durable, before the acks go out: whoever saw a PUBACK finds the
    // reading counted.
    return written
        .thenApplyAsync(v -> {
          stats.accepted(fresh.size());
          if (!fresh.isEmpty()) {
            stored.accept(fresh);
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

  private static CompletionStage<Done> ackAll(List<Judged> group) {
    CompletableFuture<?>[] acks = new CompletableFuture<?>[group.size()];
    for (int i = 0; i < acks.length; i++) {
      acks[i] = group.get(i).message().ack().toCompletableFuture();
    }
    return CompletableFuture.allOf(acks).thenApply(v -> Done.getInstance());
  }

  private static String excerpt(byte[] payload) {
    int n = Math.min(payload.length, IngestStats.SAMPLE_CHARS);
    return new String(payload, 0, n, java.nio.charset.StandardCharsets.UTF_8);
  }

  private void reject(String serial, RejectionReason reason, String detail, String sample) {
    stats.rejected(reason, serial, detail, sample, clock.instant());
    MDC.put("meterId", serial);
    try {
      log.debug("rejected reading: {} ({})", reason.code(), detail);
    } finally {
      MDC.remove("meterId");
    }
  }
}
