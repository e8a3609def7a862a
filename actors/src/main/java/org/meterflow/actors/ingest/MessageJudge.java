package org.meterflow.actors.ingest;

import java.nio.charset.StandardCharsets;
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
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.meterflow.actors.meter.MeterEntity;
import org.meterflow.actors.meter.ReadingOutcome;
import org.meterflow.actors.meter.ReadingOutcomes;
import org.meterflow.model.reading.AcceptedReading;
import org.meterflow.model.reading.Reading;
import org.meterflow.model.reading.RejectionReason;
import org.meterflow.mqtt.payload.DecodedPayload;
import org.meterflow.mqtt.payload.ReadingPayloadCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The first step of the ingest: a message's payload decoded on the topic its source knew, its
 * readings put to their meters' entities (one ask per meter in the message, decisions §31), every
 * refusal counted with its reason.
 */
final class MessageJudge {

  private static final Logger log = LoggerFactory.getLogger(MessageJudge.class);

  private final ClusterSharding sharding;
  private final Duration askTimeout;
  private final IngestStats stats;
  private final ReadingPayloadCodec codec;
  private final Clock clock;
  /** Where continuations run (see IngestStream's dispatcher). */
  private final Executor dispatcher;

  MessageJudge(ClusterSharding sharding, Duration askTimeout, IngestStats stats, ReadingPayloadCodec codec, Clock clock,
      Executor dispatcher) {
    this.sharding = sharding;
    this.askTimeout = askTimeout;
    this.stats = stats;
    this.codec = codec;
    this.clock = clock;
    this.dispatcher = dispatcher;
  }

  /** A reading's verdict as the stream needs it. */
  private record Judgement(AcceptedReading reading, boolean redelivered) {}

  CompletionStage<Judged> judge(IngestMessage message) {
    Instant receivedAt = clock.instant();
    stats.message();
    byte[] payload = message.payload();
    if (!message.onReadingsTopic()) {
      String topicName = message.strayTopic();
      reject(topicName, RejectionReason.MALFORMED, "not a readings topic: " + topicName,
          new String(payload, StandardCharsets.UTF_8));
      return CompletableFuture.completedFuture(new Judged(message, receivedAt));
    }
    DecodedPayload decoded = codec.decode(message.topic(), payload);
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
            askTimeout)
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
            StandardCharsets.UTF_8));
        yield Optional.empty();
      }
    };
  }

  private static String excerpt(byte[] payload) {
    int n = Math.min(payload.length, IngestStats.SAMPLE_CHARS);
    return new String(payload, 0, n, StandardCharsets.UTF_8);
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
