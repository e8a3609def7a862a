package org.meterflow.actors.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.meterflow.model.meter.MeterLocation;
import org.meterflow.model.port.ReadingStore;
import org.meterflow.model.reading.AcceptedReading;
import org.meterflow.model.reading.Reading;
import org.meterflow.model.reading.RejectionReason;
import org.meterflow.mqtt.payload.DecodedPayload;
import org.meterflow.mqtt.payload.ReadingPayloadCodec;
import org.meterflow.mqtt.payload.ReadingTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The ingest path: MQTT (at-least-once, shared subscription) → decode → meter entity decides
 * → batched durable write to the time-series store → MQTT ack → downstream of storage (live feed, outage monitor).
 *
 * <p>The ack of a message follows the durable write of every reading it carried, so a crash at
 * any point leads to redelivery, never to loss; the store's (serial, ts) key and the entity's
 * duplicate window make redelivery idempotent. A bad message is counted and acked; it never
 * stops the stream. A store outage retries with backoff, then restarts the connection: unacked
 * messages stay with the broker, and memory stays bounded by the buffers below.
 *
 * <p>A reading the meter entity accepted is <em>unsettled</em> until a write of it succeeds. The
 * entity keeps it in its duplicate window, so if the write fails for good (or the stream dies
 * before it), its redelivery comes back DUPLICATE although it was never stored. An unsettled
 * reading's redelivery is therefore written and counted as accepted when its write failed for
 * good or when it was judged before the latest (re)connect (its message died with that
 * connection, unacked). A duplicate of a reading still in flight on the current connection (a
 * meter's quick retry) stays a duplicate: the original's message, not yet acked, carries it.
 * Normally only the readings in flight are held; after a failure, those of unacked messages
 * until they are redelivered (the broker bounds them), capped at {@link #UNSETTLED_CAPACITY}.
 * (With several connections, a reconnect of one marks every connection's readings in flight as
 * stale; a quick retry of one of them is then counted as accepted, never lost.)
 */
public final class IngestStream {

  private static final Logger log = LoggerFactory.getLogger(IngestStream.class);

  /** Cap of the unsettled readings (about 150 bytes each): far above what unacked messages carry. */
  static final int UNSETTLED_CAPACITY = 500_000;

  private final ActorSystem<?> system;
  private final IngestSettings settings;
  private final ClusterSharding sharding;
  private final ReadingStore store;
  /** Told about every batch once it is durable and acked: the live feed, the outage monitor. */
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
  /** Readings accepted by their meter entity and not yet durably written; see the class comment. */
  private final Map<Reading, Unsettled> unsettled = new ConcurrentHashMap<>();
  /** Incremented at each (re)connect: readings judged under an older one belong to dead messages. */
  private final AtomicInteger connectGeneration = new AtomicInteger();

  /** Where an unsettled reading's meter sits, under which connect it was judged, and whether its write failed for good. */
  private record Unsettled(MeterLocation location, int generation, boolean failed) {}

  public IngestStream(ActorSystem<?> system, IngestSettings settings, ReadingStore store,
      Consumer<List<AcceptedReading>> stored,
      IngestStats stats, ReadingPayloadCodec codec, Clock clock) {
    this.system = system;
    this.settings = settings;
    this.sharding = ClusterSharding.get(system);
    this.store = store;
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
      MqttConnectionSettings connection = connectionFor.apply(clientId);
      done.add(restartingSource(connection).runWith(Sink.ignore(), system).toCompletableFuture());
    }
    return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).thenApply(v -> Done.getInstance());
  }

  /** Stops taking new messages; in-flight ones are written and acked before the stage completes. */
  public void shutdown() {
    killSwitch.shutdown();
  }

  private Source<Done, NotUsed> restartingSource(MqttConnectionSettings connection) {
    String group = settings.shareGroup().isBlank() ? "" : "$share/" + settings.shareGroup() + "/";
    MqttSubscriptions subscriptions = MqttSubscriptions
        .create(group + ReadingTopic.METERS_FILTER, MqttQoS.atLeastOnce())
        .addSubscription(group + ReadingTopic.GATEWAYS_FILTER, MqttQoS.atLeastOnce());
    RestartSettings restart = RestartSettings.create(settings.minBackoff(), settings.maxBackoff(), 0.2);
    return RestartSource.onFailuresWithBackoff(restart, () -> {
      log.info("ingest connecting to {} as {}", connection.broker(), connection.clientId());
      connectGeneration.incrementAndGet();
      return MqttSource.atLeastOnce(connection, subscriptions, settings.bufferSize())
          .via(killSwitch.flow())
          .via(processing());
    });
  }

  /** Decode, judge, batch, write, ack, publish: the part of the path that is broker-agnostic. */
  public Flow<MqttMessageWithAck, Done, NotUsed> processing() {
    return Flow.<MqttMessageWithAck>create()
        .mapAsync(settings.askParallelism(), this::judge)
        .groupedWeightedWithin(settings.batchSize(), j -> Math.max(1L, j.accepted().size()), settings.batchLatency())
        .mapAsync(settings.writeParallelism(), this::writeThenAck);
  }

  /** A message after its readings were judged: those to store, and when it arrived. */
  private record Judged(MqttMessageWithAck message, Instant receivedAt, List<AcceptedReading> accepted) {}

  private CompletionStage<Judged> judge(MqttMessageWithAck message) {
    Instant receivedAt = clock.instant();
    int generation = connectGeneration.get(); // the connection this message came on
    stats.message();
    String topicName = message.message().topic();
    Optional<ReadingTopic> topic = ReadingTopic.parse(topicName);
    if (topic.isEmpty()) {
      reject(topicName, RejectionReason.MALFORMED, "not a readings topic: " + topicName, message.message().payload().utf8String());
      return CompletableFuture.completedFuture(new Judged(message, receivedAt, List.of()));
    }
    byte[] payload = message.message().payload().toArray();
    DecodedPayload decoded = codec.decode(topic.get(), payload);
    for (DecodedPayload.Rejection r : decoded.rejections()) {
      reject(r.serial(), r.verdict().reason(), r.verdict().detail(), excerpt(payload));
    }
    if (decoded.readings().isEmpty()) {
      return CompletableFuture.completedFuture(new Judged(message, receivedAt, List.of()));
    }
    stats.received(Duration.between(decoded.readings().get(0).ts(), receivedAt));
    List<CompletableFuture<Optional<AcceptedReading>>> outcomes = new ArrayList<>(decoded.readings().size());
    for (Reading reading : decoded.readings()) {
      outcomes.add(askMeter(reading, receivedAt, generation).toCompletableFuture());
    }
    return CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).thenApply(v -> {
      stats.judged(Duration.between(receivedAt, clock.instant()));
      List<AcceptedReading> accepted = new ArrayList<>(outcomes.size());
      for (CompletableFuture<Optional<AcceptedReading>> f : outcomes) {
        f.join().ifPresent(accepted::add);
      }
      return new Judged(message, receivedAt, accepted);
    });
  }

  private CompletionStage<Optional<AcceptedReading>> askMeter(Reading reading, Instant receivedAt, int generation) {
    return sharding.entityRefFor(MeterEntity.ENTITY_KEY, reading.serial())
        .<ReadingOutcome>askWithStatus(replyTo -> new MeterEntity.RecordReading(reading, receivedAt, replyTo),
            settings.askTimeout())
        .thenApplyAsync(outcome -> switch (outcome.kind()) {
          case ACCEPTED -> {
            unsettle(reading, outcome.location(), generation);
            yield Optional.of(new AcceptedReading(reading, receivedAt, outcome.location()));
          }
          case DUPLICATE -> {
            Unsettled earlier = unsettled.get(reading);
            if (earlier != null && (earlier.failed() || earlier.generation() < generation)) {
              unsettled.put(reading, new Unsettled(earlier.location(), generation, false));
              yield Optional.of(new AcceptedReading(reading, receivedAt, earlier.location())); // accepted before, never stored
            }
            stats.duplicate();
            yield Optional.<AcceptedReading>empty();
          }
          case REJECTED -> {
            reject(reading.serial(), outcome.reason(), outcome.detail(), new String(codec.encode(reading),
                java.nio.charset.StandardCharsets.UTF_8));
            yield Optional.<AcceptedReading>empty();
          }
        }, dispatcher);
  }

  private CompletionStage<Done> writeThenAck(List<Judged> group) {
    List<AcceptedReading> batch = new ArrayList<>();
    Instant oldest = null;
    for (Judged j : group) {
      batch.addAll(j.accepted());
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
      written = Patterns.retry(
              () -> store.write(batch), settings.writeAttempts(), settings.minBackoff(), settings.maxBackoff(), 0.2, system)
          .whenCompleteAsync((v, e) -> {
            if (e != null) {
              batch.forEach(a -> unsettled.put(a.reading(), new Unsettled(a.location(), connectGeneration.get(), true)));
            }
          }, dispatcher)
          .thenApplyAsync(v -> {
            settled(batch);
            stats.batchWritten(Duration.ofNanos(System.nanoTime() - started), Duration.between(firstReceived, clock.instant()));
            return Done.getInstance();
          }, dispatcher);
    }
    return written
        .thenComposeAsync(v -> {
          long ackStarted = System.nanoTime();
          return ackAll(group).thenApply(d -> {
            stats.acked(Duration.ofNanos(System.nanoTime() - ackStarted));
            return d;
          });
        }, dispatcher)
        .thenApplyAsync(v -> {
          stats.accepted(batch.size());
          stored.accept(batch);
          return Done.getInstance();
        }, dispatcher);
  }

  private void unsettle(Reading reading, MeterLocation location, int generation) {
    if (unsettled.size() < UNSETTLED_CAPACITY) {
      unsettled.put(reading, new Unsettled(location, generation, false));
    } else {
      log.error("{} readings accepted but not stored: not tracking {} (if its write fails, its redelivery counts as a duplicate)",
          UNSETTLED_CAPACITY, reading.serial());
    }
  }

  private void settled(List<AcceptedReading> batch) {
    for (AcceptedReading a : batch) {
      unsettled.remove(a.reading());
    }
  }

  /** Readings accepted by their meter entity and not yet durably written. */
  public int unsettledCount() {
    return unsettled.size();
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
