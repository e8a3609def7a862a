package org.meterflow.timeseries.lineprotocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.meterflow.model.meter.MeterLocation;
import org.meterflow.model.reading.AcceptedReading;
import org.meterflow.model.reading.Reading;

class ReadingLineProtocolTest {

  private static final Instant TS = Instant.parse("2026-11-26T10:15:00Z"); // 1795688100000 ms
  private static final Instant RECEIVED = Instant.parse("2026-11-26T10:15:00.250Z");

  private static AcceptedReading reading(String serial, double importKwh, Double powerFactor) {
    return new AcceptedReading(
        new Reading(serial, 42, TS, importKwh, 0.0, 231.4, 4.2, 50.01, powerFactor), RECEIVED);
  }

  @Test
  void rendersAllFieldsWithIntegerSuffixesAndMillisecondTimestamp() {
    assertThat(ReadingLineProtocol.line(reading("M0000001", 1234.567, 0.97))).isEqualTo(
        "readings,dt=unassigned,feeder=unassigned,region=unassigned,serial=M0000001 seq=42i,import_kwh=1234.567,export_kwh=0.0,voltage=231.4,current=4.2,"
            + "frequency=50.01,power_factor=0.97,received_at_ms=1795688100250i 1795688100000");
  }

  @Test
  void omitsPowerFactorWhenAbsent() {
    assertThat(ReadingLineProtocol.line(reading("M1", 1.5, null))).isEqualTo(
        "readings,dt=unassigned,feeder=unassigned,region=unassigned,serial=M1 seq=42i,import_kwh=1.5,export_kwh=0.0,voltage=231.4,current=4.2,"
            + "frequency=50.01,received_at_ms=1795688100250i 1795688100000");
  }

  @Test
  void escapesCommaEqualsAndSpaceInTagValue() {
    String line = ReadingLineProtocol.line(reading("a,b=c d", 1.0, null));
    assertThat(line.substring(0, line.indexOf(",import_kwh")))
        .isEqualTo("readings,dt=unassigned,feeder=unassigned,region=unassigned,serial=a\\,b\\=c\\ d seq=42i");
  }

  @Test
  void tagsTheMetersLocationInKeyOrderAndNeverRefusesAnOddLocationName() {
    Reading r = new Reading("M1", 42, TS, 1.0, 0.0, 231.4, 4.2, 50.01, null);
    String line = ReadingLineProtocol.line(
        new AcceptedReading(r, RECEIVED, new MeterLocation("North Zone", "S1", "F=1", "DT\\7\n")));
    assertThat(line.substring(0, line.indexOf(",import_kwh")))
        .isEqualTo("readings,dt=DT_7_,feeder=F\\=1,region=North\\ Zone,serial=M1 seq=42i");
  }

  @Test
  void writesLargeAndTinyFloatsWithoutExponent() {
    String line = ReadingLineProtocol.line(reading("M1", 12_345_678.9, 1.0E-5));
    assertThat(line).contains("import_kwh=12345678.9,");
    assertThat(line).contains("power_factor=0.000010,");
  }

  @Test
  void refusesWhatLineProtocolCannotCarry() {
    assertThatThrownBy(() -> ReadingLineProtocol.line(reading("M\n1", 1.0, null)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReadingLineProtocol.line(reading("M\\1", 1.0, null)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReadingLineProtocol.line(reading("M1", Double.NaN, null)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReadingLineProtocol.line(reading("M1", 1.0, Double.POSITIVE_INFINITY)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rendersOneLinePerReadingInOrder() {
    List<String> lines = ReadingLineProtocol.lines(List.of(reading("A", 1.0, null), reading("B", 2.0, null)));
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("readings,dt=unassigned,feeder=unassigned,region=unassigned,serial=A ");
    assertThat(lines.get(1)).startsWith("readings,dt=unassigned,feeder=unassigned,region=unassigned,serial=B ");
  }

  @Test
  void locationNameIsTheValueQuestDbReadsBackFromTheTag() {
    assertThat(ReadingLineProtocol.locationName("East, zone=2 ")).isEqualTo("East, zone=2 "); // escaped in the line only
    assertThat(ReadingLineProtocol.locationName("F\\7\t")).isEqualTo("F_7_");
    assertThat(ReadingLineProtocol.locationName(" ")).isEqualTo("unassigned");
    assertThat(ReadingLineProtocol.locationName(null)).isEqualTo("unassigned");
    StringBuilder tag = new StringBuilder();
    ReadingLineProtocol.appendLocationTag(tag, "F\\7\t");
    assertThat(tag.toString()).isEqualTo("F_7_");
  }

  @Test
  void checkRefusesWhatTheLineCannotCarry() {
    ReadingLineProtocol.check(reading("M1", 1.5, null));
    assertThatThrownBy(() -> ReadingLineProtocol.check(reading("M\\1", 1.5, null)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReadingLineProtocol.check(reading("M1", Double.POSITIVE_INFINITY, null)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReadingLineProtocol.check(reading("M1", 1.5, Double.NaN)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
