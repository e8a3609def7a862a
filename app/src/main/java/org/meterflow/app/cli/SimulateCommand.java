package org.meterflow.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.meterflow.app.MeterflowConfig;
import org.meterflow.app.Platform;
import org.meterflow.simulator.engine.ControlConsole;
import org.meterflow.simulator.engine.RunCounters;
import org.meterflow.simulator.engine.Simulation;
import org.meterflow.simulator.engine.SimulationSettings;
import org.meterflow.simulator.engine.StatusLine;
import org.meterflow.simulator.fault.FaultParser;
import org.meterflow.simulator.load.Season;
import org.meterflow.simulator.replay.ReplaySource;
import org.meterflow.simulator.topology.TopologySpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code meterflow simulate}: a town of meters and gateways (or replayed real households) against a
 * running MeterFlow, against an embedded one started for the run, or into a null sink; with
 * faults on a schedule or on command, clock acceleration, and a live status line.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Simulate meters and gateways (load shapes, solar, faults, replay) publishing to MeterFlow.")
public final class SimulateCommand implements Callable<Integer> {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Option(names = "--api", description = "Platform HTTP base URL, e.g. http://127.0.0.1:8080")
  URI api;

  @Option(names = "--broker", description = "Platform MQTT TLS URL, e.g. ssl://localhost:8883")
  String broker;

  @Option(names = "--token", description = "Admin token (or --token-file)")
  String token;

  @Option(names = "--token-file", description = "File holding the admin token (e.g. meterflow-data/admin-token)")
  Path tokenFile;

  @Option(names = "--embedded", description = "Start an embedded platform in a temporary folder on free ports for this run")
  boolean embedded;

  @Option(names = "--bare", description = "With --embedded: no ingest (measures the broker and the simulator only)")
  boolean bare;

  @Option(names = "--sink", defaultValue = "mqtt", description = "mqtt or null (no network: what the simulator alone produces)")
  String sink;

  @Option(names = "--meters", defaultValue = "1000", description = "Synthetic meters (default ${DEFAULT-VALUE})")
  int meters;

  @Option(names = "--mode", defaultValue = "gateway", description = "gateway (batches) or direct (one connection per meter)")
  String mode;

  @Option(names = "--meters-per-gateway", defaultValue = "50", description = "default ${DEFAULT-VALUE}")
  int metersPerGateway;

  @Option(names = "--meters-per-dt", defaultValue = "50", description = "default ${DEFAULT-VALUE}")
  int metersPerDt;

  @Option(names = "--dts-per-feeder", defaultValue = "10", description = "default ${DEFAULT-VALUE}")
  int dtsPerFeeder;

  @Option(names = "--regions", split = ",", description = "Region names (default north,south,east,west,central)")
  List<String> regions = TopologySpec.DEFAULT_REGIONS;

  @Option(names = "--commercial-share", defaultValue = "0.1", description = "default ${DEFAULT-VALUE}")
  double commercialShare;

  @Option(names = "--solar-share", defaultValue = "0.15", description = "Net-metered rooftop solar share of households (default ${DEFAULT-VALUE})")
  double solarShare;

  @Option(names = "--serial-prefix", defaultValue = "M", description = "default ${DEFAULT-VALUE}")
  String serialPrefix;

  @Option(names = "--seed", defaultValue = "42", description = "Same seed, same town (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--interval", defaultValue = "15m", description = "Reading interval, simulated (default ${DEFAULT-VALUE})")
  String interval;

  @Option(names = "--span", description = "Simulated time to cover, e.g. 1d or 30d (default: until stopped)")
  String span;

  @Option(names = "--acceleration", defaultValue = "1",
      description = "Simulated seconds per real second (1 = live; 4320 = a day in 20 s). An accelerated run with --span starts at now - span")
  double acceleration;

  @Option(names = "--start", description = "Simulated start instant (ISO-8601)")
  Instant start;

