package org.meterflow.analytics.forecast;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.meterflow.model.forecast.HolidayCalendar;

/**
 * Resolves the {@code --holidays} option: {@code auto} (by time zone: England &amp; Wales bank
 * holidays for Europe/London, the NERC holidays for America/* zones, none otherwise),
 * {@code none}, {@code england-wales}, {@code us-nerc}, or the path of a file with one ISO date
 * ({@code yyyy-MM-dd}) per line ({@code #} starts a comment).
 */
public final class HolidayOption {

  private HolidayOption() {}

  /** The calendar for {@code value}, covering the years {@code fromYear} to {@code toYear}. */
  public static HolidayCalendar resolve(String value, ZoneId zone, int fromYear, int toYear) throws IOException {
    String v = value.trim();
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "auto" -> byZone(zone, fromYear, toYear);
      case "none" -> HolidayCalendar.none();
      case "england-wales", "uk" -> HolidayCalendar.englandAndWales(fromYear, toYear);
      case "us-nerc", "us" -> HolidayCalendar.unitedStatesNerc(fromYear, toYear);
      default -> fromFile(Path.of(v));
    };
  }

  private static HolidayCalendar byZone(ZoneId zone, int fromYear, int toYear) {
    String id = zone.getId();
    if (id.equals("Europe/London") || id.equals("GB")) {
      return HolidayCalendar.englandAndWales(fromYear, toYear);
    }
    if (id.startsWith("America/") || id.startsWith("US/")) {
      return HolidayCalendar.unitedStatesNerc(fromYear, toYear);
    }
    return HolidayCalendar.none();
  }

  private static HolidayCalendar fromFile(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("--holidays: not auto, none, england-wales, us-nerc or a readable file: "
          + file);
    }
    List<LocalDate> dates = new ArrayList<>();
    int lineNo = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      lineNo++;
      String l = line.replaceFirst("#.*", "").trim();
      if (l.isEmpty()) {
        continue;
      }
      try {
        dates.add(LocalDate.parse(l.split("[,;\\s]")[0]));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(file + ":" + lineNo + ": not a yyyy-MM-dd date: " + line, e);
      }
    }
    return HolidayCalendar.of(dates);
  }
}
