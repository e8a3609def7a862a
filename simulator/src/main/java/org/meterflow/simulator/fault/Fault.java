package org.meterflow.simulator.fault;

import java.time.Instant;
import java.util.Objects;
import org.meterflow.simulator.topology.Nodes;

/** One injected fault: what, where, and over which span of simulated time [from, to). */
public record Fault(FaultKind kind, FaultTarget target, Instant from, Instant to, double value) {

  public Fault {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(target, "target");
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException("a fault must end after it starts: " + from + " .. " + to);
    }
  }

  public boolean activeAt(Nodes.Meter meter, Instant at) {
    return !at.isBefore(from) && at.isBefore(to) && target.matches(meter);
  }

  @Override
  public String toString() {
    return kind.cliName() + " " + target + " " + from + " .. " + to + (value != 0 ? " (" + value + ")" : "");
  }
}
