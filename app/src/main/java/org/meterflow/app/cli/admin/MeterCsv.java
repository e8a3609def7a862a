package org.meterflow.app.cli.admin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.meterflow.model.meter.MeterRegistration;

/**
 * Reads {@code meters.csv} for {@code meterflow meters import}: a header row naming the columns
 * (any order; {@code serial} required, the rest optional: consumer, tariff, region, substation,
 * feeder, dt, nominal_voltage, nominal_frequency, cycle_group, net_metered), then one meter per
 * line. Every row is checked before anything is sent; the result holds the registrations in file
 * order or, when any row is wrong, every row's error.
 */
public final class MeterCsv {

  static final Set<String> COLUMNS = Set.of("serial", "consumer", "tariff", "region", "substation", "feeder", "dt",
      "nominal_voltage", "nominal_frequency", "cycle_group", "net_metered");

  /** A problem with one line of the file (1-based, the header is line 1). */
  public record RowError(int line, String serial, String error) {
    @Override
    public String toString() {
      return "line " + line + (serial.isEmpty() ? "" : " (" + serial + ")") + ": " + error;
    }
  }

  /** The rows as registrations (file order), or the errors; exactly one of them is non-empty for a non-empty file. */
  public record Parsed(List<MeterRegistration> meters, List<Integer> lines, List<RowError> errors) {
    public boolean ok() {
      return errors.isEmpty();
    }
  }

  private MeterCsv() {
  }

  public static Parsed parse(List<String> fileLines) {
    List<RowError> errors = new ArrayList<>();
    List<MeterRegistration> meters = new ArrayList<>();
    List<Integer> lineNumbers = new ArrayList<>();
    if (fileLines.isEmpty() || fileLines.get(0).isBlank()) {
      return new Parsed(List.of(), List.of(), List.of(new RowError(1, "", "empty file: expected a header row")));
    }
    List<String> header = split(stripBom(fileLines.get(0))).stream()
        .map(h -> h.trim().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_')).toList();
    for (String column : header) {
      if (!COLUMNS.contains(column)) {
        errors.add(new RowError(1, "", "unknown column '" + column + "' (known: " + String.join(", ", new java.util.TreeSet<>(COLUMNS)) + ")"));
      }
    }
    if (!header.contains("serial")) {
      errors.add(new RowError(1, "", "the header has no 'serial' column"));
    }
    if (!errors.isEmpty()) {
      return new Parsed(List.of(), List.of(), errors);
    }
    Map<String, Integer> firstSeen = new HashMap<>();
    for (int i = 1; i < fileLines.size(); i++) {
      int line = i + 1;
      String text = fileLines.get(i);
      if (text.isBlank()) {
        continue;
      }
      List<String> cells = split(text);
      if (cells.size() != header.size()) {
        errors.add(new RowError(line, "", cells.size() + " fields, the header has " + header.size()));
        continue;
      }
      Map<String, String> row = new LinkedHashMap<>();
      for (int c = 0; c < header.size(); c++) {
        row.put(header.get(c), cells.get(c).trim());
      }
      String serial = row.getOrDefault("serial", "");
      try {
        MeterRegistration registration = new MeterRegistration(serial.isEmpty() ? null : serial,
            row.get("consumer"), row.get("tariff"), row.get("region"), row.get("substation"), row.get("feeder"),
            row.get("dt"),
            number(row, "nominal_voltage", 230.0, 1, 1000),
            number(row, "nominal_frequency", 50.0, 1, 1000),
            (int) number(row, "cycle_group", 1, 1, 28),
            bool(row, "net_metered"));
        Integer earlier = firstSeen.putIfAbsent(serial, line);
        if (earlier != null) {
          errors.add(new RowError(line, serial, "serial already on line " + earlier));
          continue;
        }
        meters.add(registration);
        lineNumbers.add(line);
      } catch (NullPointerException e) {
        errors.add(new RowError(line, serial, "serial is empty"));
      } catch (IllegalArgumentException e) {
        errors.add(new RowError(line, serial, e.getMessage()));
      }
    }
    if (errors.isEmpty() && meters.isEmpty()) {
      errors.add(new RowError(2, "", "no meters after the header"));
    }
    return errors.isEmpty() ? new Parsed(meters, lineNumbers, List.of()) : new Parsed(List.of(), List.of(), errors);
  }

  private static double number(Map<String, String> row, String column, double fallback, double min, double max) {
    String value = row.get(column);
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    double parsed;
    try {
      parsed = Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(column + " '" + value + "' is not a number");
    }
    if (!(parsed >= min && parsed <= max)) {
      throw new IllegalArgumentException(column + " " + value + " is outside " + (long) min + ".." + (long) max);
    }
    if (column.equals("cycle_group") && parsed != Math.rint(parsed)) {
      throw new IllegalArgumentException("cycle_group " + value + " is not a whole number");
    }
    return parsed;
  }

  private static boolean bool(Map<String, String> row, String column) {
    String value = row.getOrDefault(column, "");
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "", "false", "no", "0" -> false;
      case "true", "yes", "1" -> true;
      default -> throw new IllegalArgumentException(column + " '" + value + "' is not true/false");
    };
  }

  private static String stripBom(String line) {
    return line.startsWith("\uFEFF") ? line.substring(1) : line;
  }

  /** RFC 4180 fields of one line: commas, double quotes around fields, "" for a quote inside. */
  static List<String> split(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          cell.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == ',') {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(ch);
      }
    }
    cells.add(cell.toString());
    return cells;
  }
}
