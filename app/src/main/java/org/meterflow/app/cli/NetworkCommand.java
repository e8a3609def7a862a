package org.meterflow.app.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.meterflow.model.network.RatingsCsv;
import picocli.CommandLine.Command;
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

    @Option(names = "--file", required = true, description = "the ratings CSV")
    Path file;

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "the platform's HTTP base URL (default: ${DEFAULT-VALUE})")
    URI url;

    @Option(names = "--token-file", defaultValue = "meterflow-data/admin-token",
        description = "file holding an admin or operator token (default: ${DEFAULT-VALUE})")
    Path tokenFile;

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
      String token = Files.readString(tokenFile).strip();
      HttpRequest request = HttpRequest.newBuilder(url.resolve("/api/v1/network/import"))
          .timeout(Duration.ofMinutes(5))
          .header("Authorization", "Bearer " + token)
          .header("Content-Type", "text/csv")
          .POST(HttpRequest.BodyPublishers.ofString(csv))
          .build();
      HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        err.println("import refused: HTTP " + response.statusCode() + " " + response.body());
        return 1;
      }
      out.println(response.body());
      return 0;
    }
  }
}
