package org.meterflow.app.cluster;

import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.meterflow.actors.CborSerializable;
import org.meterflow.actors.live.LiveFeed;
import org.meterflow.http.api.EventQuery;
import org.meterflow.model.reading.AcceptedReading;

/**
 * Carries a live feed to the other nodes of the cluster, so that a WebSocket on any node sees every
 * meter wherever its MQTT session or entity is: items published on this node are collected for
 * {@code meterflow.cluster.live-batch} and sent as one message on a pub-sub topic; batches from
 * other nodes go to this node's local feed. Like the local feeds it never slows the ingest: when its
 * buffer is full, items are dropped from the other nodes' live screens only (they are in the stores).
 * Started on a node of a multi-node cluster only: a single node's feeds stay local.
 *
 * @param <T> what the feed carries
 */
public final class FeedRelay<T> {

  /** A batch of live items from node {@code origin}. */
  public interface Batch<T> extends CborSerializable {
    String origin();

    List<T> items();
  }

  /** Accepted readings, for live WebSockets on other nodes. */
  public record LiveReadings(String origin, List<AcceptedReading> items) implements Batch<AcceptedReading> {}

  /** Quality events as shown live, for the utility page on other nodes. */
  public record LiveEvents(String origin, List<EventQuery.EventView> items) implements Batch<EventQuery.EventView> {}

  private static final int MAX_BATCH = 2_000;

  private final BoundedSourceQueue<T> outgoing;

  private FeedRelay(BoundedSourceQueue<T> outgoing) {
    this.outgoing = outgoing;
  }

  /** The live readings of every node into {@code local}. */
  public static FeedRelay<AcceptedReading> readings(ActorSystem<?> system, LiveFeed local, int buffer, Duration batch) {
    return start(system, LiveReadings.class, "meterflow-live-readings", LiveReadings::new, local::publish, buffer, batch);
  }

  /** The live quality events of every node into {@code local}. */
  public static FeedRelay<EventQuery.EventView> events(ActorSystem<?> system, Consumer<EventQuery.EventView> local,
      int buffer, Duration batch) {
    return start(system, LiveEvents.class, "meterflow-live-events", LiveEvents::new, local, buffer, batch);
  }

  private static <T, B extends Batch<T>> FeedRelay<T> start(ActorSystem<?> system, Class<B> type, String topicName,
      BiFunction<String, List<T>, B> batchOf, Consumer<T> local, int buffer, Duration within) {
    String self = Cluster.get(system).selfMember().address().toString();
    ActorRef<Topic.Command<B>> topic = system.systemActorOf(Topic.create(type, topicName), topicName, Props.empty());
    ActorRef<B> subscriber = system.systemActorOf(Behaviors.receiveMessage(received -> {
      if (!received.origin().equals(self)) {
        received.items().forEach(local);
      }
      return Behaviors.same();
    }), topicName + "-subscriber", Props.empty());
    topic.tell(Topic.subscribe(subscriber));
    BoundedSourceQueue<T> queue = Source.<T>queue(buffer)
        .groupedWithin(MAX_BATCH, within)
        .to(Sink.foreach(items -> topic.tell(Topic.publish(batchOf.apply(self, List.copyOf(items))))))
        .run(system);
    return new FeedRelay<>(queue);
  }

  /** Sends an item published on this node to the other nodes (dropped when the buffer is full). */
  public void offer(T item) {
    outgoing.offer(item);
  }

  /** Sends a message's items, in order. */
  public void offerAll(List<T> items) {
    items.forEach(outgoing::offer);
  }

  public void close() {
    outgoing.complete();
  }
}
