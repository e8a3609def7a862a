package org.meterflow.actors.live;

import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.BroadcastHub;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.meterflow.model.reading.AcceptedReading;

/**
 * The live feed of accepted readings (SPEC §6): the ingest path publishes each durably stored
 * reading; every WebSocket subscribes with a filter. Publishing never blocks ingest: when the
 * feed falls behind, the oldest live readings are dropped (they are safe in the store), and a
 * slow subscriber loses its own oldest readings without slowing anyone else.
 */
public final class LiveFeed {

  private final BoundedSourceQueue<AcceptedReading> queue;
  private final Source<AcceptedReading, NotUsed> hub;
  private final int subscriberBuffer;

  public LiveFeed(ActorSystem<?> system, int publishBuffer, int subscriberBuffer) {
    Pair<BoundedSourceQueue<AcceptedReading>, Source<AcceptedReading, NotUsed>> pair =
        Source.<AcceptedReading>queue(publishBuffer)
            .toMat(BroadcastHub.of(AcceptedReading.class, 256), Keep.both())
            .run(system);
    this.queue = pair.first();
    this.hub = pair.second();
    this.subscriberBuffer = subscriberBuffer;
    // A permanent consumer keeps the hub draining while nobody watches.
    hub.runWith(Sink.ignore(), system);
  }

  /** Offers a stored reading to live subscribers; drops it when the feed is full. */
  public void publish(AcceptedReading reading) {
    queue.offer(reading);
  }

  /** Live readings of one meter, from now on. */
  public Source<AcceptedReading, NotUsed> meter(String serial) {
    return hub.filter(r -> r.serial().equals(serial)).buffer(subscriberBuffer, OverflowStrategy.dropHead());
  }

  /** Live readings of every meter (operators). */
  public Source<AcceptedReading, NotUsed> all() {
    return hub.buffer(subscriberBuffer, OverflowStrategy.dropHead());
  }

  public void close() {
    queue.complete();
  }
}
