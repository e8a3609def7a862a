package org.meterflow.analytics.series;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/**
 * Reads the Taylor (2003) half-hourly demand file ({@code period,nominal_start,demand_MW}).
 * Timestamps are interval starts in the given local zone; the series is laid on a UTC grid
 * (a repeated local half-hour when clocks go back is averaged onto its first occurrence, leaving the
 * second NaN; a non-existent local time is moved forward by the gap, as {@link ZonedDateTime}
 * does).
 */
public final class TaylorCsvReader {

  private TaylorCsvReader() {}

  /** Reads {@code file}, interpreting timestamps in {@code zone}. */
  public static SeriesRead read(Path file, ZoneId zone) throws IOException {
    try (BufferedReader in = CsvLines.open(file)) {
      String headerLine = in.readLine();
      if (headerLine == null) {
        throw new IOException(file + ": empty file");
      }
      String[] header = CsvLines.split(headerLine);
      int time = CsvLines.column(header, "nominal_start", "start", "timestamp", "datetime", "time");
      int value = CsvLines.column(header, "demand_MW", "demand", "load", "MW");
      if (time < 0) {
        throw new IOException(file + ": no timestamp column (expected nominal_start) in " + headerLine);
      }
      if (value < 0) {
        value = header.length - 1;
      }
      GridBuilder grid = new GridBuilder(SeriesFormat.TAYLOR.step());
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
          LocalDateTime t = Timestamps.parse(f[time]);
          double v = CsvLines.value(f[value]);
          if (Double.isNaN(v)) {
            missing++;
            continue;
          }
          grid.add(ZonedDateTime.ofLocal(t, zone, null).toInstant(), v);
        } catch (DateTimeParseException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
          invalid++;
        }
      }
      GridBuilder.Result r = grid.build();
      String name = file.getFileName().toString();
      return new SeriesRead(name, r.series(),
          new ReadReport(name, rows, invalid, missing, r.merged(), r.offGrid(), r.series().missingCount()));
    }
  }
}
