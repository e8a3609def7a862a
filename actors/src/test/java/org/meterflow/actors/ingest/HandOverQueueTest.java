package org.meterflow.actors.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.meterflow.mqtt.broker.HeldPuback;
import org.meterflow.mqtt.payload.ReadingTopic;

/**
 * The embedded broker's way into the ingest (decisions §25), on real streams: what it refuses at
 * once, that a decision coming after the broker's timeout never reaches the stream, and that the
 * messages a failed stream held are refused at once rather than after the broker's timeout.
 */
class HandOverQueueTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String ACCEPTED = "PUBACK";
  private static final ActorTestKit kit = ActorTestKit.create();

  private final HandOverQueue queue = new HandOverQueue();
  private final SharedKillSwitch stop = KillSwitches.shared("hand-over-test");
  /** Messages the processing flow has taken, and the writes it holds open for them. */
  private final List<IngestMessage> taken = new CopyOnWriteArrayList<>();
  private final List<CompletableFuture<Done>> held = new CopyOnWriteArrayList<>();

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  @Test
  void refusesBeforeItsStreamRunsWhenItsBufferIsFullAndAfterItStopped() throws Exception {
    assertThat(queue.offer(METER, "M1", payload("early"), new Publisher().puback)).as("no stream yet").isFalse();

    CountDownLatch first = new CountDownLatch(1);
    CompletableFuture<Done> running = run(1, holding(1, first));
    assertThat(queue.offer(METER, "M1", payload("1"), new Publisher().puback)).isTrue();
    assertThat(first.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("the flow took the first").isTrue();
    assertThat(queue.offer(METER, "M1", payload("2"), new Publisher().puback)).as("waits in the buffer").isTrue();
    assertThat(queue.offer(METER, "M1", payload("3"), new Publisher().puback)).as("the buffer is full").isFalse();

    stop.shutdown(); // as IngestStream.shutdown(): takes no more, finishes what is in flight
    held.get(0).complete(Done.getInstance());
    running.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(queue.offer(METER, "M1", payload("late"), new Publisher().puback)).as("stopped").isFalse();
  }

  @Test
  void aDecisionAfterTheBrokersTimeoutIsIgnoredAndTheStreamGoesOn() throws Exception {
    CompletableFuture<Done> running = run(4, Flow.<IngestMessage>create().mapAsync(1, IngestMessage::ack));
    Publisher timedOut = new Publisher();
    timedOut.brokerGaveUp = true; // the broker refused it after its timeout, so deciding now throws there
    Publisher next = new Publisher();

    assertThat(queue.offer(METER, "M1", payload("1"), timedOut.puback)).isTrue();
    assertThat(queue.offer(METER, "M1", payload("2"), next.puback)).isTrue();

    assertThat(next.decision.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("the next one is acked").isEqualTo(ACCEPTED);
    assertThat(timedOut.decision).as("the late decision went nowhere").isNotDone();
    assertThat(running).as("the stream did not fail").isNotDone();
    stop.shutdown();
    assertThat(running.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(Done.getInstance());
  }

  @Test
  void whatAFailedStreamHeldIsRefusedAtOnce() throws Exception {
    CountDownLatch threeTaken = new CountDownLatch(3);
    CompletableFuture<Done> running = run(4, Flow.<IngestMessage>create()
        .mapAsync(2, m -> {
          threeTaken.countDown();
          return new String(m.payload(), StandardCharsets.UTF_8).equals("stored") ? m.ack() : hold(m);
        }));
    Publisher stored = new Publisher();
    Publisher writing = new Publisher();
    Publisher queued = new Publisher();
    assertThat(queue.offer(METER, "M1", payload("stored"), stored.puback)).isTrue();
    assertThat(stored.decision.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(ACCEPTED);
    assertThat(queue.offer(METER, "M1", payload("writing"), writing.puback)).isTrue();
    assertThat(queue.offer(GATEWAY, "G1", payload("queued"), queued.puback)).isTrue();
    assertThat(threeTaken.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("two writes held open").isTrue();
    Publisher buffered = new Publisher();
    assertThat(queue.offer(METER, "M1", payload("buffered"), buffered.puback)).isTrue();

    held.get(0).completeExceptionally(new IllegalStateException("store unreachable (test)"));

    for (Publisher refused : List.of(writing, queued, buffered)) {
      assertThat(refused.decision.get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
          .startsWith("the ingest failed").contains("store unreachable (test)");
    }
    assertThat(stored.decision.get()).as("what was acked stays acked").isEqualTo(ACCEPTED);
    assertThat(running).failsWithin(WAIT);
    assertThat(queue.offer(METER, "M1", payload("after"), new Publisher().puback)).as("the failed stream takes nothing").isFalse();
  }

  private static final ReadingTopic METER = new ReadingTopic(ReadingTopic.Kind.METER, "M1");
  private static final ReadingTopic GATEWAY = new ReadingTopic(ReadingTopic.Kind.GATEWAY, "G1");

  /** Runs a fresh hand-over stream as the ingest does: stopped by the kill switch before processing. */
  private CompletableFuture<Done> run(int bufferSize, Flow<IngestMessage, Done, NotUsed> processing) {
    return queue.stream(bufferSize, Flow.<IngestMessage>create().via(stop.flow()).via(processing), () -> { })
        .runWith(Sink.ignore(), kit.system())
        .toCompletableFuture();
  }

  /** Takes messages one at a time and holds each one's write open. */
  private Flow<IngestMessage, Done, NotUsed> holding(int parallelism, CountDownLatch taking) {
    return Flow.<IngestMessage>create().mapAsync(parallelism, m -> {
      taking.countDown();
      return hold(m);
    });
  }

  private CompletionStage<Done> hold(IngestMessage message) {
    CompletableFuture<Done> write = new CompletableFuture<>();
    taken.add(message);
    held.add(write);
    return write;
  }

  private static byte[] payload(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A publisher's side of the broker: the decision its PUBACK got, once. */
  private static final class Publisher {
    final CompletableFuture<String> decision = new CompletableFuture<>();
    volatile boolean brokerGaveUp;
    final HeldPuback puback = new HeldPuback("M1", reason -> {
      if (brokerGaveUp) {
        throw new IllegalStateException("already refused after the hand-over timeout (test)");
      }
      decision.complete(reason == null ? ACCEPTED : reason);
    });
  }
}
