package org.meterflow.analytics.series;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;

/** Lenient parsing of the wall-clock timestamps found in load files. */
final class Timestamps {

  private Timestamps() {}

  /**
   * Parses {@code yyyy-MM-dd HH:mm[:ss[.fraction]]} (or with {@code T}, or {@code /} in the
   * date); {@code 24:00} is midnight of the next day (a common hour-ending label).
   *
   * @throws DateTimeParseException if the text is not such a timestamp
   */
  static LocalDateTime parse(String text) {
    String s = text.trim();
    if (s.length() >= 2 && s.charAt(0) == '"' && s.charAt(s.length() - 1) == '"') {
      s = s.substring(1, s.length() - 1).trim();
    }
    int sep = s.indexOf('T') >= 0 ? s.indexOf('T') : s.indexOf(' ');
    if (sep < 0) {
      throw new DateTimeParseException("no time part", text, 0);
    }
    LocalDate date = LocalDate.parse(s.substring(0, sep).replace('/', '-'));
    String time = s.substring(sep + 1).trim();
    if (time.endsWith("Z")) {
      time = time.substring(0, time.length() - 1);
    }
    String[] parts = time.split(":");
    if (parts.length < 2) {
      throw new DateTimeParseException("bad time", text, sep + 1);
    }
    try {
      int hour = Integer.parseInt(parts[0]);
      int minute = Integer.parseInt(parts[1]);
      double seconds = parts.length > 2 ? Double.parseDouble(parts[2]) : 0;
      if (hour == 24 && minute == 0 && seconds == 0) {
        return date.plusDays(1).atStartOfDay();
      }
      return date.atTime(hour, minute, (int) seconds);
    } catch (NumberFormatException | java.time.DateTimeException e) {
      throw new DateTimeParseException("bad time: " + e.getMessage(), text, sep + 1);
    }
  }
}
