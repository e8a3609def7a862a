package org.meterflow.app.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code meterflow lake …}: the data lake (Parquet by date) and SQL over it. */
@Command(name = "lake", mixinStandardHelpOptions = true,
    description = "The data lake: every accepted reading as Parquet, partitioned by date; SQL over it with DuckDB.",
    subcommands = {LakeQueryCommand.class, LakeBenchCommand.class, LakeCompactCommand.class})
public final class LakeCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
