package org.meterflow.app;

import org.meterflow.app.cli.BenchCommand;
import org.meterflow.app.cli.DemoCommand;
import org.meterflow.app.cli.EntityMemoryBenchCommand;
import org.meterflow.app.cli.ForecastCommand;
import org.meterflow.app.cli.NetworkCommand;
import org.meterflow.app.cli.ReportCommand;
import org.meterflow.app.cli.ServeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code meterflow} command (SPEC §10). */
@Command(name = "meterflow", mixinStandardHelpOptions = true, version = "MeterFlow 0.1.0",
    description = "Smart-meter data platform: MQTT ingest, meter actors, time series, billing.",
    subcommands = {DemoCommand.class, ServeCommand.class, BenchCommand.class, EntityMemoryBenchCommand.class,
        ForecastCommand.class, ReportCommand.class, NetworkCommand.class})
public final class MeterflowCommand implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    int exit = new CommandLine(new MeterflowCommand()).execute(args);
    System.exit(exit);
  }
}
