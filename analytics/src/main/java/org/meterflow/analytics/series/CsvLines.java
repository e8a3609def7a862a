package org.meterflow.analytics.series;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Minimal CSV splitting for the simple, unquoted-comma layouts of load files. */
final class CsvLines {

  private CsvLines() {}

  /** Opens a file as UTF-8, tolerating a byte-order mark on the first line. */
  static BufferedReader open(Path file) throws IOException {
    return Files.newBufferedReader(file, StandardCharsets.UTF_8);
  }

  /** The fields of a line, trimmed and unquoted. */
  static String[] split(String line) {
    String l = line;
    if (!l.isEmpty() && l.charAt(0) == '\uFEFF') {
      l = l.substring(1);
    }
    List<String> out = new ArrayList<>();
    int from = 0;
    for (int i = 0; i <= l.length(); i++) {
      if (i == l.length() || l.charAt(i) == ',') {
        out.add(unquote(l.substring(from, i).trim()));
        from = i + 1;
      }
    }
    return out.toArray(new String[0]);
  }

  /** The index of the first header field equal to (ignoring case) one of {@code names}, or -1. */
  static int column(String[] header, String... names) {
    for (int i = 0; i < header.length; i++) {
      for (String n : names) {
        if (header[i].equalsIgnoreCase(n)) {
          return i;
        }
      }
    }
    return -1;
  }

  /** A number, or NaN for an explicit missing marker; throws NumberFormatException otherwise. */
  static double value(String field) {
    String f = field.trim();
    String lower = f.toLowerCase(Locale.ROOT);
    if (f.isEmpty() || lower.equals("null") || lower.equals("na") || lower.equals("nan") || f.equals("?")) {
      return Double.NaN;
    }
    double v = Double.parseDouble(f);
    if (Double.isInfinite(v)) {
      throw new NumberFormatException("infinite value");
    }
    return v;
  }

  private static String unquote(String s) {
    if (s.length() >= 2 && s.charAt(0) == '"' && s.charAt(s.length() - 1) == '"') {
      return s.substring(1, s.length() - 1).trim();
    }
    return s;
  }
}
