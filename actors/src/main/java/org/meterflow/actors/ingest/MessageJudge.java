package org.meterflow.actors.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /**
   * Decodes a message and asks its meters about its readings; completes with what is to be stored.
   * Every refusal is counted with its reason as it is known (decoding, then each meter's answer).
   */
  CompletionStage<ValidatedMessage> judge(IngestMessage message) {
    Instant receivedAt = clock.instant();
    stats.message();
    byte[] payload = message.payload();
    if (!message.onReadingsTopic()) {
      String topicName = message.strayTopic();
      reject(topicName, RejectionReason.MALFORMED, "not a readings topic: " + topicName,
          new String(payload, StandardCharsets.UTF_8));
      return CompletableFuture.completedFuture(new ValidatedMessage(message, receivedAt));
    }
    DecodedPayload decoded = codec.decode(message.topic(), payload);
    for (DecodedPayload.Rejection r : decoded.rejections()) {
      reject(r.serial(), r.verdict().reason(), r.verdict().detail(), excerpt(payload));
    }
    if (decoded.readings().isEmpty()) {
      return CompletableFuture.completedFuture(new ValidatedMessage(message, receivedAt));
    }
    stats.received(Duration.between(decoded.readings().get(0).ts(), receivedAt));
    // One ask per meter in the message (a meter's own batch is one ask, whatever its size).
    Map<String, List<Reading>> byMeter = new LinkedHashMap<>();
    for (Reading reading : decoded.readings()) {
      byMeter.computeIfAbsent(reading.serial(), s -> new ArrayList<>()).add(reading);
    }
    List<List<Reading>> meters = new ArrayList<>(byMeter.values());
    List<CompletableFuture<ReadingOutcomes>> answers = new ArrayList<>(meters.size());
    for (List<Reading> ofMeter : meters) {
      answers.add(askMeter(ofMeter, receivedAt).toCompletableFuture());
    }
    return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(v -> {
      stats.judged(Duration.between(receivedAt, clock.instant()));
      List<AcceptedReading> accepted = new ArrayList<>(decoded.readings().size());
      List<AcceptedReading> redelivered = new ArrayList<>(0);
      for (int m = 0; m < meters.size(); m++) {
        List<Reading> readings = meters.get(m);
        List<ReadingOutcome> outcomes = answers.get(m).join().outcomes();
        for (int i = 0; i < readings.size(); i++) {
          ReadingOutcome outcome = outcomes.get(i);
          switch (outcome.kind()) {
            case ACCEPTED -> accepted.add(new AcceptedReading(readings.get(i), receivedAt, outcome.location()));
            case REDELIVERED -> redelivered.add(new AcceptedReading(readings.get(i), receivedAt, outcome.location()));
            case DUPLICATE, REJECTED -> { } // counted when the meter answered; nothing to store
          }
        }
      }
      return new ValidatedMessage(message, receivedAt, accepted, redelivered);
    });
  }

  /**
   * Asks a meter's entity about its readings of one message, and counts what it will not store
   * (duplicates, rejections) as soon as it answers. The entity's outcomes come back in reading order.
   */
  private CompletionStage<ReadingOutcomes> askMeter(List<Reading> readings, Instant receivedAt) {
    return sharding.entityRefFor(MeterEntity.ENTITY_KEY, readings.get(0).serial())
        .<ReadingOutcomes>askWithStatus(replyTo -> new MeterEntity.RecordReadings(readings, receivedAt, replyTo),
            askTimeout)
        .thenApplyAsync(reply -> {
          for (int i = 0; i < readings.size(); i++) {
            count(readings.get(i), reply.outcomes().get(i));
          }
          return reply;
        }, dispatcher);
  }

  private void count(Reading reading, ReadingOutcome outcome) {
    switch (outcome.kind()) {
      case ACCEPTED -> { } // counted once durable
      case REDELIVERED, DUPLICATE -> stats.duplicate();
      case REJECTED -> reject(reading.serial(), outcome.reason(), outcome.detail(),
          new String(codec.encode(reading), StandardCharsets.UTF_8));
    }
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
