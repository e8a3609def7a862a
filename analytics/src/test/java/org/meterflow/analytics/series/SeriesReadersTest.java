package org.meterflow.analytics.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.meterflow.model.Datasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterflow.model.forecast.LoadSeries;

class SeriesReadersTest {

  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  @TempDir
  Path tmp;

  @Test
  void taylorFileIsHalfHourlyFromLocalMidnight() throws IOException {
    SeriesRead read = TaylorCsvReader.read(Datasets.taylor(), ZoneId.of("Europe/London"));
    LoadSeries s = read.series();
    assertThat(s.size()).isEqualTo(4032);
    assertThat(s.missingCount()).isEqualTo(0);
    assertThat(s.start()).isEqualTo(Instant.parse("2000-06-04T23:00:00Z")); // 00:00 BST
    assertThat(s.step()).isEqualTo(Duration.ofMinutes(30));
    assertThat(s.value(0)).isEqualTo(22262);
    assertThat(s.value(4031)).isEqualTo(23132);
    assertThat(read.report().rows()).isEqualTo(4032);
  }

  @Test
  void londonFilesMatchTheHouseholdSummaryOracle() throws IOException {
    List<String> summary = Files.readAllLines(Datasets.root().resolve("london_smart_meters_2013/households_summary.tsv"));
    for (String line : summary.subList(1, summary.size())) {
      String[] f = line.split("\t");
      String household = f[0].replace(".csv", "");
      List<SeriesRead> reads = LondonCsvReader.read(Datasets.london(household));
      assertThat(reads).hasSize(1);
      SeriesRead read = reads.get(0);
      LoadSeries s = read.series();
      assertThat(read.id()).isEqualTo(household);
      assertThat(read.report().rows()).as(household).isEqualTo(Integer.parseInt(f[1]));
      assertThat(s.missingCount()).as(household + " missing slots").isEqualTo(Integer.parseInt(f[4]));
      double total = 0;
      for (int i = 0; i < s.size(); i++) {
        total += s.isMissing(i) ? 0 : s.value(i);
      }
      assertThat(total).as(household + " total kWh (oracle has 3 decimals)")
          .isCloseTo(Double.parseDouble(f[8]), within(0.0005));
      assertThat(s.start()).isEqualTo(Instant.parse("2013-01-01T00:00:00Z"));
    }
  }

  @Test
  void londonBlockFileWithSeveralHouseholdsNullsAndDuplicates() throws IOException {
    Path file = tmp.resolve("block_0.csv");
    Files.writeString(file, String.join("\n",
        "LCLid,tstp,energy(kWh/hh)",
        "MAC1,2012-10-12 00:30:00.0000000, 0.5 ",
        "MAC1,2012-10-12 00:00:00.0000000, 0.25 ",
        "MAC1,2012-10-12 01:00:00.0000000,Null",
        "MAC1,2012-10-12 01:30:00.0000000, 0.75 ",
        "MAC1,2012-10-12 01:30:00.0000000, 0.25 ",
        "MAC2,2012-10-12 00:00:00.0000000, 1 ",
        "MAC2,garbage, 1 ",
        ""), StandardCharsets.UTF_8);
    List<SeriesRead> reads = LondonCsvReader.read(file);
    assertThat(reads.stream().map(SeriesRead::id).toList()).isEqualTo(List.of("MAC1", "MAC2"));
    LoadSeries mac1 = reads.get(0).series();
    assertThat(mac1.start()).isEqualTo(Instant.parse("2012-10-12T00:00:00Z"));
    assertThat(mac1.size()).isEqualTo(4);
    assertThat(mac1.value(0)).isEqualTo(0.25);
    assertThat(mac1.value(1)).isEqualTo(0.5);
    assertThat(mac1.isMissing(2)).isTrue();
    assertThat(mac1.value(3)).isEqualTo(0.5); // duplicate rows averaged
    assertThat(reads.get(0).report().missing()).isEqualTo(1);
    assertThat(reads.get(0).report().merged()).isEqualTo(1);
    assertThat(reads.get(1).report().invalid()).isEqualTo(1);
    assertThatThrownBy(() -> SeriesLoader.load(List.of(file), SeriesFormat.LONDON, false, ZoneId.of("Europe/London"), null))
        .isInstanceOf(IllegalArgumentException.class);
    LoadSeries feeder = SeriesLoader.load(List.of(file), SeriesFormat.LONDON, true, ZoneId.of("Europe/London"), null)
        .series();
    assertThat(feeder.value(0)).isEqualTo(1.25); // MAC2 only spans slot 0
    assertThat(feeder.value(1)).isEqualTo(0.5);
  }

