package org.meterflow.app.cli;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.meterflow.app.MeterflowConfig;
import org.meterflow.app.Platform;
import org.meterflow.simulator.engine.Simulation;
import org.meterflow.simulator.engine.SimulationSettings;
import org.meterflow.simulator.load.Season;
import org.meterflow.simulator.topology.TopologySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code meterflow demo}: the platform plus a simulated town (regions, feeders, DTs, households,
 * shops, rooftop solar) whose meters publish live over mutual TLS.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run MeterFlow with simulated meters registered through the API and publishing over MQTT/TLS.")
public final class DemoCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(DemoCommand.class);

  @Mixin
  PlatformOptions options;

  @Option(names = "--meters", defaultValue = "200", description = "How many simulated meters (default ${DEFAULT-VALUE})")
  int meters;

  @Option(names = "--interval", defaultValue = "PT5S",
      description = "How often each meter reads, ISO-8601 duration (default ${DEFAULT-VALUE})")
  Duration interval;

  @Option(names = "--gateways", description = "Meters report through gateways (50 per gateway) instead of each on its own connection")
  boolean gateways;

  @Override
  public Integer call() throws Exception {
    Platform platform = Platform.start(MeterflowConfig.load(options.overrides()));
    SimulationSettings settings = SimulationSettings.defaults(meters, URI.create("http://127.0.0.1:" + platform.httpPort()),
            platform.adminToken(), platform.brokerUrl(),
            platform.settings().dataDir().resolve("simulator").resolve("credentials"))
        .withTopology(new TopologySpec(TopologySpec.DEFAULT_REGIONS, 20, 10, 8, 50, 0.1, 0.15, "M", 42),
            gateways ? SimulationSettings.Mode.GATEWAY : SimulationSettings.Mode.DIRECT, SimulationSettings.Sink.MQTT)
        .withTiming(interval, null, null, 1.0, null)
        .withClimate(platform.settings().zone(), Season.COOLING)
        .withConnections(32, 100, 2);
    Simulation simulation = new Simulation(settings);
    CoordinatedShutdown.get(platform.system()).addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "stop-simulator",
        () -> {
          simulation.close();
          return CompletableFuture.completedFuture(Done.getInstance());
        });
    simulation.prepare();
    Thread publisher = new Thread(() -> {
      try {
        simulation.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        log.error("demo simulator stopped", e);
      }
    }, "demo-simulator");
    publisher.setDaemon(true);
    publisher.start();
    Banner.print(platform, "Simulator   " + simulation.meterCount() + " meters" + (gateways ? " behind "
        + simulation.senderCount() + " gateways" : "") + ", one reading each every " + interval.toSeconds() + " s"
        + consumerPage(platform, simulation));
    platform.system().getWhenTerminated().toCompletableFuture().join();
    return 0;
  }

  /** A consumer token for the first simulated consumer, as a line of the banner ("" when it could not be issued). */
  static String consumerPage(Platform platform, Simulation simulation) {
    if (simulation.topology().meters().isEmpty()) {
      return "";
    }
    String consumer = simulation.topology().meters().get(0).consumerId();
    ApiClient api = new ApiClient();
    api.url = platform.baseUrl();
    api.token = platform.adminToken();
    try {
      ApiClient.Answer issued = api.post("/api/v1/tokens", java.util.Map.of("role", "consumer", "consumerId", consumer));
      if (!issued.ok()) {
        log.warn("no consumer token for the demo page: {}", issued.error());
        return "";
      }
      return System.lineSeparator() + "  Consumer    " + platform.baseUrl() + "/#token=" + issued.body().get("token").asText()
          + "  (" + consumer + "'s page)";
    } catch (java.io.IOException e) {
      log.warn("no consumer token for the demo page", e);
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
