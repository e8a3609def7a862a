package org.meterflow.simulator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterflow.simulator.topology.TopologySpec;

/** The engine without a network: what it publishes, how it paces, how faults are counted, commands. */
class NullSinkSimulationTest {

  @TempDir
  Path dir;

  private SimulationSettings settings(int meters, SimulationSettings.Mode mode, Duration span, double acceleration) {
    return SimulationSettings.defaults(meters, null, null, null, dir)
        .withTopology(TopologySpec.defaults("T", 5), mode, SimulationSettings.Sink.NULL)
        .withTiming(Duration.ofMinutes(15), Instant.parse("2026-11-01T00:00:00Z"), span, acceleration, Duration.ofMinutes(1));
  }

  @Test
  void gatewaysSendOneBatchPerIntervalAndFaultsAreCountedByKind() throws Exception {
    SimulationSettings s = settings(200, SimulationSettings.Mode.GATEWAY, Duration.ofHours(4), 200_000)
        .withFaults(List.of(
            "+1h 1h silent dt:north-F1-DT2",
            "+2h 30m duplicate meter:T0000001",
            "+2h 15m malformed meter:T0000002",
            "+3h 15m rollback meter:T0000003",
            "+3h 15m clock-skew meter:T0000004 2h"));
    try (Simulation sim = new Simulation(s)) {
      sim.prepare();
      sim.run();
      RunCounters c = sim.counters();
      assertThat(sim.senderCount()).isEqualTo(4);
      // 16 intervals × 4 gateways, plus 2 duplicate batches and 1 malformed message; the silent DT
      // is its gateway's whole batch (50 meters per DT and per gateway) for 4 intervals.
      assertThat(c.messagesAcked()).isEqualTo(16 * 4 - 4 + 2 + 1);
      assertThat(c.acked()).isEqualTo(200 * 16 - 50 * 4 - 1 - 1);
      assertThat(c.duplicatesAcked()).isEqualTo(2);
      assertThat(c.malformedAcked()).isEqualTo(1);
      assertThat(c.rejectedAcked()).isEqualTo(1);
      assertThat(c.skewedAcked()).isEqualTo(1);
      assertThat(sim.publishedThrough()).isEqualTo(Instant.parse("2026-11-01T04:00:00Z"));
    }
  }

  @Test
  void directModeSendsOneMessagePerReadingAtASteadyPace() throws Exception {
    // 2 simulated hours at ×7,200: about one real second, spread evenly, not one burst.
    try (Simulation sim = new Simulation(settings(30, SimulationSettings.Mode.DIRECT, Duration.ofHours(2), 7_200))) {
      sim.prepare();
      long started = System.nanoTime();
      sim.run();
      double seconds = (System.nanoTime() - started) / 1e9;
      assertThat(sim.senderCount()).isEqualTo(30);
      assertThat(sim.counters().messagesAcked()).isEqualTo(30 * 8);
      assertThat(sim.counters().acked()).isEqualTo(30 * 8);
      assertThat(seconds).isBetween(0.85, 5.0);
    }
  }

  @Test
  void commandsInjectFaultsAtTheSimulatedNow() throws Exception {
    try (Simulation sim = new Simulation(settings(10, SimulationSettings.Mode.GATEWAY, Duration.ofDays(1), 1))) {
      ControlConsole console = new ControlConsole(sim, System.out);
      assertThat(console.execute("sag dt:north-F1-DT1 10m 0.6")).startsWith("injected: sag dt:north-F1-DT1");
      assertThat(sim.faults().all()).hasSize(1);
      assertThat(console.execute("earthquake all")).startsWith("? unknown fault 'earthquake'");
      assertThat(console.execute("faults")).contains("sag dt:north-F1-DT1");
      assertThat(console.execute("help")).contains("KIND TARGET");
      assertThat(console.execute("stop")).isEqualTo("stopping");
      sim.prepare();
      sim.run();
      assertThat(sim.counters().messagesAcked()).as("stopped before publishing anything").isZero();
    }
  }
}
