package org.meterflow.app.cli.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterflow.model.Datasets;

/** The published data files read as they are, and the register built from them. */
class IntervalFileTest {

  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  @Test
  void uciMinuteFileWithQuestionMarksCrlfAndDayMonthYearDatesMatchesTheDailySums() throws IOException {
    IntervalFile.Result r = IntervalFile.read(Datasets.resolve(
        "uci_household_power/household_power_consumption_2006-12-16_to_2007-01-19_1min.txt"), IntervalFile.Format.UCI, PARIS);
    assertThat(r.rows()).isEqualTo(48_424);
    assertThat(r.missing()).isEqualTo(5);
    assertThat(r.problems()).isEmpty();
    // the daily file's Global_active_power for 2006-12-17 is the sum of minute kW: kWh = sum / 60
    double day = r.intervals().stream()
        .filter(i -> i.start().atZone(PARIS).toLocalDate().equals(LocalDate.of(2006, 12, 17)))
        .mapToDouble(IntervalFile.Interval::kwh).sum();
    assertThat(day).isCloseTo(3390.46 / 60.0, within(1e-6));
    assertThat(r.intervals().get(0).voltage()).isEqualTo(234.84);
    assertThat(r.intervals().get(0).start()).isEqualTo(Instant.parse("2006-12-16T16:24:00Z"));
  }

  @Test
  void londonPaddedValuesBecomeARegisterEndingAtTheYearsTotal() throws IOException {
    IntervalFile.Result r = IntervalFile.read(Datasets.resolve("london_smart_meters_2013/MAC000002.csv"),
        IntervalFile.Format.LONDON, ZoneId.of("UTC"));
    assertThat(r.intervals()).hasSize(17_520);
    List<CumulativeRegister.Row> register = CumulativeRegister.of(r.intervals(), 0.0);
    assertThat(register).hasSize(17_521);
    assertThat(register.get(0).reading().ts()).isEqualTo(Instant.parse("2013-01-01T00:00:00Z"));
    assertThat(register.get(0).reading().importKwh()).isZero();
    CumulativeRegister.Row last = register.get(register.size() - 1);
    assertThat(last.reading().ts()).isEqualTo(Instant.parse("2014-01-01T00:00:00Z"));
    assertThat(last.reading().importKwh()).isCloseTo(4214.648, within(1e-6)); // households_summary.tsv
  }

  @Test
  void unreadableRowsAreReportedWithTheirLineAndMissingOnesLeaveAGap(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("m.csv");
    Files.writeString(f, "ts,kwh\r\n2026-10-01T00:00:00Z,0.5\r\n2026-10-01T00:15:00Z,?\r\n2026-10-01T00:30:00Z,abc\r\n"
        + "2026-10-01 00:45,0.25\r\n2026-10-01T01:00:00Z,-1\r\n");
    IntervalFile.Result r = IntervalFile.read(f, IntervalFile.Format.CSV, ZoneId.of("UTC"));
    assertThat(r.problems()).extracting(IntervalFile.Problem::line).containsExactly(4, 6);
    assertThat(r.missing()).isEqualTo(1);
    List<CumulativeRegister.Row> register = CumulativeRegister.of(r.intervals(), 100.0);
    assertThat(register).extracting(x -> x.reading().importKwh()).containsExactly(100.0, 100.5, 100.75);
    assertThat(register).extracting(CumulativeRegister.Row::line).containsExactly(2, 2, 5);
  }
}