  @Option(names = "--run-for", description = "Real-time limit, e.g. 10m")
  String runFor;

  @Option(names = "--zone", defaultValue = "Asia/Kolkata", description = "Utility time zone (default ${DEFAULT-VALUE})")
  ZoneId zone;

  @Option(names = "--climate", defaultValue = "cooling", description = "cooling (summer peak) or heating (winter peak)")
  String climate;

  @Option(names = "--fault", description = "Scheduled fault: 'START DURATION KIND TARGET [VALUE]', e.g. '+6h 2h silent dt:north-F1-DT3'")
  List<String> faultLines = new ArrayList<>();

  @Option(names = "--faults", description = "File of scheduled faults, one per line")
  Path faultFile;

  @Option(names = "--control", description = "Read fault commands from standard input while running (type 'help')")
  boolean control;

  @Option(names = "--replay", description = "Replay real households as meters: uci:FILE or london:FILE (repeatable)")
  List<String> replay = new ArrayList<>();

  @Option(names = "--credentials", description = "Credential store (default DATA/simulator/credentials or a temporary folder)")
  Path credentials;

  @Option(names = "--connect-parallelism", defaultValue = "64", description = "default ${DEFAULT-VALUE}")
  int connectParallelism;

  @Option(names = "--window", defaultValue = "20", description = "Unacked QoS 1 messages per connection (default ${DEFAULT-VALUE})")
  int window;

  @Option(names = "--threads", defaultValue = "2", description = "Publisher threads (default ${DEFAULT-VALUE})")
  int threads;

  @Option(names = "--topology-csv", description = "Write the town (meters, DTs with rated kVA, gateways) to this CSV")
  Path topologyCsv;

  @Option(names = "--no-status", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Live status line (default on)")
  boolean status;

  @Option(names = "--json", description = "Print the summary as one JSON object")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Duration spanDuration = span == null ? null : FaultParser.duration(span);
    Duration step = FaultParser.duration(interval);
    Platform platform = null;
    Path runDir = null;
    try {
      if (embedded) {
        runDir = Files.createTempDirectory("meterflow-simulate");
        platform = Platform.start(MeterflowConfig.load(embeddedOverrides(runDir, spanDuration, step)));
        api = URI.create("http://127.0.0.1:" + platform.httpPort());
        broker = platform.brokerUrl();
        token = platform.adminToken();
      } else if (!"null".equalsIgnoreCase(sink)) {
        if (token == null && tokenFile != null) {
          token = Files.readString(tokenFile).strip();
        }
        if (api == null || broker == null || token == null) {
          System.err.println("simulate: give --api, --broker and --token/--token-file, or --embedded, or --sink null");
          return 2;
        }
      }
      Path store = credentials != null ? credentials
          : runDir != null ? runDir.resolve("credentials") : Files.createTempDirectory("meterflow-sim-credentials");
      List<String> schedule = new ArrayList<>(faultLines);
      if (faultFile != null) {
        for (String line : Files.readAllLines(faultFile)) {
          if (!line.isBlank() && !line.strip().startsWith("#")) {
            schedule.add(line.strip());
          }
        }
      }
      SimulationSettings settings = SimulationSettings.defaults(meters, api, token, broker, store)
          .withTopology(new TopologySpec(regions, metersPerDt, dtsPerFeeder, 8, metersPerGateway, commercialShare, solarShare,
                  serialPrefix, seed),
              SimulationSettings.Mode.valueOf(mode.toUpperCase(java.util.Locale.ROOT)),
              SimulationSettings.Sink.valueOf(sink.toUpperCase(java.util.Locale.ROOT)))
          .withTiming(step, start, spanDuration, acceleration, runFor == null ? null : FaultParser.duration(runFor))
          .withClimate(zone, "heating".equalsIgnoreCase(climate) ? Season.HEATING : Season.COOLING)
          .withConnections(connectParallelism, window, threads)
          .withFaults(schedule)
          .withReplay(replay.stream().map(ReplaySource::parse).toList());
      return simulate(settings, platform);
    } finally {
      if (platform != null) {
        platform.close();
      }
    }
  }