  @Test
  void hourlyMwFileIsLaidOnAUtcGridAcrossDaylightSaving() throws IOException, URISyntaxException {
    Path file = Path.of(getClass().getResource("/series/hourly_mw_dst_sample.csv").toURI());
    SeriesRead read = HourlyMwCsvReader.read(file, NEW_YORK, null);
    LoadSeries s = read.series();
    assertThat(read.id()).isEqualTo("SAMPLE_MW");
    assertThat(read.report().invalid()).isEqualTo(1);
    // rows are shuffled; the first hour ends 2013-03-09 01:00 EST, so it starts at 05:00 UTC
    assertThat(s.start()).isEqualTo(Instant.parse("2013-03-09T05:00:00Z"));
    assertThat(value(s, "2013-03-09T05:00:00Z")).isEqualTo(901);
    // spring forward (10 March): labels 01:00, 02:00, 04:00 — no hole on the UTC grid
    assertThat(value(s, "2013-03-10T05:00:00Z")).isEqualTo(1001);
    assertThat(value(s, "2013-03-10T06:00:00Z")).isEqualTo(1002);
    assertThat(value(s, "2013-03-10T07:00:00Z")).isEqualTo(1004);
    assertThat(value(s, "2013-03-11T03:00:00Z")).isEqualTo(1024); // label 11 March 00:00 EDT
    // fall back (3 November): label 02:00 twice → averaged onto one hour, the other hour missing
    assertThat(value(s, "2013-11-03T03:00:00Z")).isEqualTo(224);
    assertThat(value(s, "2013-11-03T04:00:00Z")).isEqualTo(301);
    assertThat(value(s, "2013-11-03T05:00:00Z")).isNaN();
    assertThat(value(s, "2013-11-03T06:00:00Z")).isEqualTo(307);
    assertThat(value(s, "2013-11-03T07:00:00Z")).isEqualTo(303);
    assertThat(read.report().merged()).isEqualTo(1);
    assertThat(s.end()).isEqualTo(Instant.parse("2013-11-05T05:00:00Z"));
  }

  @Test
  void hourlyMwColumnCanBeChosen() throws IOException {
    Path file = tmp.resolve("two.csv");
    Files.writeString(file, "Datetime,AEP_MW,DOM_MW\n2004-12-31 01:00:00,1.0,2.0\n2004-12-31 02:00:00,3.0,4.0\n");
    assertThat(HourlyMwCsvReader.read(file, NEW_YORK, null).series().value(0)).isEqualTo(1.0);
    assertThat(HourlyMwCsvReader.read(file, NEW_YORK, "DOM_MW").series().value(1)).isEqualTo(4.0);
    assertThatThrownBy(() -> HourlyMwCsvReader.read(file, NEW_YORK, "NOPE")).isInstanceOf(IOException.class);
  }

  @Test
  void timestampsAcceptCommonVariants() {
    assertThat(Timestamps.parse("2013-01-01 24:00").toString()).isEqualTo("2013-01-02T00:00");
    assertThat(Timestamps.parse("2013-01-01T00:30:00.0000000").toString()).isEqualTo("2013-01-01T00:30");
    assertThat(Timestamps.parse("\"2013/01/01 00:30\"").toString()).isEqualTo("2013-01-01T00:30");
  }

  @Test
  void summedLondonFeederKeepsTheGridAndMarksMemberGapsMissing() throws IOException {
    List<Path> files = List.of(Datasets.london("MAC000002"), Datasets.london("MAC000015"), Datasets.london("MAC000016"),
        Datasets.london("MAC000037"), Datasets.london("MAC000079"));
    SeriesLoader.Loaded loaded = SeriesLoader.load(files, SeriesFormat.LONDON, true, ZoneId.of("Europe/London"), null);
    LoadSeries feeder = loaded.series();
    assertThat(feeder.size()).isEqualTo(17520);
    // a member's gap inside its span makes the feeder slot missing: 23 + 1 + 481 slots, no overlap
    assertThat(feeder.missingCount()).isEqualTo(505);
    double expected = 0;
    for (SeriesRead part : loaded.parts()) {
      expected += part.series().value(0);
    }
    assertThat(feeder.value(0)).isCloseTo(expected, within(1e-12));
  }

  private static double value(LoadSeries s, String instant) {
    int i = s.indexOf(Instant.parse(instant));
    assertThat(i).as(instant + " on the grid").isGreaterThanOrEqualTo(0);
    return s.value(i);
  }
}
