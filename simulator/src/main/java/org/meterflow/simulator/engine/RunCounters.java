package org.meterflow.simulator.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** What a run has sent and what the broker acknowledged, counted without contention. */
public final class RunCounters {

  final LongAdder messagesSent = new LongAdder();
  final LongAdder messagesAcked = new LongAdder();
  final LongAdder readingsSent = new LongAdder();
  final LongAdder readingsAcked = new LongAdder();
  final LongAdder cleanAcked = new LongAdder();
  final LongAdder duplicatesAcked = new LongAdder();
  final LongAdder malformedAcked = new LongAdder();
  final LongAdder rejectedAcked = new LongAdder();
  final LongAdder skewedAcked = new LongAdder();
  final LongAdder errors = new LongAdder();
  final LongAdder disconnects = new LongAdder();
  final LongAdder reconnects = new LongAdder();
  final LongAdder dropped = new LongAdder();

  void sent(Outgoing m) {
    messagesSent.increment();
    readingsSent.add(m.readings());
  }

  void acked(Outgoing m) {
    messagesAcked.increment();
    readingsAcked.add(m.readings());
    cleanAcked.add(m.clean());
    duplicatesAcked.add(m.duplicates());
    malformedAcked.add(m.malformed());
    rejectedAcked.add(m.rejectedExpected());
    skewedAcked.add(m.skewed());
  }

  public long messagesSent() {
    return messagesSent.sum();
  }

  public long messagesAcked() {
    return messagesAcked.sum();
  }

  /** Readings handed to the transport (every kind). */
  public long readingsSent() {
    return readingsSent.sum();
  }

  /** Readings the broker acknowledged (every kind). */
  public long readingsAcked() {
    return readingsAcked.sum();
  }

  /** Acknowledged readings the platform should accept: equals its accepted count after the run. */
  public long acked() {
    return cleanAcked.sum();
  }

  public long duplicatesAcked() {
    return duplicatesAcked.sum();
  }

  public long malformedAcked() {
    return malformedAcked.sum();
  }

  public long rejectedAcked() {
    return rejectedAcked.sum();
  }

  public long skewedAcked() {
    return skewedAcked.sum();
  }

  /** Publishes that failed (retried) plus connection attempts that failed. */
  public long errors() {
    return errors.sum();
  }

  public long disconnects() {
    return disconnects.sum();
  }

  public long reconnects() {
    return reconnects.sum();
  }

  /** Messages dropped because a sender's store-and-forward buffer was full. */
  public long dropped() {
    return dropped.sum();
  }

  public Map<String, Long> asMap() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("messagesSent", messagesSent());
    m.put("messagesAcked", messagesAcked());
    m.put("readingsSent", readingsSent());
    m.put("readingsAcked", readingsAcked());
    m.put("acked", acked());
    m.put("duplicatesAcked", duplicatesAcked());
    m.put("malformedAcked", malformedAcked());
    m.put("rejectedAcked", rejectedAcked());
    m.put("skewedAcked", skewedAcked());
    m.put("errors", errors());
    m.put("disconnects", disconnects());
    m.put("reconnects", reconnects());
    m.put("dropped", dropped());
    return m;
  }
}
