package org.meterflow.analytics.series;

import org.meterflow.model.Datasets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
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
    assertEquals(4032, s.size());
    assertEquals(0, s.missingCount());
    assertEquals(Instant.parse("2000-06-04T23:00:00Z"), s.start()); // 00:00 BST
    assertEquals(Duration.ofMinutes(30), s.step());
    assertEquals(22262, s.value(0));
    assertEquals(23132, s.value(4031));
    assertEquals(4032, read.report().rows());
  }

  @Test
  void londonFilesMatchTheHouseholdSummaryOracle() throws IOException {
    List<String> summary = Files.readAllLines(Datasets.root().resolve("london_smart_meters_2013/households_summary.tsv"));
    for (String line : summary.subList(1, summary.size())) {
      String[] f = line.split("\t");
      String household = f[0].replace(".csv", "");
      List<SeriesRead> reads = LondonCsvReader.read(Datasets.london(household));
      assertEquals(1, reads.size());
      SeriesRead read = reads.get(0);
      LoadSeries s = read.series();
      assertEquals(household, read.id());
      assertEquals(Integer.parseInt(f[1]), read.report().rows(), household);
      assertEquals(Integer.parseInt(f[4]), s.missingCount(), household + " missing slots");
      double total = 0;
      for (int i = 0; i < s.size(); i++) {
        total += s.isMissing(i) ? 0 : s.value(i);
      }
      assertEquals(Double.parseDouble(f[8]), total, 0.0005, household + " total kWh (oracle has 3 decimals)");
      assertEquals(Instant.parse("2013-01-01T00:00:00Z"), s.start());
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
    assertEquals(List.of("MAC1", "MAC2"), reads.stream().map(SeriesRead::id).toList());
    LoadSeries mac1 = reads.get(0).series();
    assertEquals(Instant.parse("2012-10-12T00:00:00Z"), mac1.start());
    assertEquals(4, mac1.size());
    assertEquals(0.25, mac1.value(0));
    assertEquals(0.5, mac1.value(1));
    assertTrue(mac1.isMissing(2));
    assertEquals(0.5, mac1.value(3)); // duplicate rows averaged
    assertEquals(1, reads.get(0).report().missing());
    assertEquals(1, reads.get(0).report().merged());
    assertEquals(1, reads.get(1).report().invalid());
    assertThrows(IllegalArgumentException.class,
        () -> SeriesLoader.load(List.of(file), SeriesFormat.LONDON, false, ZoneId.of("Europe/London"), null));
    LoadSeries feeder = SeriesLoader.load(List.of(file), SeriesFormat.LONDON, true, ZoneId.of("Europe/London"), null)
        .series();
    assertEquals(1.25, feeder.value(0)); // MAC2 only spans slot 0
    assertEquals(0.5, feeder.value(1));
  }

  @Test
  void hourlyMwFileIsLaidOnAUtcGridAcrossDaylightSaving() throws IOException, URISyntaxException {
    Path file = Path.of(getClass().getResource("/series/hourly_mw_dst_sample.csv").toURI());
    SeriesRead read = HourlyMwCsvReader.read(file, NEW_YORK, null);
    LoadSeries s = read.series();
    assertEquals("SAMPLE_MW", read.id());
    assertEquals(1, read.report().invalid());
    // rows are shuffled; the first hour ends 2013-03-09 01:00 EST, so it starts at 05:00 UTC
    assertEquals(Instant.parse("2013-03-09T05:00:00Z"), s.start());
    assertEquals(901, value(s, "2013-03-09T05:00:00Z"));
    // spring forward (10 March): labels 01:00, 02:00, 04:00 — no hole on the UTC grid
    assertEquals(1001, value(s, "2013-03-10T05:00:00Z"));
    assertEquals(1002, value(s, "2013-03-10T06:00:00Z"));
    assertEquals(1004, value(s, "2013-03-10T07:00:00Z"));
    assertEquals(1024, value(s, "2013-03-11T03:00:00Z")); // label 11 March 00:00 EDT
    // fall back (3 November): label 02:00 twice → averaged onto one hour, the other hour missing
    assertEquals(224, value(s, "2013-11-03T03:00:00Z"));
    assertEquals(301, value(s, "2013-11-03T04:00:00Z"));
    assertTrue(Double.isNaN(value(s, "2013-11-03T05:00:00Z")));
    assertEquals(307, value(s, "2013-11-03T06:00:00Z"));
    assertEquals(303, value(s, "2013-11-03T07:00:00Z"));
    assertEquals(1, read.report().merged());
    assertEquals(Instant.parse("2013-11-05T05:00:00Z"), s.end());
  }

  @Test
  void hourlyMwColumnCanBeChosen() throws IOException {
    Path file = tmp.resolve("two.csv");
    Files.writeString(file, "Datetime,AEP_MW,DOM_MW\n2004-12-31 01:00:00,1.0,2.0\n2004-12-31 02:00:00,3.0,4.0\n");
    assertEquals(1.0, HourlyMwCsvReader.read(file, NEW_YORK, null).series().value(0));
    assertEquals(4.0, HourlyMwCsvReader.read(file, NEW_YORK, "DOM_MW").series().value(1));
    assertThrows(IOException.class, () -> HourlyMwCsvReader.read(file, NEW_YORK, "NOPE"));
  }

  @Test
  void timestampsAcceptCommonVariants() {
    assertEquals("2013-01-02T00:00", Timestamps.parse("2013-01-01 24:00").toString());
    assertEquals("2013-01-01T00:30", Timestamps.parse("2013-01-01T00:30:00.0000000").toString());
    assertEquals("2013-01-01T00:30", Timestamps.parse("\"2013/01/01 00:30\"").toString());
  }

  @Test
  void summedLondonFeederKeepsTheGridAndMarksMemberGapsMissing() throws IOException {
    List<Path> files = List.of(Datasets.london("MAC000002"), Datasets.london("MAC000015"), Datasets.london("MAC000016"),
        Datasets.london("MAC000037"), Datasets.london("MAC000079"));
    SeriesLoader.Loaded loaded = SeriesLoader.load(files, SeriesFormat.LONDON, true, ZoneId.of("Europe/London"), null);
    LoadSeries feeder = loaded.series();
    assertEquals(17520, feeder.size());
    // a member's gap inside its span makes the feeder slot missing: 23 + 1 + 481 slots, no overlap
    assertEquals(505, feeder.missingCount());
    double expected = 0;
    for (SeriesRead part : loaded.parts()) {
      expected += part.series().value(0);
    }
    assertEquals(expected, feeder.value(0), 1e-12);
  }

  private static double value(LoadSeries s, String instant) {
    int i = s.indexOf(Instant.parse(instant));
    assertTrue(i >= 0, instant + " on the grid");
    return s.value(i);
  }
}
