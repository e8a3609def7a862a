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
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Source;
import org.meterflow.mqtt.broker.HeldPuback;
import org.meterflow.mqtt.payload.ReadingTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the embedded broker's handed-over messages enter the ingest (decisions §25): the bounded
 * queue of the running stream, and the PUBACKs of the messages taken but not yet acknowledged, which
 * are refused at once when their stream fails rather than after the broker's timeout.
 */
final class HandOverQueue {

  private static final Logger log = LoggerFactory.getLogger(HandOverQueue.class);

  /** The running stream's queue; a failed or completed one refuses. */
  private final AtomicReference<BoundedSourceQueue<IngestMessage>> queue = new AtomicReference<>();
  private final Set<HeldPuback> pending = ConcurrentHashMap.newKeySet();

  /**
   * A fresh stream of handed-over messages through {@code processing}: once materialized, it is
   * where {@link #offer} puts messages, and {@code taking} runs. When it fails, every message it
   * held and had not acknowledged is refused at once.
   */
  Source<Done, NotUsed> stream(int bufferSize, Flow<IngestMessage, Done, NotUsed> processing, Runnable taking) {
    return Source.<IngestMessage>queue(bufferSize)
        .mapMaterializedValue(q -> {
          queue.set(q);
          taking.run();
          return NotUsed.getInstance();
        })
        .via(processing)
        .watchTermination((notUsed, done) -> {
          done.whenComplete((d, failure) -> {
            if (failure != null) {
              refuseAll("the ingest failed: " + failure.getMessage());
            }
          });
          return notUsed;
        });
  }

  /**
   * Takes a message as the broker knew it, or says no: before the first stream, while it restarts,
   * when full, after it stopped. A message taken is the ingest's to decide on.
   */
  boolean offer(ReadingTopic topic, String clientId, byte[] payload, HeldPuback puback) {
    BoundedSourceQueue<IngestMessage> q = queue.get();
    if (q == null) {
      return false;
    }
    pending.add(puback);
    if (QueueOfferResult.enqueued().equals(q.offer(IngestMessage.of(topic, clientId, payload, new HandedOver(puback))))) {
      return true;
    }
    pending.remove(puback);
    return false;
  }

  /** Refuses every message taken and not yet acknowledged (their publishers send them again). */
  void refuseAll(String reason) {
    int refused = 0;
    for (HeldPuback puback : pending) {
      if (pending.remove(puback)) {
        puback.refuse(reason);
        refused++;
      }
    }
    if (refused > 0) {
      log.warn("refused {} handed-over messages (their publishers send them again): {}", refused, reason);
    }
  }

  /** A handed-over message's ack: lets the broker send the PUBACK. */
  private final class HandedOver implements IngestMessage.Ack {
    private final HeldPuback puback;

    HandedOver(HeldPuback puback) {
      this.puback = puback;
    }

    @Override
    public CompletionStage<Done> ack() {
      pending.remove(puback);
      puback.accept();
      return CompletableFuture.completedFuture(Done.getInstance());
    }

    @Override
    public void refuse(String reason) {
      pending.remove(puback);
      puback.refuse(reason);
    }
  }
}
