package org.meterflow.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.meterflow.model.network.RatingsCsv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code meterflow network …}: network master data of a running platform. */
@Command(name = "network", mixinStandardHelpOptions = true,
    description = "Network master data: rated kVA of feeders and distribution transformers.",
    subcommands = {NetworkCommand.Import.class})
public final class NetworkCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** {@code meterflow network import --file ratings.csv}: checks the file, then posts it to the API. */
  @Command(name = "import", mixinStandardHelpOptions = true,
      description = "Import ratings from CSV (header kind,id,region,feeder,rated_kva) into a running platform. "
          + "All lines or none.")
  static final class Import implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ApiConnection api;

    @Option(names = "--file", required = true, description = "the ratings CSV")
    Path file;

    @Override
    public Integer call() throws IOException, InterruptedException {
      var out = spec.commandLine().getOut();
      var err = spec.commandLine().getErr();
      String csv = Files.readString(file);
      RatingsCsv.Parsed parsed = RatingsCsv.parse(csv);
      if (!parsed.errors().isEmpty()) {
        parsed.errors().forEach(e -> err.println(file + ":" + e.line() + ": " + e.message()));
        err.println("nothing imported");
        return 1;
      }
      ApiConnection.Answer answer = api.postText("/api/v1/network/import", "text/csv", csv);
      if (!answer.ok()) {
        err.println("import refused (HTTP " + answer.status() + "): " + answer.problem());
        return 1;
      }
      out.println(answer.body());
      return 0;
    }
  }
}
