package org.meterflow.actors.live;

import java.util.List;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Source;
import org.meterflow.model.reading.AcceptedReading;

/**
 * The live feed of accepted readings: the ingest path publishes each reading as soon as its meter
 * accepted it (before it is durable: decisions §33), so that it reaches the consumer's WebSocket
 * within the latency target of docs/targets.md (100 ms at p99 from broker receipt); every
 * WebSocket subscribes with a filter. Never slows ingest (see {@link Broadcast}).
 */
public final class LiveFeed {

  private final Broadcast<AcceptedReading> readings;

  public LiveFeed(ActorSystem<?> system, int publishBuffer, int subscriberBuffer) {
    this.readings = new Broadcast<>(system, AcceptedReading.class, publishBuffer, subscriberBuffer);
  }

  /** Offers an accepted reading to live subscribers; drops it when the feed is full. */
  public void publish(AcceptedReading reading) {
    readings.publish(reading);
  }

  /** Offers a message's accepted readings, in order (the ingest's {@code live} sink). */
  public void publishAll(List<AcceptedReading> accepted) {
    for (AcceptedReading reading : accepted) {
      readings.publish(reading);
    }
  }

  /** Live readings of one meter, from now on. */
  public Source<AcceptedReading, NotUsed> meter(String serial) {
    return readings.subscribe().filter(r -> r.serial().equals(serial));
  }

  /** Live readings of every meter (operators). */
  public Source<AcceptedReading, NotUsed> all() {
    return readings.subscribe();
  }

  public void close() {
    readings.close();
  }
}
