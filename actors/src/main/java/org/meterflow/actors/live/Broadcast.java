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
 * A live broadcast of {@code T} to any number of subscribers, for items that are kept elsewhere
 * too (readings in the stores, events in the journal and the events table): an item dropped here
 * is missing from live screens only.
 *
 * <p>Publishing never blocks. {@link #publish} puts the item into a buffer of
 * {@code publishBuffer} items in front of a {@link BroadcastHub}; when that buffer is full, the
 * item being published is dropped (silently) and the items already buffered stay. The buffer fills
 * only when the hub's consumers cannot take items as fast as they come (their streams get too
 * little CPU): a permanent consumer keeps the hub draining while nobody watches, and every
 * subscriber reads through its own buffer of {@code subscriberBuffer} items which, when the
 * subscriber cannot keep up, drops that subscriber's oldest items, so a slow subscriber loses
 * items without holding back the hub or anyone else.
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

  /**
   * Offers an item to subscribers, without blocking; drops this item (not older ones) when the
   * publish buffer is full, and after {@link #close()}.
   */
  public void publish(T item) {
    queue.offer(item);
  }

  /**
   * Items published from now on. When this subscriber is {@code subscriberBuffer} items behind, its
   * oldest items are dropped.
   */
  public Source<T, NotUsed> subscribe() {
    return hub.buffer(subscriberBuffer, OverflowStrategy.dropHead());
  }

  /** Completes every subscriber's stream once the buffered items are delivered. */
  public void close() {
    queue.complete();
  }
}
