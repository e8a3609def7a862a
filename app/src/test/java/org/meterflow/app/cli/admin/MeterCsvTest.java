package org.meterflow.app.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MeterCsvTest {

  @Test
  void readsColumnsInAnyOrderWithQuotesAndDefaults() {
    MeterCsv.Parsed parsed = MeterCsv.parse(List.of(
        "\uFEFFregion,serial,consumer,net_metered,cycle_group",
        "north,M1,\"C, one\",true,5",
        "",
        "south,M2,C2,,"));
    assertThat(parsed.ok()).isTrue();
    assertThat(parsed.meters()).hasSize(2);
    assertThat(parsed.meters().get(0).consumerId()).isEqualTo("C, one");
    assertThat(parsed.meters().get(0).netMetered()).isTrue();
    assertThat(parsed.meters().get(0).cycleGroup()).isEqualTo(5);
    assertThat(parsed.meters().get(1).nominalVoltage()).isEqualTo(230.0);
    assertThat(parsed.lines()).containsExactly(2, 4);
  }

  @Test
  void reportsEveryBadRowAndKeepsNoMeters() {
    MeterCsv.Parsed parsed = MeterCsv.parse(List.of(
        "serial,consumer,nominal_voltage,cycle_group",
        "M1,C1,230,1",
        "bad serial!,C2,230,1",
        "M3,C3,abc,1",
        "M1,C4,230,1",
        "M5,C5,230,29",
        "M6,C6,230"));
    assertThat(parsed.ok()).isFalse();
    assertThat(parsed.meters()).isEmpty();
    assertThat(parsed.errors()).extracting(MeterCsv.RowError::line).containsExactly(3, 4, 5, 6, 7);
    assertThat(parsed.errors().get(0).error()).contains("serial must match");
    assertThat(parsed.errors().get(1).error()).contains("nominal_voltage 'abc' is not a number");
    assertThat(parsed.errors().get(2).error()).contains("already on line 2");
    assertThat(parsed.errors().get(3).error()).contains("cycle_group 29 is outside 1..28");
    assertThat(parsed.errors().get(4).error()).contains("3 fields, the header has 4");
  }

  @Test
  void unknownColumnsAndAMissingSerialColumnAreRefused() {
    assertThat(MeterCsv.parse(List.of("serial,colour", "M1,red")).errors()).singleElement()
        .satisfies(e -> assertThat(e.error()).contains("unknown column 'colour'"));
    assertThat(MeterCsv.parse(List.of("consumer", "C1")).errors()).singleElement()
        .satisfies(e -> assertThat(e.error()).contains("no 'serial' column"));
    assertThat(MeterCsv.parse(List.of()).ok()).isFalse();
  }
}
