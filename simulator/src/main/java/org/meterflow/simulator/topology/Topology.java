package org.meterflow.simulator.topology;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.meterflow.simulator.load.Noise;

/**
 * A town: regions → substations → feeders → distribution transformers (with rated kVA) → meters,
 * and the gateways that report for the meters. Built deterministically from a {@link TopologySpec}.
 */
public final class Topology {

  /** Standard distribution transformer ratings, kVA. */
  static final double[] STANDARD_KVA = {25, 63, 100, 160, 200, 250, 315, 400, 500, 630};
  /** Diversified peak per household, kW; per commercial consumer it is its own peak. */
  static final double DIVERSIFIED_HOUSEHOLD_PEAK_KW = 1.6;

  private final TopologySpec spec;
  private final List<Nodes.Meter> meters;
  private final List<Nodes.Dt> dts;
  private final List<Nodes.Feeder> feeders;
  private final Map<String, List<Nodes.Meter>> byGateway;

  private Topology(TopologySpec spec, List<Nodes.Meter> meters, List<Nodes.Dt> dts, List<Nodes.Feeder> feeders) {
    this.spec = spec;
    this.meters = Collections.unmodifiableList(meters);
    this.dts = Collections.unmodifiableList(dts);
    this.feeders = Collections.unmodifiableList(feeders);
    Map<String, List<Nodes.Meter>> gateways = new LinkedHashMap<>();
    for (Nodes.Meter m : meters) {
      gateways.computeIfAbsent(m.gateway(), g -> new ArrayList<>()).add(m);
    }
    this.byGateway = Collections.unmodifiableMap(gateways);
  }

  /** Lays out {@code meterCount} meters. */
  public static Topology build(TopologySpec spec, int meterCount) {
    int perFeeder = spec.metersPerDt() * spec.dtsPerFeeder();
    int feederCount = Math.max(1, (meterCount + perFeeder - 1) / perFeeder);
    List<Nodes.Feeder> feeders = new ArrayList<>();
    int[] perRegion = new int[spec.regions().size()];
    for (int f = 0; f < feederCount; f++) {
      int r = (int) ((long) f * spec.regions().size() / feederCount);
      String region = spec.regions().get(r);
      int k = perRegion[r]++;
      String substation = region + "-SS" + (k / spec.feedersPerSubstation() + 1);
      feeders.add(new Nodes.Feeder(region + "-F" + (k + 1), region, substation, Noise.mix(spec.seed(), 1_000_000L + f)));
    }
    List<Nodes.Dt> dts = new ArrayList<>();
    List<Nodes.Meter> meters = new ArrayList<>(meterCount);
    int dtCount = (meterCount + spec.metersPerDt() - 1) / spec.metersPerDt();
    for (int d = 0; d < dtCount; d++) {
      Nodes.Feeder feeder = feeders.get(d / spec.dtsPerFeeder());
      int first = d * spec.metersPerDt();
      int count = Math.min(spec.metersPerDt(), meterCount - first);
      double expectedPeakKva = 0;
      List<Object[]> pending = new ArrayList<>();
      for (int i = first; i < first + count; i++) {
        boolean commercial = Noise.uniform(spec.seed(), 3L * i) < spec.commercialShare();
        ConsumerKind kind = commercial ? ConsumerKind.COMMERCIAL : ConsumerKind.HOUSEHOLD;
        double solar = !commercial && Noise.uniform(spec.seed(), 3L * i + 1) < spec.solarShare()
            ? Math.round((2 + 3 * Noise.uniform(spec.seed(), 3L * i + 2)) * 10) / 10.0 : 0;
        expectedPeakKva += (commercial ? commercialPeakKw(spec.seed(), i) : DIVERSIFIED_HOUSEHOLD_PEAK_KW) / 0.92;
        pending.add(new Object[] {i, kind, solar});
      }
      // Utilities size most DTs with headroom, some tightly and a few undersized (they overload at peak).
      double sizing = 0.75 + 0.6 * Noise.uniform(spec.seed(), 7_000_000L + d);
      Nodes.Dt dt = new Nodes.Dt(feeder.id() + "-DT" + (d % spec.dtsPerFeeder() + 1), feeder,
          standardKva(expectedPeakKva * sizing), first, count);
      dts.add(dt);
      for (Object[] p : pending) {
        int i = (Integer) p[0];
        meters.add(new Nodes.Meter(i, serial(spec, i), "C" + serial(spec, i), (ConsumerKind) p[1], (Double) p[2], dt,
            gatewayId(spec, i / spec.metersPerGateway())));
      }
    }
    return new Topology(spec, meters, dts, feeders);
  }

  /** A commercial consumer's peak demand, 3–8 kW (a single-phase 100 A service). */
  public static double commercialPeakKw(long seed, int index) {
    return 3 + 5 * Noise.uniform(seed, 5_000_000L + index);
  }

  static double standardKva(double needed) {
    for (double kva : STANDARD_KVA) {
      if (kva >= needed) {
        return kva;
      }
    }
    return STANDARD_KVA[STANDARD_KVA.length - 1];
  }

  public static String serial(TopologySpec spec, int index) {
    return String.format(Locale.ROOT, "%s%07d", spec.serialPrefix(), index + 1);
  }

  public static String gatewayId(TopologySpec spec, int gatewayIndex) {
    return String.format(Locale.ROOT, "%sG%05d", spec.serialPrefix(), gatewayIndex + 1);
  }

  public TopologySpec spec() {
    return spec;
  }

  public List<Nodes.Meter> meters() {
    return meters;
  }

  public List<Nodes.Dt> dts() {
    return dts;
  }

  public List<Nodes.Feeder> feeders() {
    return feeders;
  }

  /** Gateway id → the meters it reports for, in gateway order. */
  public Map<String, List<Nodes.Meter>> gateways() {
    return byGateway;
  }

  /** Writes the network as CSV (one row per meter), e.g. for bulk import or analysis. */
  public void writeCsv(Path file) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("serial,consumer,tariff,region,substation,feeder,dt,dt_rated_kva,gateway,net_metered,solar_kwp\n");
      for (Nodes.Meter m : meters) {
        Nodes.Feeder f = m.dt().feeder();
        out.write(String.join(",", m.serial(), m.consumerId(), m.kind().tariffCategory(), f.region(), f.substation(),
            f.id(), m.dt().id(), String.valueOf((int) m.dt().ratedKva()), m.gateway(), String.valueOf(m.netMetered()),
            String.valueOf(m.solarKwp())));
        out.write('\n');
      }
    }
  }
}
