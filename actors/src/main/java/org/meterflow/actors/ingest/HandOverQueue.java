package org.meterflow.actors.ingest;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.connectors.mqtt.MqttMessage;
import org.apache.pekko.stream.connectors.mqtt.javadsl.MqttMessageWithAck;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.meterflow.mqtt.broker.InboundReading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the embedded broker's handed-over messages enter the ingest (decisions §25): the bounded
 * queue of the running stream, and the messages taken but not yet acknowledged, which are refused
 * at once when their stream fails rather than after the broker's timeout.
 */
final class HandOverQueue {

  private static final Logger log = LoggerFactory.getLogger(HandOverQueue.class);

  /** The running stream's queue; a failed or completed one refuses. */
  private final AtomicReference<BoundedSourceQueue<InboundReading>> queue = new AtomicReference<>();
  private final Set<InboundReading> pending = ConcurrentHashMap.newKeySet();

  /**
   * A fresh source of handed-over messages, as the processing flow takes them; once materialized it
   * is where {@link #offer} puts messages, and {@code taking} runs.
   */
  Source<MqttMessageWithAck, NotUsed> source(int bufferSize, Runnable taking) {
    return Source.<InboundReading>queue(bufferSize)
        .mapMaterializedValue(q -> {
          queue.set(q);
          taking.run();
          return NotUsed.getInstance();
        })
        .map(reading -> new HandedOver(reading, pending));
  }

  /** Takes a message, or says no: before the first stream, while it restarts, when full, after it stopped. */
  boolean offer(InboundReading reading) {
    BoundedSourceQueue<InboundReading> q = queue.get();
    if (q == null) {
      return false;
    }
    pending.add(reading);
    if (QueueOfferResult.enqueued().equals(q.offer(reading))) {
      return true;
    }
    pending.remove(reading);
    return false;
  }

  /** Refuses every message taken and not yet acknowledged (their publishers send them again). */
  void refuseAll(String reason) {
    int refused = 0;
    for (InboundReading reading : pending) {
      if (pending.remove(reading)) {
        reading.refuse(reason);
        refused++;
      }
    }
    if (refused > 0) {
      log.warn("refused {} handed-over messages (their publishers send them again): {}", refused, reason);
    }
  }

  /** A handed-over message as the processing flow sees it; its ack lets the broker send the PUBACK. */
  private record HandedOver(InboundReading reading, MqttMessage message, Set<InboundReading> pending)
      implements MqttMessageWithAck {

    HandedOver(InboundReading reading, Set<InboundReading> pending) {
      this(reading, MqttMessage.create(reading.topic(), ByteString.fromArrayUnsafe(reading.payload())), pending);
    }

    @Override
    public CompletionStage<Done> ack() {
      pending.remove(reading);
      reading.accept();
      return CompletableFuture.completedFuture(Done.getInstance());
    }
  }
}
