package org.meterflow.app.cli.importing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.meterflow.http.api.BillingApi.ImportedReading;

/**
 * Interval energy turned into a cumulative import register: an opening reading at the start of
 * the first interval, then the running sum stamped at the end of each interval. An interval
 * missing from the file leaves no reading (a gap); the register carries on from the last one.
 * Deterministic, so a re-import produces the very same (serial, ts, register) rows.
 */
public final class CumulativeRegister {

  /** A reading and the file line it comes from. */
  public record Row(int line, ImportedReading reading) {}

  private CumulativeRegister() {}

  public static List<Row> of(List<IntervalFile.Interval> intervals, double openingKwh) {
    List<IntervalFile.Interval> sorted = new ArrayList<>(intervals);
    sorted.sort(Comparator.comparing(IntervalFile.Interval::start));
    List<Row> out = new ArrayList<>(sorted.size() + 1);
    double register = openingKwh;
    java.time.Instant lastEnd = null;
    for (IntervalFile.Interval i : sorted) {
      if (lastEnd == null) {
        out.add(new Row(i.line(), new ImportedReading(null, i.start(), register, 0.0, i.voltage(), null, null, null)));
      } else if (i.start().isBefore(lastEnd)) {
        continue; // overlaps the previous interval (a repeated timestamp): counted once
      }
      register += i.kwh();
      out.add(new Row(i.line(), new ImportedReading(null, i.end(), register, 0.0, i.voltage(), i.current(), null, null)));
      lastEnd = i.end();
    }
    return out;
  }
}
