package org.meterflow.app.cli;

import java.util.concurrent.Callable;
import org.meterflow.app.MeterflowConfig;
import org.meterflow.app.Platform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code meterflow serve}: the platform alone, until SIGTERM / Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Run MeterFlow (embedded broker, store and journal) until stopped with Ctrl-C / SIGTERM.",
        "With --cluster-seeds, one node of a cluster (docs/cluster.md); exits with 4 when the cluster removes it."})
public final class ServeCommand implements Callable<Integer> {

  /** Exit code of a node the cluster downed or removed: systemd or Kubernetes start it again. */
  public static final int REMOVED_FROM_CLUSTER = 4;

  @Mixin
  PlatformOptions options;

  @Override
  public Integer call() {
    Platform platform = Platform.start(MeterflowConfig.load(options.overrides()));
    Banner.print(platform, null);
    platform.system().getWhenTerminated().toCompletableFuture().join();
    if (platform.removedFromCluster()) {
      System.err.println("MeterFlow stopped: the cluster removed this node (split-brain resolver or an operator); "
          + "start it again to rejoin as a new node.");
      return REMOVED_FROM_CLUSTER;
    }
    return 0;
  }
}
