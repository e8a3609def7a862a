package org.meterflow.app;

import org.meterflow.app.cli.BenchCommand;
import org.meterflow.app.cli.BillCommand;
import org.meterflow.app.cli.BillingBenchCommand;
import org.meterflow.app.cli.ReadingsCommand;
import org.meterflow.app.cli.DemoCommand;
import org.meterflow.app.cli.EntityMemoryBenchCommand;
import org.meterflow.app.cli.ForecastCommand;
import org.meterflow.app.cli.LakeCommand;
import org.meterflow.app.cli.NetworkCommand;
import org.meterflow.app.cli.ReportCommand;
import org.meterflow.app.cli.ServeCommand;
import org.meterflow.app.cli.admin.MetersCommand;
import org.meterflow.app.cli.admin.TokensCommand;
import org.meterflow.app.cli.SimulateCommand;
import org.meterflow.app.startup.StartupFailure;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code meterflow} command: the platform, its tools and its benchmarks (docs/operations.md). */
@Command(name = "meterflow", mixinStandardHelpOptions = true, version = "MeterFlow 0.1.0",
    description = "Smart-meter data platform: MQTT ingest, meter actors, time series, billing.",
    subcommands = {DemoCommand.class, ServeCommand.class, BenchCommand.class, EntityMemoryBenchCommand.class,
        ForecastCommand.class, ReportCommand.class, NetworkCommand.class, MetersCommand.class, TokensCommand.class,
        BillCommand.class, ReadingsCommand.class, BillingBenchCommand.class, SimulateCommand.class, LakeCommand.class})
public final class MeterflowCommand implements Runnable {

  /** Exit code of a start that failed with a {@link StartupFailure}. */
  public static final int STARTUP_FAILED = 3;

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /**
   * A start-up failure already says what failed, why, and what to change: print that line alone
   * (the log has the trace) and exit with 3; anything else as picocli does.
   */
  private static int startupFailureWithoutTrace(Exception e, CommandLine command, CommandLine.ParseResult parsed)
      throws Exception {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StartupFailure failure) {
        command.getErr().println(failure.getMessage());
        return STARTUP_FAILED;
      }
    }
    throw e;
  }

  public static void main(String[] args) {
    int exit = new CommandLine(new MeterflowCommand())
        .setExecutionExceptionHandler(MeterflowCommand::startupFailureWithoutTrace)
        .execute(args);
    System.exit(exit);
  }
}
