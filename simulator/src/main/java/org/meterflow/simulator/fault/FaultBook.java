package org.meterflow.simulator.fault;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.meterflow.simulator.topology.Nodes;

/**
 * The faults of a run: scheduled ones and those added on command while it runs. Publisher threads
 * read it for every reading; writes are rare, so a copy-on-write list.
 */
public final class FaultBook {

  private final List<Fault> faults = new CopyOnWriteArrayList<>();

  public void add(Fault fault) {
    faults.add(fault);
  }

  public void remove(Fault fault) {
    faults.remove(fault);
  }

  public List<Fault> all() {
    return List.copyOf(faults);
  }

  /** Ends every fault still active at {@code at} (the {@code clear} command). */
  public void clear(Instant at) {
    for (Fault f : List.copyOf(faults)) {
      if (f.to().isAfter(at)) {
        faults.remove(f);
        if (at.isAfter(f.from())) {
          faults.add(new Fault(f.kind(), f.target(), f.from(), at, f.value()));
        }
      }
    }
  }

  /** The combined effect of the faults active at {@code meter} at {@code at}. */
  public FaultEffects effects(Nodes.Meter meter, Instant at) {
    if (faults.isEmpty()) {
      return FaultEffects.NONE;
    }
    double voltage = Double.NaN;
    double frequency = 0;
    boolean reverse = false;
    double rollback = 0;
    Duration skew = Duration.ZERO;
    boolean silent = false;
    boolean duplicate = false;
    boolean malformed = false;
    boolean any = false;
    for (Fault f : faults) {
      if (!f.activeAt(meter, at)) {
        continue;
      }
      any = true;
      switch (f.kind()) {
        case SAG, SWELL -> voltage = Double.isNaN(voltage) ? f.value() : Math.min(voltage, f.value());
        case INTERRUPTION -> voltage = 0;
        case FREQUENCY -> frequency += f.value();
        case SILENT -> silent = true;
        case ROLLBACK -> rollback = Math.max(rollback, f.value());
        case REVERSE_FLOW -> reverse = true;
        case CLOCK_SKEW -> skew = skew.plusMillis(Math.round(f.value() * 1000));
        case DUPLICATE -> duplicate = true;
        case MALFORMED -> malformed = true;
      }
    }
    return any ? new FaultEffects(voltage, frequency, reverse, rollback, skew, silent, duplicate, malformed)
        : FaultEffects.NONE;
  }
}
