package org.meterflow.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code meterflow report …}: the utility's reports, fetched from a running MeterFlow. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Reports of a running MeterFlow.",
    subcommands = ReportCommand.En50160.class)
public final class ReportCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** {@code meterflow report en50160 --region R | --meter S [--week 2026-W47] [--json]}. */
  @Command(name = "en50160", mixinStandardHelpOptions = true,
      description = "EN 50160 weekly compliance of a region or a meter: share of 10-min mean voltages within "
          + "±10 % of nominal (≥ 95 % required) and of 10-min mean frequencies within ±1 %.")
  static final class En50160 implements Callable<Integer> {

    static final class Target {
      @Option(names = "--region", required = true, description = "A region: every meter in it") String region;
      @Option(names = "--meter", required = true, description = "One meter's serial") String meter;
    }

    @ArgGroup(exclusive = true, multiplicity = "1") Target target;

    @Option(names = "--week", description = "ISO week, e.g. 2026-W47 (default: the last complete week)")
    String week;

    @Option(names = "--json", description = "Print the API's JSON instead of a summary")
    boolean json;

    @Mixin ApiConnection api;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      ApiConnection.Answer answer = api.get("/api/v1/reports/en50160",
          Map.of("region", orEmpty(target.region), "meter", orEmpty(target.meter), "week", orEmpty(week))
              .entrySet().stream().filter(e -> !e.getValue().isEmpty())
              .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
      if (!answer.ok()) {
        err.println("EN 50160 report failed (" + answer.status() + "): " + answer.problem());
        return 1;
      }
      if (json) {
        out.println(answer.body());
      } else if (target.region != null) {
        printRegion(out, answer.json());
      } else {
        printMeter(out, answer.json());
      }
      out.flush();
      return 0;
    }

    private static String orEmpty(String s) {
      return s == null ? "" : s;
    }

    static void printRegion(PrintWriter out, JsonNode r) {
      out.printf(Locale.ROOT, "EN 50160  region %s  week %s (from %s)%n", r.path("region").asText(),
          r.path("week").asText(), r.path("weekStart").asText());
      out.printf(Locale.ROOT, "  meters              %d%n", r.path("meters").asInt());
      out.printf(Locale.ROOT, "  compliant meters    %d (%s)%n", r.path("compliantMeters").asInt(), percent(r.path("compliantShare")));
      out.printf(Locale.ROOT, "  voltage within ±10%% %s of 10-min means%n", percent(r.path("voltageShare")));
      out.printf(Locale.ROOT, "  frequency within ±1%% %s of 10-min means%n", percent(r.path("frequencyShare")));
      JsonNode bad = r.path("nonCompliantSerials");
      if (bad.isArray() && !bad.isEmpty()) {
        StringBuilder list = new StringBuilder();
        bad.forEach(s -> list.append(list.length() == 0 ? "" : ", ").append(s.asText()));
        out.printf(Locale.ROOT, "  non-compliant       %s%n", list);
      }
    }

    static void printMeter(PrintWriter out, JsonNode r) {
      out.printf(Locale.ROOT, "EN 50160  meter %s  week %s (from %s)  %s%n", r.path("serial").asText(),
          r.path("week").asText(), r.path("weekStart").asText(),
          r.path("compliant").asBoolean() ? "COMPLIANT" : "NOT COMPLIANT");
      out.printf(Locale.ROOT, "  10-min intervals    %d of %d measured%n", r.path("measuredIntervals").asInt(),
          r.path("intervals").asInt());
      out.printf(Locale.ROOT, "  voltage within ±10%% %s (%s)  mean range %s–%s V%n", percent(r.path("voltageShare")),
          r.path("voltageCompliant").asBoolean() ? "ok" : "below 95 %", number(r.path("minMeanVoltage")),
          number(r.path("maxMeanVoltage")));
      out.printf(Locale.ROOT, "  frequency within ±1%% %s (%s)  mean range %s–%s Hz%n", percent(r.path("frequencyShare")),
          r.path("frequencyCompliant").asBoolean() ? "ok" : "not met", number(r.path("minMeanFrequency")),
          number(r.path("maxMeanFrequency")));
    }

    private static String percent(JsonNode share) {
      return share.isNumber() ? String.format(Locale.ROOT, "%.2f %%", share.asDouble() * 100) : "n/a (no data)";
    }

    private static String number(JsonNode value) {
      return value.isNumber() ? String.format(Locale.ROOT, "%.2f", value.asDouble()) : "n/a";
    }
  }
}
