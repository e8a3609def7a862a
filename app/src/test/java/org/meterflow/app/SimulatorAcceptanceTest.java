package org.meterflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.meterflow.simulator.engine.RunCounters;
import org.meterflow.simulator.engine.Simulation;
import org.meterflow.simulator.engine.SimulationSettings;

/**
 * The simulator's acceptance run (docs/simulator.md): 1,000 meters behind 20 gateways play a
 * simulated day of 15-minute readings at acceleration against the embedded platform. Every reading
 * the broker acknowledged is accepted exactly once, the deliberately bad ones are counted as what
 * they are, and the injected faults (a sag on one DT, a silent DT) come back as events. The outage
 * intervals are scaled to the accelerated clock (a 15-minute interval lasts ~0.3 s here; the
 * silent DT is silent for 12.5 s).
 */
class SimulatorAcceptanceTest {

  @RegisterExtension
  static final PlatformExtension PLATFORM = new PlatformExtension(Map.of(
      "meterflow.outage.expected-interval", "2s",
      "meterflow.outage.missed-intervals", 2,
      "meterflow.outage.check-every", "500ms",
      "meterflow.outage.area-window", "5s",
      // 1,000 meter entities start within the first simulated hour; on a loaded 2-core box their
      // first asks can take longer than the production 5 s (a timeout restarts the ingest stream).
      "meterflow.ingest.ask-timeout", "30s"));

  @Test
  void aSimulatedDayOfAThousandMetersIsAcceptedExactlyAndItsFaultsBecomeEvents() throws Exception {
    PlatformFixture fixture = PLATFORM.fixture();
    Platform platform = fixture.platform;
    SimulationSettings settings = SimulationSettings.defaults(1000, URI.create("http://127.0.0.1:" + platform.httpPort()),
            platform.adminToken(), platform.brokerUrl(), PLATFORM.dataDir().resolve("sim-credentials"))
        .withTiming(Duration.ofMinutes(15), null, Duration.ofDays(1), 86_400 / 30.0, Duration.ofMinutes(2))
        .withFaults(List.of(
            "+3h 1h sag dt:north-F1-DT1 0.7",
            "+8h 10h silent dt:north-F1-DT2",
            "+11h 1h duplicate meter:M0000500",
            "+11h 30m malformed meter:M0000600",
            "+12h 15m rollback meter:M0000700 5"));

    RunCounters counters;
    long t0 = System.nanoTime();
    try (Simulation simulation = new Simulation(settings)) {
      simulation.prepare();
      long t1 = System.nanoTime();
      assertThat(simulation.senderCount()).as("50 meters per gateway").isEqualTo(20);
      assertThat(simulation.connected()).isEqualTo(20);
      simulation.run();
      System.out.printf("simulator: registered and connected in %.1f s, ran in %.1f s%n", (t1 - t0) / 1e9,
          (System.nanoTime() - t1) / 1e9);
      counters = simulation.counters();
      assertThat(simulation.backlog()).as("every message acknowledged").isZero();
    }

    JsonNode network = PlatformFixture.JSON.readTree(fixture.getQuietly("/api/v1/network?kind=dt")).get("assets");
    assertThat(network).as("every DT's nameplate rating sent").hasSize(20)
        .allMatch(a -> a.get("ratedKva").asDouble() >= 25);

    // 96 readings per meter, less the silent DT's 40 × 50 and the rolled-back one.
    assertThat(counters.acked()).isEqualTo(1000L * 96 - 50 * 40 - 1);
    assertThat(counters.duplicatesAcked()).isEqualTo(4);
    assertThat(counters.malformedAcked()).isEqualTo(2);
    assertThat(counters.rejectedAcked()).isEqualTo(1);
    assertThat(counters.errors()).isZero();

    long acked = counters.acked();
    assertThat(PlatformFixture.await(Duration.ofSeconds(90), () -> platform.stats().acceptedCount() >= acked))
        .as(() -> "accepted " + platform.stats().acceptedCount() + " of " + acked).isTrue();
    JsonNode stats = fixture.stats();
    assertThat(stats.get("accepted").asLong()).as(stats.toString()).isEqualTo(acked);
    assertThat(stats.get("duplicates").asLong()).isGreaterThanOrEqualTo(counters.duplicatesAcked());
    assertThat(stats.get("rejected").get("malformed").asLong()).isEqualTo(counters.malformedAcked());
    assertThat(stats.get("rejected").get("register-backwards").asLong()).isEqualTo(counters.rejectedAcked());

    assertThat(PlatformFixture.await(Duration.ofSeconds(10), () -> events("type=sag").stream()
        .filter(e -> e.get("dt").asText().equals("north-F1-DT1")).count() == 50))
        .as(() -> "one sag per meter under the DT: " + fixture.getQuietly("/api/v1/events?type=sag")).isTrue();
    assertThat(events("type=sag")).allMatch(e -> e.get("dt").asText().equals("north-F1-DT1"))
        .allMatch(e -> e.get("evidence").get("min").asDouble() < 0.72);
    assertThat(events("type=area-outage")).as(() -> fixture.getQuietly("/api/v1/events?type=area-outage"))
        .anyMatch(e -> e.get("dt").asText().equals("north-F1-DT2") && e.get("state").asText().equals("cleared"));
    assertThat(PlatformFixture.await(Duration.ofSeconds(20), () -> !events("type=tamper&meter=M0000700").isEmpty()))
        .as(() -> "rollback is tamper: " + fixture.getQuietly("/api/v1/events?type=tamper")
            + fixture.getQuietly("/api/v1/ingest/rejections")).isTrue();
  }

  private static List<JsonNode> events(String query) {
    try {
      JsonNode array = PlatformFixture.JSON.readTree(PLATFORM.fixture().getQuietly("/api/v1/events?limit=1000&" + query));
      return StreamSupport.stream(array.spliterator(), false).toList();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
