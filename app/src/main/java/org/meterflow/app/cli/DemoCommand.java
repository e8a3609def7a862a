package org.meterflow.app.cli;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.meterflow.app.MeterflowConfig;
import org.meterflow.app.Platform;
import org.meterflow.simulator.fleet.Fleet;
import org.meterflow.simulator.fleet.FleetSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code meterflow demo}: the platform plus a simulated town of meters publishing over mutual TLS. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run MeterFlow with simulated meters registered through the API and publishing over MQTT/TLS.")
public final class DemoCommand implements Callable<Integer> {

  @Mixin
  PlatformOptions options;

  @Option(names = "--meters", defaultValue = "200", description = "How many simulated meters (default ${DEFAULT-VALUE})")
  int meters;

  @Option(names = "--interval", defaultValue = "PT5S",
      description = "How often each meter reads, ISO-8601 duration (default ${DEFAULT-VALUE})")
  Duration interval;

  @Override
  public Integer call() {
    Platform platform = Platform.start(MeterflowConfig.load(options.overrides()));
    FleetSettings fleetSettings = new FleetSettings(meters, "M", interval, 20, 10, 5, platform.settings().zone(),
        URI.create("http://127.0.0.1:" + platform.httpPort()), platform.adminToken(), platform.brokerUrl(),
        platform.settings().dataDir().resolve("simulator").resolve("credentials"), 32, 100, 42L);
    Fleet fleet = new Fleet(fleetSettings, Clock.systemUTC());
    CoordinatedShutdown.get(platform.system()).addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "stop-simulator",
        () -> {
          fleet.close();
          return CompletableFuture.completedFuture(Done.getInstance());
        });
    fleet.connect().join();
    fleet.start();
    Banner.print(platform, "Simulator   " + meters + " meters, one reading each every " + interval.toSeconds() + " s");
    platform.system().getWhenTerminated().toCompletableFuture().join();
    return 0;
  }
}
