package org.meterflow.simulator.engine;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.meterflow.simulator.load.Season;
import org.meterflow.simulator.replay.ReplaySource;
import org.meterflow.simulator.topology.TopologySpec;

/**
 * What a simulation run plays and where it sends it.
 *
 * @param meters             synthetic meters in the town
 * @param topology           how the town is laid out (regions, feeders, DTs, gateways)
 * @param mode               through gateways (batches) or one connection per meter
 * @param sink               MQTT to the platform, or a null sink (measures the generator alone)
 * @param interval           each meter reads this often (simulated time; 15 min)
 * @param start              simulated start, or null: now − span for an accelerated run, now for a live one
 * @param span               simulated time to cover, or null to run until stopped (or {@code runFor})
 * @param acceleration       simulated seconds per real second (1 = live)
 * @param runFor             a real-time limit, or null
 * @param zone               the utility's time zone (load shapes follow local time)
 * @param season             the climate's seasonal swing
 * @param apiBase            the platform's HTTP base, for registration
 * @param adminToken         a token allowed to register meters and gateways
 * @param brokerUrl          e.g. ssl://127.0.0.1:8883
 * @param credentialsDir     where issued credentials are kept and reused
 * @param connectParallelism registrations and MQTT connects under way at once
 * @param window             unacknowledged QoS 1 messages per connection
 * @param publisherThreads   threads that build and hand over payloads
 * @param faultSchedule      schedule lines ({@code START DURATION KIND TARGET [VALUE]})
 * @param replay             real households replayed as extra meters
 * @param drainTimeout       how long to wait for outstanding acknowledgements at the end
 */
public record SimulationSettings(
    int meters,
    TopologySpec topology,
    Mode mode,
    Sink sink,
    Duration interval,
    Instant start,
    Duration span,
    double acceleration,
    Duration runFor,
    ZoneId zone,
    Season season,
    URI apiBase,
    String adminToken,
    String brokerUrl,
    Path credentialsDir,
    int connectParallelism,
    int window,
    int publisherThreads,
    List<String> faultSchedule,
    List<ReplaySource> replay,
    Duration drainTimeout) {

  public enum Mode { GATEWAY, DIRECT }

  public enum Sink { MQTT, NULL }

  public SimulationSettings {
    faultSchedule = List.copyOf(faultSchedule);
    replay = List.copyOf(replay);
    if (meters < 0 || interval.isZero() || interval.isNegative() || !(acceleration > 0) || window < 1
        || publisherThreads < 1 || connectParallelism < 1) {
      throw new IllegalArgumentException("inconsistent simulation settings");
    }
  }

  /** Sensible defaults for a platform at {@code apiBase}/{@code brokerUrl}; adjust with the with-ers. */
  public static SimulationSettings defaults(int meters, URI apiBase, String adminToken, String brokerUrl, Path credentialsDir) {
    return new SimulationSettings(meters, TopologySpec.defaults("M", 42), Mode.GATEWAY, Sink.MQTT, Duration.ofMinutes(15),
        null, null, 1.0, null, ZoneId.of("Asia/Kolkata"), Season.COOLING, apiBase, adminToken, brokerUrl, credentialsDir,
        64, 20, 2, List.of(), List.of(), Duration.ofSeconds(60));
  }

  public SimulationSettings withTiming(Duration interval, Instant start, Duration span, double acceleration, Duration runFor) {
    return new SimulationSettings(meters, topology, mode, sink, interval, start, span, acceleration, runFor, zone, season,
        apiBase, adminToken, brokerUrl, credentialsDir, connectParallelism, window, publisherThreads, faultSchedule,
        replay, drainTimeout);
  }

  public SimulationSettings withTopology(TopologySpec topology, Mode mode, Sink sink) {
    return new SimulationSettings(meters, topology, mode, sink, interval, start, span, acceleration, runFor, zone, season,
        apiBase, adminToken, brokerUrl, credentialsDir, connectParallelism, window, publisherThreads, faultSchedule,
        replay, drainTimeout);
  }

  public SimulationSettings withFaults(List<String> faultSchedule) {
    return new SimulationSettings(meters, topology, mode, sink, interval, start, span, acceleration, runFor, zone, season,
        apiBase, adminToken, brokerUrl, credentialsDir, connectParallelism, window, publisherThreads, faultSchedule,
        replay, drainTimeout);
  }

  public SimulationSettings withReplay(List<ReplaySource> replay) {
    return new SimulationSettings(meters, topology, mode, sink, interval, start, span, acceleration, runFor, zone, season,
        apiBase, adminToken, brokerUrl, credentialsDir, connectParallelism, window, publisherThreads, faultSchedule,
        replay, drainTimeout);
  }

  public SimulationSettings withClimate(ZoneId zone, Season season) {
    return new SimulationSettings(meters, topology, mode, sink, interval, start, span, acceleration, runFor, zone, season,
        apiBase, adminToken, brokerUrl, credentialsDir, connectParallelism, window, publisherThreads, faultSchedule,
        replay, drainTimeout);
  }

  public SimulationSettings withConnections(int connectParallelism, int window, int publisherThreads) {
    return new SimulationSettings(meters, topology, mode, sink, interval, start, span, acceleration, runFor, zone, season,
        apiBase, adminToken, brokerUrl, credentialsDir, connectParallelism, window, publisherThreads, faultSchedule,
        replay, drainTimeout);
  }
}
