package org.meterflow.app.cli.admin;

import org.meterflow.app.cli.ApiConnection;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.meterflow.model.meter.MeterRegistration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code meterflow meters register|import|revoke|suspend|reactivate|decommission}: the meter
 * registry of a running platform, through its HTTP API ({@link ApiConnection}).
 */
@Command(name = "meters", mixinStandardHelpOptions = true,
    description = "Register, import and manage meters of a running MeterFlow (over its HTTP API).",
    subcommands = {MetersCommand.Register.class, MetersCommand.Import.class, MetersCommand.Revoke.class,
        MetersCommand.Suspend.class, MetersCommand.Reactivate.class, MetersCommand.Decommission.class})
public final class MetersCommand implements Runnable {

  /** Exit code when nothing was registered because the input or the platform refused it. */
  static final int REFUSED = 1;
  /** Exit code when the import stopped part-way (earlier batches are registered, their bundles written). */
  static final int PARTIAL = 2;
  /** Exit code when the platform could not be reached. */
  static final int UNREACHABLE = 3;

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  static Map<String, Object> body(MeterRegistration r) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("serial", r.serial());
    body.put("consumerId", r.consumerId());
    body.put("tariffCategory", r.tariffCategory());
    body.put("region", r.region());
    body.put("substation", r.substation());
    body.put("feeder", r.feeder());
    body.put("dt", r.dt());
    body.put("nominalVoltage", r.nominalVoltage());
    body.put("nominalFrequency", r.nominalFrequency());
    body.put("cycleGroup", r.cycleGroup());
    body.put("netMetered", r.netMetered());
    return body;
  }

  @Command(name = "register", mixinStandardHelpOptions = true,
      description = "Register one meter and write its certificate bundle (shown once) to --out/<serial>/.")
  static final class Register implements Callable<Integer> {
    @Mixin
    ApiConnection api;
    @Parameters(index = "0", description = "Meter serial (certificate CN and MQTT client id)")
    String serial;
    @Option(names = "--consumer") String consumer;
    @Option(names = "--tariff") String tariff;
    @Option(names = "--region") String region;
    @Option(names = "--substation") String substation;
    @Option(names = "--feeder") String feeder;
    @Option(names = "--dt", description = "Distribution transformer") String dt;
    @Option(names = "--nominal-voltage", defaultValue = "230") double nominalVoltage;
    @Option(names = "--nominal-frequency", defaultValue = "50") double nominalFrequency;
    @Option(names = "--cycle-group", defaultValue = "1") int cycleGroup;
    @Option(names = "--net-metered") boolean netMetered;
    @Option(names = "--out", defaultValue = "meter-bundles", description = "Where the bundle is written (default ./meter-bundles)")
    Path out;

    @Override
    public Integer call() throws IOException {
      MeterRegistration registration;
      try {
        registration = new MeterRegistration(serial, consumer, tariff, region, substation, feeder, dt, nominalVoltage,
            nominalFrequency, cycleGroup, netMetered);
      } catch (IllegalArgumentException e) {
        System.err.println("meterflow meters register: " + e.getMessage());
        return REFUSED;
      }
      if (Bundles.exists(out, serial)) {
        System.err.println("a bundle for " + serial + " is already in " + Bundles.dirFor(out, serial) + "; not overwriting it");
        return REFUSED;
      }
      try {
        ApiConnection.Answer answer = api.post("/api/v1/meters", body(registration));
        if (answer.status() != 201) {
          System.err.println("not registered (HTTP " + answer.status() + "): " + answer.detail());
          return REFUSED;
        }
        Path dir = Bundles.write(out, answer.json());
        System.out.println("registered " + serial + "; bundle in " + dir);
        return 0;
      } catch (ApiConnection.ApiException e) {
        System.err.println(e.getMessage());
        return UNREACHABLE;
      }
    }
  }

  @Command(name = "import", mixinStandardHelpOptions = true,
      description = {"Register every meter of a CSV file (header: serial,consumer,tariff,region,substation,feeder,dt,"
          + "nominal_voltage,nominal_frequency,cycle_group,net_metered; only serial required).",
          "Every row is checked first (locally, then by the platform: duplicates, serials already registered); any "
              + "error: a report per row and nothing is registered. Then batches of up to 1000 are registered, each "
              + "all-or-nothing, and each meter's bundle is written to --out/<serial>/."})
  static final class Import implements Callable<Integer> {
    @Mixin
    ApiConnection api;
    @Parameters(index = "0", description = "meters.csv")
    Path csv;
    @Option(names = "--out", defaultValue = "meter-bundles", description = "Where the bundles are written (default ./meter-bundles)")
    Path out;
    @Option(names = "--batch", defaultValue = "1000", description = "Meters per request (1..1000)")
    int batch;

    @Override
    public Integer call() throws IOException {
      PrintStream err = System.err;
      if (batch < 1 || batch > 1000) {
        err.println("--batch must be 1..1000");
        return REFUSED;
      }
      List<String> lines;
      try {
        lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
      } catch (IOException e) {
        err.println("cannot read " + csv + ": " + e.getMessage());
        return REFUSED;
      }
      MeterCsv.Parsed parsed = MeterCsv.parse(lines);
      List<MeterCsv.RowError> errors = new ArrayList<>(parsed.errors());
      if (errors.isEmpty()) {
        for (int i = 0; i < parsed.meters().size(); i++) {
          String serial = parsed.meters().get(i).serial();
          if (Bundles.exists(out, serial)) {
            errors.add(new MeterCsv.RowError(parsed.lines().get(i), serial,
                "a bundle is already in " + Bundles.dirFor(out, serial) + " (would be overwritten)"));
          }
        }
      }
      if (!errors.isEmpty()) {
        return refuse(errors);
      }
      List<MeterRegistration> meters = parsed.meters();
      try {
        // 1. The platform checks every batch without writing (serials already registered, its own rules).
        for (int from = 0; from < meters.size(); from += batch) {
          List<MeterRegistration> chunk = meters.subList(from, Math.min(meters.size(), from + batch));
          ApiConnection.Answer answer = api.post("/api/v1/meters/batch", request(chunk, true));
          if (answer.status() == 422) {
            for (JsonNode e : answer.json().path("errors")) {
              int index = from + e.get("row").asInt();
              errors.add(new MeterCsv.RowError(parsed.lines().get(index), e.path("serial").asText(), e.path("error").asText()));
            }
          } else if (answer.status() != 200) {
            err.println("the platform refused the check (HTTP " + answer.status() + "): " + answer.detail());
            return REFUSED;
          }
        }
        if (!errors.isEmpty()) {
          return refuse(errors);
        }
        // 2. Register batch by batch; write each batch's bundles before the next one.
        ProgressBar progress = new ProgressBar(err, meters.size(), "meters");
        progress.show(0);
        int done = 0;
        for (int from = 0; from < meters.size(); from += batch) {
          List<MeterRegistration> chunk = meters.subList(from, Math.min(meters.size(), from + batch));
          ApiConnection.Answer answer = api.post("/api/v1/meters/batch", request(chunk, false));
          if (answer.status() != 201) {
            progress.finish();
            return stopped(done, parsed.lines(), "HTTP " + answer.status() + ": " + answer.detail());
          }
          for (JsonNode credentials : answer.json()) {
            Bundles.write(out, credentials);
          }
          done += chunk.size();
          progress.show(done);
        }
        progress.finish();
        System.out.println("registered " + done + " meters from " + csv + "; bundles in " + out.toAbsolutePath());
        return 0;
      } catch (ApiConnection.ApiException e) {
        err.println(e.getMessage());
        return UNREACHABLE;
      }
    }

    private int refuse(List<MeterCsv.RowError> errors) {
      System.err.println(csv + ": " + errors.size() + " row(s) refused; nothing was registered:");
      errors.stream().sorted(java.util.Comparator.comparingInt(MeterCsv.RowError::line))
          .forEach(e -> System.err.println("  " + e));
      return REFUSED;
    }

    private int stopped(int done, List<Integer> lines, String why) {
      System.err.println("import stopped: " + why);
      if (done == 0) {
        System.err.println("nothing was registered.");
        return REFUSED;
      }
      System.err.println(done + " meters (lines " + lines.get(0) + "–" + lines.get(done - 1) + ") are registered and"
          + " their bundles are in " + out.toAbsolutePath() + "; the rows from line " + lines.get(done)
          + " on are not. Import those rows again once the cause is fixed.");
      return PARTIAL;
    }

    private static Map<String, Object> request(List<MeterRegistration> chunk, boolean dryRun) {
      return Map.of("meters", chunk.stream().map(MetersCommand::body).toList(), "dryRun", dryRun);
    }
  }

  /** revoke / suspend / reactivate / decommission. */
  abstract static class Change implements Callable<Integer> {
    @Mixin
    ApiConnection api;
    @Parameters(index = "0", description = "Meter serial")
    String serial;

    abstract String action();

    @Override
    public Integer call() {
      try {
        ApiConnection.Answer answer = api.post("/api/v1/meters/" + serial + "/" + action(), null);
        if (answer.status() != 200) {
          System.err.println(serial + " not changed (HTTP " + answer.status() + "): " + answer.detail());
          return REFUSED;
        }
        System.out.println(serial + " is now " + answer.json().path("status").asText());
        return 0;
      } catch (ApiConnection.ApiException e) {
        System.err.println(e.getMessage());
        return UNREACHABLE;
      }
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Revoke a meter's certificate for good: its open MQTT session is dropped within 1 s.")
  static final class Revoke extends Change {
    @Override
    String action() {
      return "revoke";
    }
  }

  @Command(name = "suspend", mixinStandardHelpOptions = true,
      description = "Suspend a meter: disconnected and refused until reactivated.")
  static final class Suspend extends Change {
    @Override
    String action() {
      return "suspend";
    }
  }

  @Command(name = "reactivate", mixinStandardHelpOptions = true, description = "Let a suspended meter connect again.")
  static final class Reactivate extends Change {
    @Override
    String action() {
      return "reactivate";
    }
  }

  @Command(name = "decommission", mixinStandardHelpOptions = true,
      description = "Take a meter out of service; its readings, events and bills stay queryable.")
  static final class Decommission extends Change {
    @Override
    String action() {
      return "decommission";
    }
  }
}
