package org.meterflow.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code meterflow bill …}: billing runs on a running MeterFlow. */
@Command(name = "bill", mixinStandardHelpOptions = true, description = "Billing: run a period on demand.",
    subcommands = {BillCommand.Run.class})
public final class BillCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** {@code meterflow bill run --period 2026-10}: queues the run and shows its progress until it ends. */
  @Command(name = "run", mixinStandardHelpOptions = true,
      description = "Bill a period (every cycle day, or one) and follow it with a progress bar.")
  public static final class Run implements Callable<Integer> {

    @Option(names = "--period", required = true, description = "The month to bill, e.g. 2026-10")
    String period;

    @Option(names = "--cycle-day", description = "Only this cycle day (1..28); default every cycle day with meters")
    Integer cycleDay;

    @Option(names = "--timeout", description = "Give up waiting after this long (default PT30M)")
    Duration timeout = Duration.ofMinutes(30);

    @Mixin
    ApiClient api;

    @Override
    public Integer call() throws Exception {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("period", period);
      if (cycleDay != null) {
        body.put("cycleDay", cycleDay);
      }
      ApiClient.Answer started = api.post("/api/v1/billing/runs", body);
      if (!started.ok()) {
        System.err.println("billing run refused (HTTP " + started.status() + "): " + started.error());
        return 1;
      }
      List<String> ids = new ArrayList<>();
      started.body().path("runs").forEach(r -> ids.add(r.path("id").asText()));
      if (ids.isEmpty()) {
        System.err.println("no run was queued for " + period);
        return 1;
      }
      int exit = 0;
      Instant deadline = Instant.now().plus(timeout);
      for (String id : ids) {
        ProgressLine bar = new ProgressLine(System.out, "meters");
        JsonNode run;
        while (true) {
          ApiClient.Answer a = api.get("/api/v1/billing/runs/" + id);
          if (!a.ok()) {
            System.err.println("cannot follow run " + id + ": " + a.error());
            return 1;
          }
          run = a.body();
          String state = run.path("state").asText();
          bar.show(run.path("processed").asLong(), run.path("meters").asLong(), "cycle day " + run.path("cycleDay").asInt()
              + " " + state);
          if (state.equals("COMPLETED") || state.equals("FAILED")) {
            break;
          }
          if (Instant.now().isAfter(deadline)) {
            bar.finish();
            System.err.println("still running after " + timeout + "; see GET /api/v1/billing/runs/" + id);
            return 2;
          }
          CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(250, TimeUnit.MILLISECONDS)).join();
        }
        bar.finish();
        System.out.printf("%s cycle day %d: %s — %d meters, %d issued, %d revised, %d unchanged, %d estimated, %d failed%n",
            run.path("period").asText(), run.path("cycleDay").asInt(), run.path("state").asText(), run.path("meters").asInt(),
            run.path("issued").asInt(), run.path("revised").asInt(), run.path("unchanged").asInt(),
            run.path("estimated").asInt(), run.path("failed").asInt());
        if (!run.path("message").isNull() && !run.path("message").asText().isEmpty()) {
          System.out.println("  " + run.path("message").asText());
        }
        if (!run.path("state").asText().equals("COMPLETED")) {
          exit = 1;
        }
      }
      return exit;
    }
  }
}
