package org.meterflow.app.cli;

import java.util.concurrent.Callable;
import org.meterflow.app.MeterflowConfig;
import org.meterflow.app.Platform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code meterflow serve}: the platform alone, until SIGTERM / Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run MeterFlow (embedded broker, store and journal) until stopped with Ctrl-C / SIGTERM.")
public final class ServeCommand implements Callable<Integer> {

  @Mixin
  PlatformOptions options;

  @Override
  public Integer call() {
    Platform platform = Platform.start(MeterflowConfig.load(options.overrides()));
    Banner.print(platform, null);
    platform.system().getWhenTerminated().toCompletableFuture().join();
    return 0;
  }
}
