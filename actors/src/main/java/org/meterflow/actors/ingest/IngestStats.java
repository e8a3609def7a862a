package org.meterflow.actors.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.meterflow.model.reading.RejectionReason;

/**
 * Counts of the ingest path, shown at {@code /api/v1/ingest/stats} and {@code /metrics}:
 * accepted readings (stored), duplicates (acked, stored once), rejections by reason.
 * A reading is counted once it is durably written (accepted) or decided (duplicate, rejected).
 */
public final class IngestStats {

  private final Counter accepted;
  private final Counter duplicates;
  private final Counter messages;
  private final Map<RejectionReason, Counter> rejected = new EnumMap<>(RejectionReason.class);
  private final Timer writeLatency;
  private final Timer ingestLag;
  private final Timer judgeLatency;
  private final Timer readingAge;
  private final Timer ackLatency;
  private final AtomicLong lastBatchAt = new AtomicLong();
  private volatile Supplier<Map<String, Long>> brokerRefusals = Map::of;

  public IngestStats(MeterRegistry registry) {
    accepted = Counter.builder("meterflow.readings.accepted").description("Readings validated and durably stored").register(registry);
    duplicates = Counter.builder("meterflow.readings.duplicates").description("Redelivered or repeated readings, stored once").register(registry);
    messages = Counter.builder("meterflow.mqtt.messages").description("MQTT messages taken from the broker").register(registry);
    for (RejectionReason reason : RejectionReason.values()) {
      rejected.put(reason, Counter.builder("meterflow.readings.rejected").tag("reason", reason.code())
          .description("Readings refused, by reason").register(registry));
    }
    writeLatency = Timer.builder("meterflow.store.write.latency").description("Time-series batch write latency")
        .publishPercentiles(0.5, 0.99).register(registry);
    readingAge = Timer.builder("meterflow.ingest.reading.age").description("Reading timestamp to receipt from the broker (meter clock + broker queue)")
        .publishPercentiles(0.5, 0.99).register(registry);
    judgeLatency = Timer.builder("meterflow.ingest.judge.latency").description("Broker receipt to the meter entities' verdicts, per message")
        .publishPercentiles(0.5, 0.99).register(registry);
    ackLatency = Timer.builder("meterflow.ingest.ack.latency").description("Durable write to MQTT ack, per batch")
        .publishPercentiles(0.5, 0.99).register(registry);
    ingestLag = Timer.builder("meterflow.ingest.lag").description("Broker receipt to durable write, per batch")
        .publishPercentiles(0.5, 0.99).register(registry);
  }

  public void message() {
    messages.increment();
  }

  public void accepted(int n) {
    accepted.increment(n);
  }

  public void duplicate() {
    duplicates.increment();
  }

  /** How many recent rejections are kept for operators, and how much of each payload. */
  public static final int SAMPLES = 100;
  public static final int SAMPLE_CHARS = 512;

  /** A recently rejected reading or message, as operators see it at {@code /api/v1/ingest/rejections}. */
  public record RejectedSample(Instant at, String serial, String reason, String detail, String payload) {}

  private final java.util.ArrayDeque<RejectedSample> samples = new java.util.ArrayDeque<>(SAMPLES);

  public void rejected(RejectionReason reason) {
    rejected.get(reason).increment();
  }

  /** Counts a rejection and keeps it among the last {@link #SAMPLES} for operators. */
  public void rejected(RejectionReason reason, String serial, String detail, String payload, Instant at) {
    rejected(reason);
    String text = payload == null ? "" : payload.length() > SAMPLE_CHARS ? payload.substring(0, SAMPLE_CHARS) : payload;
    synchronized (samples) {
      if (samples.size() == SAMPLES) {
        samples.removeLast();
      }
      samples.addFirst(new RejectedSample(at, serial, reason.code(), detail, text));
    }
  }

  /** The most recent rejections, newest first. */
  public List<RejectedSample> recentRejections() {
    synchronized (samples) {
      return List.copyOf(samples);
    }
  }

  public void batchWritten(Duration writeTook, Duration lagOfOldest) {
    writeLatency.record(writeTook);
    ingestLag.record(lagOfOldest);
    lastBatchAt.set(System.currentTimeMillis());
  }

  public void received(Duration age) {
    if (!age.isNegative()) {
      readingAge.record(age);
    }
  }

  public double meanReadingAgeMillis() {
    return readingAge.mean(java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  public void judged(Duration took) {
    judgeLatency.record(took);
  }

  public void acked(Duration took) {
    ackLatency.record(took);
  }

  public double meanJudgeMillis() {
    return judgeLatency.mean(java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  public double meanAckMillis() {
    return ackLatency.mean(java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** Lets the embedded broker's connection refusals show beside the ingest rejections. */
  public void brokerRefusals(Supplier<Map<String, Long>> refusals) {
    this.brokerRefusals = refusals;
  }

  /** Batches written to the time-series store so far, and their mean write time in ms. */
  public long batchesWritten() {
    return writeLatency.count();
  }

  public double meanWriteMillis() {
    return writeLatency.mean(java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  public double meanLagMillis() {
    return ingestLag.mean(java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** The 99th percentile of the last couple of minutes, per stage: reading age at receipt, verdicts, durable write, receipt → durable. */
  public Map<String, Double> p99Millis() {
    Map<String, Double> p99 = new java.util.LinkedHashMap<>();
    p99.put("readingAge", p99(readingAge));
    p99.put("judge", p99(judgeLatency));
    p99.put("storeWrite", p99(writeLatency));
    p99.put("receiptToStored", p99(ingestLag));
    p99.put("ack", p99(ackLatency));
    return p99;
  }

  private static double p99(Timer timer) {
    for (var v : timer.takeSnapshot().percentileValues()) {
      if (v.percentile() == 0.99) {
        return Math.round(v.value(java.util.concurrent.TimeUnit.MILLISECONDS) * 10) / 10.0;
      }
    }
    return Double.NaN;
  }

  public long acceptedCount() {
    return (long) accepted.count();
  }

  public long duplicateCount() {
    return (long) duplicates.count();
  }

  public long rejectedCount(RejectionReason reason) {
    return (long) rejected.get(reason).count();
  }

  /** A point-in-time copy for the stats endpoint. */
  public Snapshot snapshot() {
    Map<String, Long> byReason = new LinkedHashMap<>();
    rejected.forEach((reason, counter) -> byReason.put(reason.code(), (long) counter.count()));
    return new Snapshot((long) messages.count(), (long) accepted.count(), (long) duplicates.count(), byReason,
        Map.copyOf(brokerRefusals.get()));
  }

  /** The JSON body of {@code GET /api/v1/ingest/stats}. */
  public record Snapshot(long messages, long accepted, long duplicates, Map<String, Long> rejected,
      Map<String, Long> brokerRefusals) {}
}
