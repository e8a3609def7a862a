package org.meterflow.app.cli;

import org.meterflow.analytics.forecast.ForecastEvaluateCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code meterflow forecast …}: demand-forecast tools (evaluate against real data). */
@Command(name = "forecast", mixinStandardHelpOptions = true,
    description = "Demand forecasting: evaluate the day-ahead model against baselines on real data.",
    subcommands = {ForecastEvaluateCommand.class})
public final class ForecastCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
