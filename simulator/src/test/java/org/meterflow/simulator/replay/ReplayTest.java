package org.meterflow.simulator.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.meterflow.model.reading.Reading;
import org.meterflow.model.Datasets;
import org.meterflow.simulator.fault.FaultEffects;
import org.meterflow.simulator.load.GridConditions;
import org.meterflow.simulator.topology.ConsumerKind;
import org.meterflow.simulator.topology.Nodes;

/** Replay of the real files of the data sets ({@link Datasets}; read in place, never written). */
class ReplayTest {

  private static final Nodes.Dt DT = new Nodes.Dt("north-REPLAY-DT1",
      new Nodes.Feeder("north-REPLAY", "north", "north-SS1", 1), 100, 0, 1);

  private static ReplayMeter meter(Profile p) {
    return new ReplayMeter(new Nodes.Meter(0, p.id(), "C", ConsumerKind.HOUSEHOLD, 0, DT, "G"), p, GridConditions.defaults(1), 1000);
  }

  @Test
  void uciMinutesBecomeARegisterWhoseDailyAdvanceMatchesTheDailyFile() throws Exception {
    Profile uci = UciMinuteReader.read(Datasets.resolve(
        "uci_household_power/household_power_consumption_2006-12-16_to_2007-01-19_1min.txt"));
    assertThat(uci.size()).isEqualTo(48_424);
    assertThat(uci.missing()).as("the five '?' rows").isEqualTo(5);
    ReplayMeter meter = meter(uci);
    ZoneId paris = ZoneId.of("Europe/Paris");
    LocalDate day = LocalDate.of(2006, 12, 17);
    Reading start = meter.readAt(day.atStartOfDay(paris).toInstant(), FaultEffects.NONE);
    Reading end = meter.readAt(day.plusDays(1).atStartOfDay(paris).toInstant(), FaultEffects.NONE);
    // household_power_consumption_days.csv: 2006-12-17 Global_active_power sum 3390.46 (kW-minutes)
    assertThat(end.importKwh() - start.importKwh()).isCloseTo(3390.46 / 60, org.assertj.core.api.Assertions.offset(0.002));
    assertThat(end.voltage()).as("the recorded voltage").isBetween(226.0, 252.0);
    assertThat(end.current()).isGreaterThan(0);
  }

  @Test
  void aMissingMinuteIsSilenceAndTheRegisterStillOnlyGoesUp() throws Exception {
    Profile uci = UciMinuteReader.read(Datasets.resolve(
        "uci_household_power/household_power_consumption_2006-12-16_to_2007-01-19_1min.txt"));
    int gap = 0;
    while (!Double.isNaN(uci.kw()[gap])) {
      gap++;
    }
    ReplayMeter meter = meter(uci);
    Instant atGapEnd = uci.start().plus(uci.step().multipliedBy(gap + 1));
    assertThat(meter.readAt(atGapEnd, FaultEffects.NONE)).isNull();
    double last = 0;
    for (int i = 0; i < 96 * 40; i++) {
      Reading r = meter.readAt(uci.start().plus(Duration.ofMinutes(15L * (i + 1))), FaultEffects.NONE);
      if (r != null) {
        assertThat(r.importKwh()).isGreaterThanOrEqualTo(last);
        last = r.importKwh();
      }
    }
    assertThat(last).as("wrapped around the 4-week cycle and kept counting").isGreaterThan(1000 + 500);
  }

  @Test
  void londonHalfHoursBecomeARegister() throws Exception {
    Path file = Datasets.resolve("london_smart_meters_2013/MAC000002.csv");
    List<Profile> profiles = ReplaySource.parse("london:" + file).profiles();
    assertThat(profiles).hasSize(1);
    Profile p = profiles.get(0);
    assertThat(p.id()).isEqualTo("MAC000002");
    double firstWeek = 0;
    double firstSlot = 0;
    try (BufferedReader in = Files.newBufferedReader(file)) {
      in.readLine();
      for (int i = 0; i < 336; i++) {
        double kwh = Double.parseDouble(in.readLine().split(",")[2].trim());
        firstWeek += kwh;
        firstSlot = i == 0 ? kwh : firstSlot;
      }
    }
    ReplayMeter meter = meter(p);
    Reading start = meter.readAt(p.start().plus(Duration.ofMinutes(30)), FaultEffects.NONE);
    Reading week = meter.readAt(p.start().plus(Duration.ofDays(7)), FaultEffects.NONE);
    assertThat(start.importKwh()).as("the register starts where the meter was installed").isEqualTo(1000.0);
    assertThat(week.importKwh() - start.importKwh())
        .as("the register advanced by the half-hours after the first reading")
        .isCloseTo(firstWeek - firstSlot, org.assertj.core.api.Assertions.offset(1e-3));
  }
}
