package org.meterflow.actors.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.meterflow.actors.meter.MeterEntity;
import org.meterflow.actors.meter.MeterEntitySettings;
import org.meterflow.actors.meter.QualityEventSink;
import org.meterflow.model.meter.MeterRegistration;
import org.meterflow.model.port.LoadPoint;
import org.meterflow.model.port.NetworkLevel;
import org.meterflow.model.port.ReadingArchive;
import org.meterflow.model.port.ReadingStore;
import org.meterflow.model.reading.AcceptedReading;
import org.meterflow.model.reading.Reading;
import org.meterflow.model.reading.ReadingPoint;
import org.meterflow.model.reading.ValidationLimits;
import org.meterflow.mqtt.payload.ReadingPayloadCodec;
import org.meterflow.mqtt.payload.ReadingTopic;

/**
 * The live feed hears of a reading when its meter accepts it, while its write is still open: a slow
 * store (an fsync stall) must not delay the consumer's screen. The count and the ack still wait for
 * the write, and a redelivered copy is not shown twice.
 */
class LiveBeforeDurableTest {

  private static final Instant NOW = Instant.parse("2026-11-26T10:15:00Z");
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final ActorTestKit kit = ActorTestKit.create(ConfigFactory.parseString("""
          pekko.actor.provider = cluster
          pekko.remote.artery.canonical.hostname = 127.0.0.1
          pekko.remote.artery.canonical.port = 0
          pekko.actor.serialization-bindings {"org.meterflow.actors.CborSerializable" = jackson-cbor}
          """).withFallback(EventSourcedBehaviorTestKit.config()).withFallback(ConfigFactory.load()));

  private final ReadingPayloadCodec codec = new ReadingPayloadCodec(65_536, (gateway, serial) -> false);
  private final List<AcceptedReading> live = new CopyOnWriteArrayList<>();
  private final List<AcceptedReading> stored = new CopyOnWriteArrayList<>();
  private final HeldStore store = new HeldStore();
  private final IngestStats stats = new IngestStats(new SimpleMeterRegistry());

  @BeforeAll
  static void joinAndRegister() throws Exception {
    Cluster cluster = Cluster.get(kit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    MeterEntity.init(kit.system(), new MeterEntitySettings(ValidationLimits.defaults(), Duration.ofHours(1), 100,
        Clock.fixed(NOW, ZoneOffset.UTC)), QualityEventSink.NONE);
    MeterRegistration meter = new MeterRegistration("M0000001", "C1", "domestic", "north", "SS1", "F1", "DT1", 230, 50, 1, false);
    ClusterSharding.get(kit.system()).entityRefFor(MeterEntity.ENTITY_KEY, "M0000001")
        .<Done>askWithStatus(replyTo -> new MeterEntity.Register(meter, replyTo), WAIT)
        .toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @Test
  void aReadingIsLiveBeforeItsWriteCompletesAndCountedAndAckedOnlyAfter() throws Exception {
    IngestSinks sinks = new IngestSinks(live::addAll, new IngestSinks.Durable(store, ReadingArchive.none()), stored::addAll);
    IngestStream ingest = new IngestStream(kit.system(), settings(), sinks, stats, codec, Clock.fixed(NOW, ZoneOffset.UTC));
    Reading reading = new Reading("M0000001", 1, NOW.minusSeconds(60), 10.5, 0.0, 231.0, 4.0, 50.0, 0.95);
    Message first = new Message(reading);

    Source.single(first.message).via(ingest.processing()).runWith(Sink.ignore(), kit.system());

    CompletableFuture<Void> write = store.nextWrite.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(await(() -> live.size() == 1)).as("shown live while its write is open").isTrue();
    assertThat(live.get(0).reading()).isEqualTo(reading);
    assertThat(write).isNotDone();
    assertThat(first.acked).as("not acked before it is durable").isNotDone();
    assertThat(stats.acceptedCount()).as("not counted before it is durable").isZero();
    assertThat(stored).isEmpty();

    write.complete(null);
    first.acked.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(stats.acceptedCount()).isEqualTo(1);
    assertThat(stored).extracting(AcceptedReading::reading).containsExactly(reading);

    store.completeAtOnce = true;
    Message again = new Message(reading);
    Source.single(again.message).via(ingest.processing()).runWith(Sink.ignore(), kit.system());
    again.acked.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(live).as("a redelivered copy is stored again but not shown again").hasSize(1);
    assertThat(stats.acceptedCount()).isEqualTo(1);
  }

  private static IngestSettings settings() {
    return new IngestSettings("", "ingest", "", false, 100, 1, 100, 16, WAIT, 100, Duration.ofMillis(20), 2,
        65_536, 3, Duration.ofMillis(100), Duration.ofSeconds(1));
  }

  private static boolean await(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
    }
    return true;
  }

  /** A message as the broker hands it over, remembering its ack. */
  private final class Message implements IngestMessage.Ack {
    final CompletableFuture<Done> acked = new CompletableFuture<>();
    final IngestMessage message;

    Message(Reading reading) {
      this.message = IngestMessage.of(new ReadingTopic(ReadingTopic.Kind.METER, reading.serial()), reading.serial(),
          codec.encode(reading), this);
    }

    @Override
    public CompletionStage<Done> ack() {
      acked.complete(Done.getInstance());
      return acked;
    }
  }

  /** A store whose writes stay open until the test completes them (a stalled fsync), or complete at once. */
  private static final class HeldStore implements ReadingStore {
    final CompletableFuture<CompletableFuture<Void>> nextWrite = new CompletableFuture<>();
    volatile boolean completeAtOnce;

    @Override
    public CompletionStage<Void> write(List<AcceptedReading> batch) {
      if (completeAtOnce) {
        return CompletableFuture.completedFuture(null);
      }
      CompletableFuture<Void> write = new CompletableFuture<>();
      nextWrite.complete(write);
      return write;
    }

    @Override
    public CompletionStage<Optional<AcceptedReading>> latest(String serial) {
      return CompletableFuture.failedFuture(new UnsupportedOperationException());
    }

    @Override
    public CompletionStage<List<ReadingPoint>> range(String serial, Instant from, Instant to, Duration step) {
      return CompletableFuture.failedFuture(new UnsupportedOperationException());
    }

    @Override
    public CompletionStage<Long> count(String serial, Instant from, Instant to) {
      return CompletableFuture.failedFuture(new UnsupportedOperationException());
    }

    @Override
    public CompletionStage<List<LoadPoint>> load(NetworkLevel level, String id, Instant from, Instant to, Duration step) {
      return CompletableFuture.failedFuture(new UnsupportedOperationException());
    }

    @Override
    public void close() {
      // nothing held
    }
  }
}
