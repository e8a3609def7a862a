package org.meterflow.simulator.load;

import java.time.ZonedDateTime;
import java.util.List;
import org.meterflow.simulator.topology.ConsumerKind;
import org.meterflow.simulator.topology.Nodes;
import org.meterflow.simulator.topology.Topology;

/**
 * A distribution transformer's expected loading (load / rated kVA) over the day, from the kinds of
 * consumers under it: drives the DT-level voltage drop that every meter under it sees together.
 * Uses the consumers' mean curves, so it needs no state shared between publisher threads.
 */
public final class DtLoading {

  private final double ratedKva;
  private final int households;
  private final double solarKwp;
  private final Season season;
  private final CommercialLoad commercial;
  private final RooftopSolar referencePanel = new RooftopSolar(1, 0);
  /** The last answer: every meter under the DT asks for the same instant in turn. */
  private volatile Cached last = new Cached(Long.MIN_VALUE, 0);

  private record Cached(long epochMillis, double loading) {}

  public DtLoading(Nodes.Dt dt, List<Nodes.Meter> members, long seed, Season season) {
    this.ratedKva = dt.ratedKva();
    this.season = season;
    int h = 0;
    double c = 0;
    double s = 0;
    for (Nodes.Meter m : members) {
      if (m.kind() == ConsumerKind.COMMERCIAL) {
        c += Topology.commercialPeakKw(seed, m.index());
      } else {
        h++;
      }
      s += m.solarKwp();
    }
    this.households = h;
    this.solarKwp = s;
    this.commercial = c > 0 ? new CommercialLoad(c, season) : null;
  }

  /** Loading at a local time, e.g. 0.3 at night, 0.9 at the evening peak. */
  public double loading(ZonedDateTime local) {
    long at = local.toInstant().toEpochMilli();
    Cached c = last;
    if (c.epochMillis() == at) {
      return c.loading();
    }
    double kw = households * 1.05 * HouseholdLoad.typicalKw(local, season)
        + (commercial != null ? commercial.meanKw(local) : 0)
        - solarKwp * 0.5 * referencePanel.outputKw(local);
    double loading = Math.abs(kw) / (ratedKva * 0.92);
    last = new Cached(at, loading);
    return loading;
  }
}
