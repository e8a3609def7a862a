package org.meterflow.analytics.series;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Reads hourly load files in the {@code Datetime,<NAME>_MW} layout (the PJM hourly files): local
 * wall-clock timestamps labelling the END of each hour, rows in any order.
 *
 * <p>Each label is turned into its UTC interval start (end − 1 h). When clocks go back, a label
 * repeated in the doubled hour cannot be told apart (rows are unsorted), so its rows are averaged
 * onto one UTC hour (an ambiguous wall-clock time takes the daylight-time offset) and the other UTC
 * hour of the doubled pair stays NaN. When clocks go forward, a label inside the skipped hour (if
 * a file has one) is moved forward by the gap and so averaged with the next label. Exact duplicate
 * rows are averaged. The result is a UTC grid with NaN where no row exists.
 */
public final class HourlyMwCsvReader {

  private HourlyMwCsvReader() {}

  /**
   * Reads {@code file}.
   *
   * @param zone   the zone of the wall-clock labels
   * @param column the value column, or null for the first column ending in {@code _MW} (else the
   *               second column)
   */
  public static SeriesRead read(Path file, ZoneId zone, String column) throws IOException {
    try (BufferedReader in = CsvLines.open(file)) {
      String headerLine = in.readLine();
      if (headerLine == null) {
        throw new IOException(file + ": empty file");
      }
      String[] header = CsvLines.split(headerLine);
      int time = CsvLines.column(header, "Datetime", "datetime_beginning_ept", "timestamp", "time", "date");
      if (time < 0) {
        time = 0;
      }
      int value = valueColumn(header, time, column);
      if (value < 0) {
        throw new IOException(file + ": no value column " + (column == null ? "ending in _MW" : column)
            + " in " + headerLine);
      }
      GridBuilder grid = new GridBuilder(SeriesFormat.HOURLY_MW.step());
      int rows = 0;
      int invalid = 0;
      int missing = 0;
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        rows++;
        String[] f = CsvLines.split(line);
        try {
          LocalDateTime label = Timestamps.parse(f[time]);
          double v = CsvLines.value(f[value]);
          if (Double.isNaN(v)) {
            missing++;
            continue;
          }
          Instant end = ZonedDateTime.ofLocal(label, zone, null).toInstant();
          grid.add(end.minus(SeriesFormat.HOURLY_MW.step()), v);
        } catch (DateTimeParseException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
          invalid++;
        }
      }
      GridBuilder.Result r = grid.build();
      String name = file.getFileName().toString();
      String id = header[value];
      return new SeriesRead(id, r.series(),
          new ReadReport(name + "#" + id, rows, invalid, missing, r.merged(), r.offGrid(), r.series().missingCount()));
    }
  }

  private static int valueColumn(String[] header, int time, String column) {
    if (column != null) {
      return CsvLines.column(header, column);
    }
    for (int i = 0; i < header.length; i++) {
      if (i != time && header[i].toUpperCase(Locale.ROOT).endsWith("_MW")) {
        return i;
      }
    }
    return header.length > 1 ? (time == 0 ? 1 : 0) : -1;
  }
}
