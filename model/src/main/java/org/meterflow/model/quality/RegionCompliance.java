package org.meterflow.model.quality;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * EN 50160 week of a region (or feeder): the per-meter results pooled.
 *
 * @param region               the region id
 * @param weekStart            start of the week
 * @param meters               meters assessed
 * @param compliantMeters      meters compliant on voltage and frequency
 * @param voltageShare         pooled share of measured intervals within the voltage band
 * @param frequencyShare       pooled share within the frequency band
 * @param nonCompliantSerials  serials of the meters not compliant, sorted
 */
public record RegionCompliance(
    String region,
    Instant weekStart,
    int meters,
    int compliantMeters,
    double voltageShare,
    double frequencyShare,
    List<String> nonCompliantSerials) {

  public RegionCompliance {
    Objects.requireNonNull(region, "region");
    nonCompliantSerials = List.copyOf(nonCompliantSerials);
  }

  /** Share of meters compliant (NaN when there are none). */
  public double compliantShare() {
    return meters == 0 ? Double.NaN : (double) compliantMeters / meters;
  }

  public static RegionCompliance of(String region, Instant weekStart, List<En50160Result> results) {
    long measured = 0;
    long vWithin = 0;
    long fWithin = 0;
    int compliant = 0;
    List<String> bad = new ArrayList<>();
    for (En50160Result r : results) {
      measured += r.measuredIntervals();
      vWithin += r.voltageWithin();
      fWithin += r.frequencyWithin();
      if (r.compliant()) {
        compliant++;
      } else {
        bad.add(r.serial());
      }
    }
    bad.sort(Comparator.naturalOrder());
    double v = measured == 0 ? Double.NaN : (double) vWithin / measured;
    double f = measured == 0 ? Double.NaN : (double) fWithin / measured;
    return new RegionCompliance(region, weekStart, results.size(), compliant, v, f, bad);
  }
}
