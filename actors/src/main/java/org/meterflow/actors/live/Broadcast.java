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

/**
 * A live broadcast of {@code T} to any number of subscribers. Publishing never blocks: when the
 * broadcast falls behind, the oldest items are dropped (they are safe in the store), and a slow
 * subscriber loses its own oldest items without slowing anyone else.
 */
public final class Broadcast<T> {

  private final BoundedSourceQueue<T> queue;
  private final Source<T, NotUsed> hub;
  private final int subscriberBuffer;

  public Broadcast(ActorSystem<?> system, Class<T> type, int publishBuffer, int subscriberBuffer) {
    Pair<BoundedSourceQueue<T>, Source<T, NotUsed>> pair =
        Source.<T>queue(publishBuffer).toMat(BroadcastHub.of(type, 256), Keep.both()).run(system);
    this.queue = pair.first();
    this.hub = pair.second();
    this.subscriberBuffer = subscriberBuffer;
    // A permanent consumer keeps the hub draining while nobody watches.
    hub.runWith(Sink.ignore(), system);
  }

  /** Offers an item to subscribers; drops it when the broadcast is full. */
  public void publish(T item) {
    queue.offer(item);
  }

  /** Items from now on, each subscriber with its own bounded buffer. */
  public Source<T, NotUsed> subscribe() {
    return hub.buffer(subscriberBuffer, OverflowStrategy.dropHead());
  }

  public void close() {
    queue.complete();
  }
}