  private int simulate(SimulationSettings settings, Platform platform) throws Exception {
    try (Simulation simulation = new Simulation(settings)) {
      if (topologyCsv != null) {
        simulation.topology().writeCsv(topologyCsv);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(simulation::stop, "simulator-stop"));
      System.err.printf("simulate: %,d meters (%s mode, %s sink), sim %s .. %s at x%s%n", simulation.meterCount(),
          settings.mode(), settings.sink(), simulation.clock().start(), simulation.end() == null ? "open" : simulation.end(),
          settings.acceleration());
      boolean terminal = System.console() != null;
      try (StatusLine line = status ? new StatusLine(simulation, System.err, terminal, 10).start() : null) {
        simulation.prepare();
        if (control) {
          System.err.println(ControlConsole.HELP);
          new ControlConsole(simulation, System.err).start(System.in);
        }
        simulation.run();
      }
      Long accepted = null;
      if (platform != null && !bare) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (platform.stats().acceptedCount() < simulation.counters().acked() && System.nanoTime() < deadline) {
          java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
        }
        accepted = platform.stats().acceptedCount();
      }
      report(settings, simulation, accepted);
      return simulation.backlog() == 0 && (accepted == null || accepted == simulation.counters().acked()) ? 0 : 1;
    }
  }

  private void report(SimulationSettings settings, Simulation simulation, Long accepted) throws Exception {
    RunCounters c = simulation.counters();
    double seconds = Math.max(1e-3, simulation.elapsedSeconds());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("cores", Runtime.getRuntime().availableProcessors());
    out.put("meters", simulation.meterCount());
    out.put("senders", simulation.senderCount());
    out.put("mode", settings.mode().name().toLowerCase(java.util.Locale.ROOT));
    out.put("sink", embedded ? (bare ? "embedded broker, no ingest" : "embedded platform") : settings.sink().name().toLowerCase(java.util.Locale.ROOT));
    out.put("simStart", simulation.clock().start().toString());
    out.put("simEnd", simulation.end() == null ? null : simulation.end().toString());
    out.put("acceleration", settings.acceleration());
    out.put("seconds", Math.round(seconds * 100) / 100.0);
    out.putAll(c.asMap());
    out.put("messagesPerSecond", Math.round(c.messagesAcked() / seconds));
    out.put("readingsPerSecond", Math.round(c.readingsAcked() / seconds));
    out.put("faults", simulation.faults().all().size());
    if (accepted != null) {
      out.put("platformAccepted", accepted);
    }
    if (json) {
      System.out.println(MAPPER.writeValueAsString(out));
    } else {
      out.forEach((k, v) -> System.out.printf("%-18s %s%n", k, v));
    }
  }

  /** The embedded platform for a run: isolated, readings as old as the span accepted, outages on the run's time scale. */
  private Map<String, Object> embeddedOverrides(Path dir, Duration spanDuration, Duration step) {
    Map<String, Object> overrides = MeterflowConfig.isolated(dir);
    overrides.put("meterflow.ingest.enabled", !bare);
    if (spanDuration != null && spanDuration.compareTo(Duration.ofDays(6)) > 0) {
      overrides.put("meterflow.meter.validation.max-age", spanDuration.plusDays(1).toSeconds() + "s");
    }
    if (acceleration > 1) {
      long expected = Math.max(200, (long) (step.toMillis() / acceleration));
      overrides.put("meterflow.outage.expected-interval", expected + "ms");
      overrides.put("meterflow.outage.check-every", Math.max(100, expected / 2) + "ms");
      overrides.put("meterflow.outage.area-window", Math.max(1000, (long) (Duration.ofMinutes(20).toMillis() / acceleration)) + "ms");
    }
    return overrides;
  }
}
