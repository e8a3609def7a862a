package org.meterflow.simulator.fleet;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.meterflow.mqtt.payload.ReadingPayloadCodec;
import org.meterflow.mqtt.payload.ReadingTopic;
import org.meterflow.simulator.load.SimulatedMeter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A town of simulated meters: registers each through the platform's API (or reuses its saved
 * credentials), connects each over its own mutual-TLS MQTT session, then publishes one reading
 * per meter per interval, spread evenly over the interval.
 */
public final class Fleet implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Fleet.class);
  private static final long TICK_MILLIS = 100;

  private final FleetSettings settings;
  private final Clock clock;
  private final ReadingPayloadCodec codec = new ReadingPayloadCodec(Integer.MAX_VALUE, (g, s) -> true);
  private final List<SimulatedMeter> meters = new ArrayList<>();
  private final List<MeterConnection> connections = new ArrayList<>();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "simulator-publisher");
    t.setDaemon(true);
    return t;
  });
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private ScheduledFuture<?> ticking;
  private long tick;

  public Fleet(FleetSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  /** Registers and connects every meter; completes when all are connected. */
  public CompletableFuture<Void> connect() {
    PlatformClient platform = new PlatformClient(settings.apiBase(), settings.adminToken());
    CredentialStore store = new CredentialStore(settings.credentialsDir());
    Semaphore permits = new Semaphore(settings.connectParallelism());
    List<CompletableFuture<MeterConnection>> pending = new ArrayList<>();
    for (int i = 0; i < settings.meters(); i++) {
      int index = i;
      String serial = settings.serial(i);
      meters.add(new SimulatedMeter(serial, settings.seed() * 1_000_003L + i, settings.zone(), 230.0, 1000.0 + i % 500));
      permits.acquireUninterruptibly();
      CompletableFuture<PlatformClient.Credentials> credentials = store.load(serial)
          .map(CompletableFuture::completedFuture)
          .orElseGet(() -> platform.register(serial, "C" + serial.substring(settings.serialPrefix().length()),
              settings.region(index), settings.feeder(index), settings.dt(index))
              .thenApply(c -> {
                store.save(c);
                return c;
              }));
      pending.add(credentials
          .thenCompose(c -> {
            MeterConnection connection = new MeterConnection(settings.brokerUrl(), c, settings.maxInflight());
            return connection.connect().thenApply(v -> connection);
          })
          .whenComplete((c, e) -> permits.release()));
    }
    return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).thenRun(() -> {
      pending.forEach(p -> connections.add(p.join()));
      log.info("simulator: {} meters registered and connected", connections.size());
    });
  }

  /** Starts publishing one reading per meter per interval. */
  public void start() {
    ticking = scheduler.scheduleAtFixedRate(this::publishTick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void publishTick() {
    long ticksPerInterval = Math.max(1, settings.interval().toMillis() / TICK_MILLIS);
    long slot = tick++ % ticksPerInterval;
    Instant now = clock.instant();
    for (int i = 0; i < connections.size(); i++) {
      if (i % ticksPerInterval != slot) {
        continue;
      }
      MeterConnection connection = connections.get(i);
      if (!connection.isConnected()) {
        failed.incrementAndGet();
        continue;
      }
      SimulatedMeter meter = meters.get(i);
      connection.publish(ReadingTopic.meter(meter.serial()), codec.encode(meter.readAt(now)),
          acked::incrementAndGet, failed::incrementAndGet);
      sent.incrementAndGet();
    }
  }

  /** The meters' open connections (after {@link #connect()}), e.g. for a benchmark's own load. */
  public List<MeterConnection> connections() {
    return List.copyOf(connections);
  }

  public long sent() {
    return sent.get();
  }

  public long acked() {
    return acked.get();
  }

  public long failed() {
    return failed.get();
  }

  public int connected() {
    return (int) connections.stream().filter(MeterConnection::isConnected).count();
  }

  @Override
  public void close() {
    if (ticking != null) {
      ticking.cancel(false);
    }
    scheduler.shutdown();
    connections.parallelStream().forEach(MeterConnection::close);
  }
}
