package org.meterflow.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.meterflow.app.cli.importing.CumulativeRegister;
import org.meterflow.app.cli.importing.IntervalFile;
import org.meterflow.http.api.BillingApi.ImportedReading;
import org.meterflow.http.api.BillingApi.ReadingImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code meterflow readings …}: historical readings. */
@Command(name = "readings", mixinStandardHelpOptions = true, description = "Historical readings: import interval data files.",
    subcommands = {ReadingsCommand.Import.class})
public final class ReadingsCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /**
   * {@code meterflow readings import --file F --format uci|london|csv --serial S}: interval kWh
   * become a cumulative register and go to the time-series store through the API (all validation
   * but the live window); idempotent; every refused or unreadable row is listed with its line.
   */
  @Command(name = "import", mixinStandardHelpOptions = true,
      description = "Import an interval energy file as one meter's cumulative register.")
  public static final class Import implements Callable<Integer> {

    @Option(names = "--file", required = true, description = "The file, read as published (padding, ?, CRLF, d/m/yyyy)")
    Path file;

    @Option(names = "--format", required = true, description = "uci, london or csv (ts,kwh)")
    String format;

    @Option(names = "--serial", required = true, description = "The registered meter the readings belong to")
    String serial;

    @Option(names = "--zone", description = "Zone of the file's wall-clock times (default: GMT for london, Europe/Paris for uci, UTC for csv)")
    ZoneId zone;

    @Option(names = "--opening-kwh", description = "Register before the first interval (default 0)")
    double openingKwh;

    @Option(names = "--batch", description = "Readings per request (default 5000)")
    int batch = 5000;

    @Mixin
    ApiClient api;

    @Override
    public Integer call() throws Exception {
      IntervalFile.Format f = IntervalFile.format(format);
      IntervalFile.Result read = IntervalFile.read(file, f, zone == null ? IntervalFile.defaultZone(f) : zone);
      for (IntervalFile.Problem p : read.problems()) {
        System.out.println(file.getFileName() + ":" + p.line() + ": skipped: " + p.message());
      }
      List<CumulativeRegister.Row> rows = CumulativeRegister.of(read.intervals(), openingKwh);
      System.out.printf(Locale.ROOT, "%s: %d rows, %d missing values, %d unreadable; %d register readings for %s%n",
          file.getFileName(), read.rows(), read.missing(), read.problems().size(), rows.size(), serial);
      ProgressLine bar = new ProgressLine(System.out, "readings");
      int accepted = 0;
      int duplicates = 0;
      int rejected = 0;
      StringBuilder errors = new StringBuilder();
      for (int from = 0; from < rows.size(); from += batch) {
        List<CumulativeRegister.Row> chunk = rows.subList(from, Math.min(rows.size(), from + batch));
        List<ImportedReading> readings = chunk.stream().map(CumulativeRegister.Row::reading).toList();
        ApiClient.Answer a = api.post("/api/v1/readings/import", new ReadingImport(serial, readings));
        if (!a.ok()) {
          bar.finish();
          System.err.println("import refused (HTTP " + a.status() + "): " + a.error());
          return 1;
        }
        JsonNode report = a.body();
        accepted += report.path("accepted").asInt();
        duplicates += report.path("duplicates").asInt();
        for (JsonNode e : report.path("rejected")) {
          rejected++;
          int line = chunk.get(e.path("index").asInt()).line();
          errors.append(String.format(Locale.ROOT, "%s:%d: %s at %s: %s%n", file.getFileName(), line,
              e.path("reason").asText(), e.path("ts").asText(), e.path("detail").asText()));
        }
        bar.show(from + chunk.size(), rows.size(), "");
      }
      bar.finish();
      System.out.print(errors);
      System.out.printf(Locale.ROOT, "imported %d readings of %s (%d duplicates, %d rejected, %d unreadable rows)%n",
          accepted, serial, duplicates, rejected, read.problems().size());
      return rejected == 0 && read.problems().isEmpty() ? 0 : 3;
    }
  }
}
