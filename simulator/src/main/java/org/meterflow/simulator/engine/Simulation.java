package org.meterflow.simulator.engine;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;
import org.meterflow.mqtt.payload.ReadingPayloadCodec;
import org.meterflow.mqtt.payload.ReadingTopic;
import org.meterflow.simulator.clock.SimClock;
import org.meterflow.simulator.fault.Fault;
import org.meterflow.simulator.fault.FaultBook;
import org.meterflow.simulator.fault.FaultParser;
import org.meterflow.simulator.fleet.CredentialStore;
import org.meterflow.simulator.fleet.PlatformClient;
import org.meterflow.simulator.load.DtLoading;
import org.meterflow.simulator.load.GridConditions;
import org.meterflow.simulator.load.MeterModel;
import org.meterflow.simulator.load.SimulatedMeter;
import org.meterflow.simulator.replay.Profile;
import org.meterflow.simulator.replay.ReplayMeter;
import org.meterflow.simulator.replay.ReplaySource;
import org.meterflow.simulator.topology.ConsumerKind;
import org.meterflow.simulator.topology.Nodes;
import org.meterflow.simulator.topology.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulation run: builds the town, registers and connects its senders, then publishes one
 * reading per meter per interval of simulated time, each sender at its own phase of the interval
 * so the rate is steady, on a few publisher threads; injects faults from the schedule and from
 * commands; at the end waits for outstanding acknowledgements. Use: {@link #prepare()}, then
 * {@link #run()}, then {@link #close()}.
 */
public final class Simulation implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Simulation.class);
  private static final long MAX_PARK_NANOS = 20_000_000;

  private final SimulationSettings settings;
  private final Topology topology;
  private final List<MeterModel> models = new ArrayList<>();
  private final FaultBook faults = new FaultBook();
  private final RunCounters counters = new RunCounters();
  private final List<Sender> senders = new ArrayList<>();
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
    Thread t = new Thread(r, "simulator-timer");
    t.setDaemon(true);
    return t;
  });
  private final List<Fault> scheduled = new ArrayList<>();
  private volatile SimClock clock;
  private volatile Instant end;
  private final long intervals;
  private volatile boolean stopping;
  /** Per publisher thread: the interval boundary it is publishing (epoch ms). */
  private volatile long[] progress = new long[0];
  private volatile String phase = "preparing";
  private Provisioner provisioner;
  private long realStartNanos;

  public Simulation(SimulationSettings settings) throws IOException {
    this.settings = settings;
    this.topology = Topology.build(settings.topology(), settings.meters());
    this.intervals = settings.span() == null ? Long.MAX_VALUE
        : Math.max(1, settings.span().toMillis() / settings.interval().toMillis());
    resetClock();
    buildModels();
  }

  /**
   * Places the simulated start: the given one, else now − span for an accelerated run (so it ends
   * at now), else now (live). Done again when the run starts, since registering a big town takes
   * a while; scheduled faults are placed relative to it.
   */
  private void resetClock() {
    Instant wanted = settings.start() != null ? settings.start()
        : settings.span() != null && settings.acceleration() > 1 ? Instant.now().minus(settings.span()) : Instant.now();
    long step = settings.interval().toMillis();
    Instant start = Instant.ofEpochMilli(Math.floorDiv(wanted.toEpochMilli(), step) * step);
    this.clock = new SimClock(start, settings.acceleration());
    this.end = settings.span() == null ? null : start.plus(settings.interval().multipliedBy(intervals));
    scheduled.forEach(faults::remove);
    scheduled.clear();
    for (String line : settings.faultSchedule()) {
      Fault f = FaultParser.scheduleLine(line, start);
      scheduled.add(f);
      faults.add(f);
    }
  }

  private void buildModels() throws IOException {
    GridConditions grid = GridConditions.defaults(settings.topology().seed());
    Map<String, DtLoading> loadings = new LinkedHashMap<>();
    for (Nodes.Dt dt : topology.dts()) {
      loadings.put(dt.id(), new DtLoading(dt, topology.meters().subList(dt.firstMeter(), dt.firstMeter() + dt.meterCount()),
          settings.topology().seed(), settings.season()));
    }
    for (Nodes.Meter m : topology.meters()) {
      models.add(new SimulatedMeter(m, settings.topology().seed(), settings.zone(), settings.season(), grid,
          loadings.get(m.dt().id()), 230.0));
    }
    int index = topology.meters().size();
    String region = settings.topology().regions().get(0);
    Nodes.Feeder feeder = new Nodes.Feeder(region + "-REPLAY", region, region + "-SS1", 77);
    List<Profile> profiles = new ArrayList<>();
    for (ReplaySource source : settings.replay()) {
      profiles.addAll(source.profiles());
    }
    Nodes.Dt dt = new Nodes.Dt(feeder.id() + "-DT1", feeder, 100, index, profiles.size());
    String gateway = settings.topology().serialPrefix() + "G-REPLAY";
    for (Profile p : profiles) {
      Nodes.Meter node = new Nodes.Meter(index++, p.id(), "C" + p.id(), ConsumerKind.HOUSEHOLD, 0, dt, gateway);
      models.add(new ReplayMeter(node, p, grid, 1000.0));
    }
  }

  public Topology topology() {
    return topology;
  }

  public FaultBook faults() {
    return faults;
  }

  public RunCounters counters() {
    return counters;
  }

  public SimClock clock() {
    return clock;
  }

  /** The simulated end (exclusive), or null for an open-ended run. */
  public Instant end() {
    return end;
  }

  public String phase() {
    return phase;
  }

  /** Meters simulated, synthetic and replayed. */
  public int meterCount() {
    return models.size();
  }

  public int senderCount() {
    return senders.size();
  }

  /** Registrations finished (while preparing). */
  public int registered() {
    return provisioner == null ? 0 : provisioner.done();
  }

  public int connected() {
    int n = 0;
    for (Sender s : senders) {
      n += s.link().connected() ? 1 : 0;
    }
    return n;
  }

  /** Messages queued or unacknowledged across all senders. */
  public long backlog() {
    long n = 0;
    for (Sender s : senders) {
      n += s.link().backlog();
    }
    return n;
  }

  /** Registers (or reuses credentials of) every meter and gateway, and connects every sender. */
  public void prepare() {
    ReadingPayloadCodec codec = new ReadingPayloadCodec(Integer.MAX_VALUE, (g, s) -> true);
    Map<String, List<MeterModel>> groups = new LinkedHashMap<>();
    for (MeterModel m : models) {
      String key = settings.mode() == SimulationSettings.Mode.GATEWAY ? m.node().gateway() : m.node().serial();
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(m);
    }
    Map<String, PlatformClient.Credentials> credentials = Map.of();
    if (settings.sink() == SimulationSettings.Sink.MQTT) {
      phase = "registering";
      provisioner = new Provisioner(new PlatformClient(settings.apiBase(), settings.adminToken()),
          new CredentialStore(settings.credentialsDir()), Math.min(16, settings.connectParallelism()));
      List<Nodes.Meter> nodes = models.stream().map(MeterModel::node).toList();
      List<Nodes.Dt> dts = new ArrayList<>(new java.util.LinkedHashSet<>(nodes.stream().map(Nodes.Meter::dt).toList()));
      provisioner.rateNetwork(dts);
      if (settings.mode() == SimulationSettings.Mode.GATEWAY) {
        provisioner.registerMeters(nodes);
        Map<String, List<Nodes.Meter>> gateways = new LinkedHashMap<>();
        for (Nodes.Meter m : nodes) {
          gateways.computeIfAbsent(m.gateway(), g -> new ArrayList<>()).add(m);
        }
        credentials = provisioner.gatewayCredentials(gateways);
      } else {
        credentials = provisioner.meterCredentials(nodes);
      }
    }
    int i = 0;
    for (Map.Entry<String, List<MeterModel>> group : groups.entrySet()) {
      String id = group.getKey();
      Link link = settings.sink() == SimulationSettings.Sink.NULL ? new Link.Null(id, counters)
          : new MqttLink(settings.brokerUrl(), credentials.get(id), settings.window(), 100_000, counters, scheduler);
      boolean gateway = settings.mode() == SimulationSettings.Mode.GATEWAY;
      senders.add(new Sender(link, gateway ? id : null, gateway ? ReadingTopic.gateway(id) : ReadingTopic.meter(id),
          group.getValue(), codec, 0.9 * i++ / groups.size()));
    }
    phase = "connecting";
    Semaphore permits = new Semaphore(settings.connectParallelism());
    List<CompletableFuture<Void>> connecting = new ArrayList<>();
    for (Sender s : senders) {
      permits.acquireUninterruptibly();
      connecting.add(s.link().connect().whenComplete((v, e) -> permits.release()));
    }
    CompletableFuture.allOf(connecting.toArray(CompletableFuture[]::new)).join();
    log.info("simulator: {} meters, {} senders connected ({} mode, {} sink)", models.size(), senders.size(),
        settings.mode(), settings.sink());
  }

  /** Publishes until the span is covered, the real-time limit passes or {@link #stop()}; then drains. */
  public void run() throws InterruptedException {
    if (settings.start() == null) {
      resetClock();
    }
    phase = "running";
    clock.startNow();
    realStartNanos = System.nanoTime();
    int threads = Math.min(settings.publisherThreads(), Math.max(1, senders.size()));
    long[] initial = new long[threads];
    java.util.Arrays.fill(initial, clock.start().toEpochMilli());
    progress = initial;
    Thread[] workers = new Thread[threads];
    for (int w = 0; w < threads; w++) {
      int first = w;
      workers[w] = new Thread(() -> drive(first, threads), "simulator-publisher-" + w);
      workers[w].start();
    }
    for (Thread t : workers) {
      t.join();
    }
    phase = "draining";
    long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
    while (backlog() > 0 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(10_000_000);
    }
    phase = "done";
  }

  private void drive(int first, int stride) {
    List<Sender> mine = new ArrayList<>();
    for (int i = first; i < senders.size(); i += stride) {
      mine.add(senders.get(i));
    }
    if (mine.isEmpty()) {
      return;
    }
    long runForNanos = settings.runFor() == null ? Long.MAX_VALUE : settings.runFor().toNanos();
    long intervalMillis = settings.interval().toMillis();
    Instant start = clock.start();
    long k = 0;
    int j = 0;
    while (!stopping && k < intervals && System.nanoTime() - realStartNanos < runForNanos) {
      Sender s = mine.get(j);
      Instant boundary = start.plusMillis(k * intervalMillis);
      Instant due = boundary.plusMillis((long) (s.phase * intervalMillis));
      Duration wait = clock.realUntil(due);
      if (!wait.isNegative() && !wait.isZero()) {
        LockSupport.parkNanos(Math.min(wait.toNanos(), MAX_PARK_NANOS));
        continue;
      }
      s.publish(boundary, faults);
      if (++j == mine.size()) {
        j = 0;
        k++;
        progress[first] = boundary.toEpochMilli() + intervalMillis;
      }
    }
  }

  /** How far the publishers got in simulated time (the slowest thread's interval boundary). */
  public Instant publishedThrough() {
    long min = Long.MAX_VALUE;
    for (long p : progress) {
      min = Math.min(min, p);
    }
    return min == Long.MAX_VALUE ? clock.start() : Instant.ofEpochMilli(min);
  }

  /** Ends the run early (Ctrl-C, the {@code stop} command). */
  public void stop() {
    stopping = true;
  }

  /** Real seconds since the run started. */
  public double elapsedSeconds() {
    return realStartNanos == 0 ? 0 : (System.nanoTime() - realStartNanos) / 1e9;
  }

  @Override
  public void close() {
    stopping = true;
    senders.parallelStream().forEach(s -> s.link().close());
    scheduler.shutdownNow();
  }
}
