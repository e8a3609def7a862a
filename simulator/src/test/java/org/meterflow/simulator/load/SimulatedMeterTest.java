package org.meterflow.simulator.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.meterflow.model.reading.Reading;
import org.meterflow.model.reading.ReadingValidator;
import org.meterflow.model.reading.RecentReadings;
import org.meterflow.model.reading.ValidationLimits;
import org.meterflow.model.reading.Verdict;
import org.meterflow.simulator.fault.FaultEffects;
import org.meterflow.simulator.topology.ConsumerKind;
import org.meterflow.simulator.topology.Nodes;
import org.meterflow.simulator.topology.Topology;
import org.meterflow.simulator.topology.TopologySpec;

class SimulatedMeterTest {

  private static final ZoneId IST = ZoneId.of("Asia/Kolkata");
  /** A Wednesday in May (summer peak), midnight local. */
  private static final Instant MAY = Instant.parse("2026-05-12T18:30:00Z");
  private static final Topology TOWN = Topology.build(TopologySpec.defaults("M", 42), 2_000);
  private static final GridConditions GRID = GridConditions.defaults(42);

  private static SimulatedMeter meter(Nodes.Meter node) {
    Nodes.Dt dt = node.dt();
    DtLoading loading = new DtLoading(dt, TOWN.meters().subList(dt.firstMeter(), dt.firstMeter() + dt.meterCount()), 42,
        Season.COOLING);
    return new SimulatedMeter(node, 42, IST, Season.COOLING, GRID, loading, 230.0);
  }

  private static List<Reading> day(SimulatedMeter m, Instant from, int days) {
    List<Reading> out = new ArrayList<>();
    for (int i = 0; i <= 96 * days; i++) {
      out.add(m.readAt(from.plus(Duration.ofMinutes(15L * i))));
    }
    return out;
  }

  private static double kwh(List<Reading> r, int fromSlot, int toSlot) {
    return r.get(toSlot).importKwh() - r.get(fromSlot).importKwh();
  }

  @Test
  void householdsUseMoreInTheEveningThanAtNightAndEveryReadingIsValid() {
    double evening = 0;
    double night = 0;
    ReadingValidator validator = new ReadingValidator(ValidationLimits.defaults());
    for (Nodes.Meter node : TOWN.meters().subList(0, 200)) {
      if (node.kind() != ConsumerKind.HOUSEHOLD || node.netMetered()) {
        continue;
      }
      List<Reading> readings = day(meter(node), MAY, 7);
      for (int d = 0; d < 7; d++) {
        evening += kwh(readings, 96 * d + 76, 96 * d + 88); // 19:00–22:00
        night += kwh(readings, 96 * d + 8, 96 * d + 20); // 02:00–05:00
      }
      RecentReadings recent = RecentReadings.empty();
      for (Reading r : readings) {
        assertThat(validator.judge(r, recent, r.ts(), false)).as(r.toString()).isEqualTo(Verdict.ACCEPTED);
        recent = recent.with(r);
      }
    }
    assertThat(evening).isGreaterThan(2.5 * night);
  }

  @Test
  void summerUsesMoreThanWinterForTheSameHousehold() {
    Nodes.Meter node = TOWN.meters().stream().filter(m -> m.kind() == ConsumerKind.HOUSEHOLD && !m.netMetered())
        .findFirst().orElseThrow();
    double summer = kwh(day(meter(node), MAY, 14), 0, 96 * 14);
    double winter = kwh(day(meter(node), Instant.parse("2026-11-10T18:30:00Z"), 14), 0, 96 * 14);
    assertThat(summer).isGreaterThan(1.3 * winter);
  }

  @Test
  void netMeteredSolarExportsAroundMiddayAndNotAtNight() {
    Nodes.Meter node = TOWN.meters().stream().filter(m -> m.netMetered() && m.solarKwp() > 3.5).findFirst().orElseThrow();
    List<Reading> readings = day(meter(node), MAY, 7);
    double midday = 0;
    double night = 0;
    for (int d = 0; d < 7; d++) {
      midday += readings.get(96 * d + 56).exportKwh() - readings.get(96 * d + 40).exportKwh(); // 10:00–14:00
      night += readings.get(96 * d + 88).exportKwh() - readings.get(96 * d + 80).exportKwh(); // 20:00–22:00
    }
    assertThat(midday).as("the export register advances at midday").isGreaterThan(3.0);
    assertThat(night).isZero();
  }

