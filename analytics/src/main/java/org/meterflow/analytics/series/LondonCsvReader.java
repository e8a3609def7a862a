package org.meterflow.analytics.series;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Low Carbon London half-hourly files ({@code LCLid,tstp,energy(kWh/hh)}): values padded with
 * spaces, {@code Null} or empty when missing, timestamps in GMT (interval start, optionally with a
 * fraction of a second). One series per LCLid, so a file holding a block of households yields
 * several. Duplicate timestamps are averaged; slots absent from the file are NaN.
 */
public final class LondonCsvReader {

  private LondonCsvReader() {}

  /** The households of {@code file}, in order of first appearance. */
  public static List<SeriesRead> read(Path file) throws IOException {
    Map<String, Household> households = new LinkedHashMap<>();
    String name = file.getFileName().toString();
    try (BufferedReader in = CsvLines.open(file)) {
      String headerLine = in.readLine();
      if (headerLine == null) {
        throw new IOException(file + ": empty file");
      }
      String[] header = CsvLines.split(headerLine);
      int id = CsvLines.column(header, "LCLid");
      int time = CsvLines.column(header, "tstp", "DateTime");
      int value = CsvLines.column(header, "energy(kWh/hh)", "KWH/hh (per half hour)", "energy");
      if (id < 0 || time < 0 || value < 0) {
        throw new IOException(file + ": not a London smart-meter file (expected LCLid,tstp,energy(kWh/hh)): "
            + headerLine);
      }
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        String[] f = CsvLines.split(line);
        Household h = households.computeIfAbsent(f[id], k -> new Household());
        h.rows++;
        try {
          double v = CsvLines.value(f[value]);
          if (Double.isNaN(v)) {
            h.missing++;
            continue;
          }
          h.grid.add(Timestamps.parse(f[time]).toInstant(ZoneOffset.UTC), v);
        } catch (DateTimeParseException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
          h.invalid++;
        }
      }
    }
    List<SeriesRead> out = new ArrayList<>();
    for (Map.Entry<String, Household> e : households.entrySet()) {
      Household h = e.getValue();
      GridBuilder.Result r = h.grid.build();
      String source = households.size() == 1 ? name : name + "#" + e.getKey();
      out.add(new SeriesRead(e.getKey(), r.series(), new ReadReport(source, h.rows, h.invalid, h.missing,
          r.merged(), r.offGrid(), r.series().missingCount())));
    }
    return out;
  }

  private static final class Household {
    final GridBuilder grid = new GridBuilder(SeriesFormat.LONDON.step());
    int rows;
    int invalid;
    int missing;
  }
}
