package org.meterflow.simulator.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.meterflow.simulator.fault.Fault;
import org.meterflow.simulator.fault.FaultParser;

/**
 * Faults on command while a run goes on: one command per line on standard input, e.g.
 * {@code sag dt:north-F1-DT3 10m 0.6}, {@code silent feeder:south-F2 2h}, {@code clear},
 * {@code faults}, {@code stop}, {@code help}. Durations are simulated time; a fault starts at the
 * simulated now.
 */
public final class ControlConsole {

  public static final String HELP = """
      commands:  KIND TARGET [DURATION] [VALUE]   inject a fault now, e.g. 'sag dt:north-F1-DT3 10m 0.6'
                   KIND: sag swell interruption frequency silent rollback reverse-flow clock-skew duplicate malformed
                   TARGET: meter:SERIAL dt:ID feeder:ID region:NAME all
                 faults   list faults;  clear   end all active faults;  stop   end the run;  help""";

  private final Simulation simulation;
  private final PrintStream out;

  public ControlConsole(Simulation simulation, PrintStream out) {
    this.simulation = simulation;
    this.out = out;
  }

  /** Reads commands from {@code in} on a daemon thread until end of input or the run ends. */
  public Thread start(InputStream in) {
    Thread t = new Thread(() -> {
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          String reply = execute(line);
          if (!reply.isEmpty()) {
            out.println(reply);
          }
        }
      } catch (IOException e) {
        out.println("control input closed: " + e.getMessage());
      }
    }, "simulator-control");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Executes one command and returns what to print. */
  public String execute(String line) {
    String cmd = line.strip();
    if (cmd.isEmpty() || cmd.startsWith("#")) {
      return "";
    }
    switch (cmd.toLowerCase(java.util.Locale.ROOT)) {
      case "help", "?" -> {
        return HELP;
      }
      case "stop", "quit", "exit" -> {
        simulation.stop();
        return "stopping";
      }
      case "clear" -> {
        simulation.faults().clear(simulation.clock().now());
        return "all active faults ended";
      }
      case "faults" -> {
        StringBuilder b = new StringBuilder();
        simulation.faults().all().forEach(f -> b.append("  ").append(f).append('\n'));
        return b.isEmpty() ? "no faults" : b.toString().stripTrailing();
      }
      default -> {
        try {
          Fault f = FaultParser.command(cmd, simulation.clock().now());
          simulation.faults().add(f);
          return "injected: " + f;
        } catch (IllegalArgumentException e) {
          return "? " + e.getMessage() + " (type 'help')";
        }
      }
    }
  }
}