  @Test
  void shopsAreQuietOnSundays() {
    Nodes.Meter node = TOWN.meters().stream().filter(m -> m.kind() == ConsumerKind.COMMERCIAL).findFirst().orElseThrow();
    List<Reading> week = day(meter(node), MAY, 7); // Wednesday .. Tuesday
    double wednesday = kwh(week, 0, 96);
    double sunday = kwh(week, 96 * 4, 96 * 5);
    assertThat(sunday).isLessThan(0.4 * wednesday);
  }

  @Test
  void metersOnOneFeederSeeCorrelatedVoltageAndFrequencyStaysNearFiftyHertz() {
    Nodes.Meter a = TOWN.meters().get(0);
    Nodes.Meter b = TOWN.meters().get(120); // same feeder, another DT
    Nodes.Meter c = TOWN.meters().get(1_900); // another region
    assertThat(a.feeder()).isEqualTo(b.feeder()).isNotEqualTo(c.feeder());
    List<Reading> ra = day(meter(a), MAY, 3);
    List<Reading> rb = day(meter(b), MAY, 3);
    List<Reading> rc = day(meter(c), MAY, 3);
    assertThat(correlation(ra, rb)).isGreaterThan(0.6);
    assertThat(correlation(ra, rb)).isGreaterThan(correlation(ra, rc) + 0.3);
    for (Reading r : ra) {
      assertThat(r.voltage()).isBetween(230 * 0.92, 230 * 1.08);
      assertThat(r.frequency()).isBetween(49.85, 50.15);
    }
  }

  @Test
  void faultsChangeWhatTheMeterReports() {
    SimulatedMeter m = meter(TOWN.meters().get(3));
    Reading before = m.readAt(MAY);
    Reading sag = m.readAt(MAY.plusSeconds(900), new FaultEffects(0.6, 0, false, 0, Duration.ZERO, false, false, false));
    Reading off = m.readAt(MAY.plusSeconds(1800), new FaultEffects(0.0, 0, false, 0, Duration.ZERO, false, false, false));
    Reading drift = m.readAt(MAY.plusSeconds(2700), new FaultEffects(Double.NaN, 0.7, false, 0, Duration.ZERO, false, false, false));
    Reading rolled = m.readAt(MAY.plusSeconds(3600), new FaultEffects(Double.NaN, 0, false, 5, Duration.ZERO, false, false, false));
    Reading skewed = m.readAt(MAY.plusSeconds(4500), new FaultEffects(Double.NaN, 0, false, 0, Duration.ofHours(1), false, false, false));
    assertThat(sag.voltage() / 230).isBetween(0.58, 0.62);
    assertThat(off.voltage()).isZero();
    assertThat(off.current()).isZero();
    assertThat(off.importKwh()).isEqualTo(sag.importKwh());
    assertThat(drift.frequency()).isGreaterThan(50.5);
    assertThat(rolled.importKwh()).isLessThan(before.importKwh());
    assertThat(skewed.ts()).isEqualTo(MAY.plusSeconds(4500 + 3600));
  }

  @Test
  void reverseFlowAdvancesTheExportRegisterOfAMeterThatIsNotNetMetered() {
    Nodes.Meter node = TOWN.meters().stream().filter(m -> !m.netMetered()).findFirst().orElseThrow();
    SimulatedMeter m = meter(node);
    m.readAt(MAY);
    FaultEffects reverse = new FaultEffects(Double.NaN, 0, true, 0, Duration.ZERO, false, false, false);
    Reading r = m.readAt(MAY.plusSeconds(3600), reverse);
    assertThat(r.exportKwh()).isGreaterThan(0);
  }

  private static double correlation(List<Reading> x, List<Reading> y) {
    int n = x.size();
    double mx = x.stream().mapToDouble(Reading::voltage).average().orElse(0);
    double my = y.stream().mapToDouble(Reading::voltage).average().orElse(0);
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < n; i++) {
      double dx = x.get(i).voltage() - mx;
      double dy = y.get(i).voltage() - my;
      sxy += dx * dy;
      sxx += dx * dx;
      syy += dy * dy;
    }
    return sxy / Math.sqrt(sxx * syy);
  }
}
