package org.meterflow.simulator.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterflow.simulator.topology.Nodes;
import org.meterflow.simulator.topology.Topology;
import org.meterflow.simulator.topology.TopologySpec;

class FaultParserTest {

  private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
  private static final Topology TOWN = Topology.build(TopologySpec.defaults("M", 1), 200);

  @Test
  void scheduleLinesAndCommands() {
    Fault silent = FaultParser.scheduleLine("+1d6h 2h silent dt:north-F1-DT3", START);
    assertThat(silent.kind()).isEqualTo(FaultKind.SILENT);
    assertThat(silent.from()).isEqualTo(START.plus(Duration.ofHours(30)));
    assertThat(silent.to()).isEqualTo(START.plus(Duration.ofHours(32)));
    assertThat(silent.target()).isEqualTo(new FaultTarget(FaultTarget.Level.DT, "north-F1-DT3"));

    Fault sag = FaultParser.scheduleLine("2026-11-02T18:00:00Z PT5M sag feeder:north-F1 0.6", START);
    assertThat(sag.value()).isEqualTo(0.6);
    assertThat(sag.from()).isEqualTo(Instant.parse("2026-11-02T18:00:00Z"));

    Fault skew = FaultParser.command("clock-skew meter:M0000001 1h -10m", START);
    assertThat(skew.value()).isEqualTo(-600);
    assertThat(FaultParser.command("swell all", START).value()).isEqualTo(1.15);
    assertThat(FaultParser.command("swell all", START).to()).isEqualTo(START.plus(Duration.ofMinutes(15)));
  }

  @Test
  void mistakesAreExplained() {
    assertThatThrownBy(() -> FaultParser.scheduleLine("+1h 1h quake all", START)).hasMessageContaining("unknown fault 'quake'");
    assertThatThrownBy(() -> FaultParser.scheduleLine("+1h 1h sag all 0.95", START)).hasMessageContaining("0.1–0.9");
    assertThatThrownBy(() -> FaultParser.scheduleLine("+1h soon sag all", START)).hasMessageContaining("duration 'soon'");
    assertThatThrownBy(() -> FaultParser.command("sag transformer:1", START)).hasMessageContaining("meter, dt, feeder or region");
    assertThatThrownBy(() -> FaultParser.scheduleLine("yesterday 1h sag all", START)).hasMessageContaining("+OFFSET");
  }

  @Test
  void aFileOfFaultsWithCommentsAndLineNumbersInErrors(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("faults.txt");
    Files.writeString(file, "# a stormy day\n+2h 10m sag dt:north-F1-DT1\n\n+5h 1h interruption feeder:north-F1\n");
    assertThat(FaultParser.file(file, START)).hasSize(2);
    Files.writeString(file, "+2h 10m sag dt:north-F1-DT1\n+5h 1h flood all\n");
    assertThatThrownBy(() -> FaultParser.file(file, START)).hasMessageContaining("line 2");
  }

  @Test
  void effectsApplyToTheTargetOnlyAndOnlyWhileActive() {
    FaultBook book = new FaultBook();
    book.add(FaultParser.scheduleLine("+1h 1h sag dt:north-F1-DT1 0.5", START));
    book.add(FaultParser.scheduleLine("+1h 1h frequency region:north 0.7", START));
    book.add(FaultParser.scheduleLine("+1h 30m silent meter:M0000002", START));
    Nodes.Meter first = TOWN.meters().get(0);
    Nodes.Meter second = TOWN.meters().get(1);
    Nodes.Meter otherDt = TOWN.meters().get(60);
    Instant during = START.plus(Duration.ofMinutes(75));
    assertThat(book.effects(first, START)).isSameAs(FaultEffects.NONE);
    assertThat(book.effects(first, during).voltageFactor()).isEqualTo(0.5);
    assertThat(book.effects(first, during).frequencyShiftHz()).isEqualTo(0.7);
    assertThat(book.effects(second, START.plus(Duration.ofMinutes(95))).silent()).isFalse();
    assertThat(book.effects(second, START.plus(Duration.ofMinutes(65))).silent()).isTrue();
    assertThat(book.effects(otherDt, during).forcesVoltage()).isFalse();
    assertThat(book.effects(first, START.plus(Duration.ofHours(2)))).isSameAs(FaultEffects.NONE);

    book.clear(START.plus(Duration.ofMinutes(70)));
    assertThat(book.effects(first, during)).isSameAs(FaultEffects.NONE);
    assertThat(book.effects(first, START.plus(Duration.ofMinutes(65))).voltageFactor()).as("the past stays").isEqualTo(0.5);
  }
}
