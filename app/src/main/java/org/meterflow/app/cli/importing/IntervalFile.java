package org.meterflow.app.cli.importing;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads interval energy files as they are published, row by row, keeping each row's line number:
 * <ul>
 *   <li>{@code london} — Low Carbon London {@code LCLid,tstp,energy(kWh/hh)}: half-hourly kWh, GMT
 *       interval starts, space-padded values, {@code Null}/empty when missing;
 *   <li>{@code uci} — UCI household power {@code Date;Time;Global_active_power;…;Voltage;Global_intensity;…}:
 *       one-minute average kW, d/m/yyyy local dates, {@code ?} when missing, CRLF;
 *   <li>{@code csv} — {@code ts,kwh} (header optional): kWh of the interval starting at {@code ts}
 *       (ISO instant, or {@code yyyy-MM-dd HH:mm[:ss]} in the file's zone); the interval lasts
 *       until the next row's start (the last one as long as the one before).
 * </ul>
 * Missing values are skipped (a gap in the series), unreadable rows are reported, never guessed.
 */
public final class IntervalFile {

  public enum Format { LONDON, UCI, CSV }

  /** Energy of one interval, with the instantaneous voltage/current where the file has them. */
  public record Interval(int line, Instant start, Duration length, double kwh, Double voltage, Double current) {
    public Instant end() {
      return start.plus(length);
    }
  }

  public record Problem(int line, String message) {}

  public record Result(List<Interval> intervals, List<Problem> problems, int rows, int missing) {}

  private static final DateTimeFormatter UCI_DATE = DateTimeFormatter.ofPattern("d/M/uuuu", Locale.ROOT);

  private IntervalFile() {}

  public static Format format(String name) {
    try {
      return Format.valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown format '" + name + "'; expected uci, london or csv");
    }
  }

  /** The zone of the file's wall-clock timestamps when not given: GMT for London, Paris for UCI, UTC for csv. */
  public static ZoneId defaultZone(Format format) {
    return switch (format) {
      case LONDON -> ZoneId.of("UTC");
      case UCI -> ZoneId.of("Europe/Paris");
      case CSV -> ZoneId.of("UTC");
    };
  }

  public static Result read(Path file, Format format, ZoneId zone) throws IOException {
    List<Interval> out = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    int rows = 0;
    int missing = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int no = 0;
      while ((line = in.readLine()) != null) {
        no++;
        String l = strip(line);
        if (l.isEmpty() || (no == 1 && isHeader(l))) {
          continue;
        }
        rows++;
        try {
          Interval interval = switch (format) {
            case LONDON -> london(no, l, zone);
            case UCI -> uci(no, l, zone);
            case CSV -> csv(no, l, zone);
          };
          if (interval == null) {
            missing++;
          } else {
            out.add(interval);
          }
        } catch (RuntimeException e) {
          problems.add(new Problem(no, e instanceof DateTimeParseException ? "unreadable time: " + e.getMessage()
              : e instanceof NumberFormatException ? "unreadable number: " + e.getMessage() : String.valueOf(e.getMessage())));
        }
      }
    }
    if (format == Format.CSV) {
      out = csvLengths(out);
    }
    return new Result(out, problems, rows, missing);
  }

  private static Interval london(int no, String l, ZoneId zone) {
    String[] f = l.split(",", -1);
    if (f.length < 3) {
      throw new IllegalArgumentException("expected LCLid,tstp,energy: " + l);
    }
    Double kwh = value(f[2]);
    if (kwh == null) {
      return null;
    }
    return new Interval(no, localTime(f[1], zone), Duration.ofMinutes(30), nonNegative(kwh), null, null);
  }

  private static Interval uci(int no, String l, ZoneId zone) {
    String[] f = l.split(";", -1);
    if (f.length < 6) {
      throw new IllegalArgumentException("expected Date;Time;Global_active_power;…: " + l);
    }
    Double kw = value(f[2]);
    if (kw == null) {
      return null;
    }
    LocalDateTime t = LocalDate.parse(f[0].trim(), UCI_DATE).atTime(LocalTime.parse(f[1].trim()));
    return new Interval(no, t.atZone(zone).toInstant(), Duration.ofMinutes(1), nonNegative(kw) / 60.0, value(f[4]), value(f[5]));
  }

  private static Interval csv(int no, String l, ZoneId zone) {
    String[] f = l.split("[,;]", -1);
    if (f.length < 2) {
      throw new IllegalArgumentException("expected ts,kwh: " + l);
    }
    Double kwh = value(f[1]);
    if (kwh == null) {
      return null;
    }
    String ts = unquote(f[0]);
    Instant start = ts.endsWith("Z") || ts.matches(".*[+-]\\d\\d:\\d\\d$")
        ? java.time.OffsetDateTime.parse(ts.replace(' ', 'T')).toInstant()
        : localTime(ts, zone);
    return new Interval(no, start, Duration.ZERO, nonNegative(kwh), null, null);
  }

  /** A csv interval lasts until the next row's start. */
  private static List<Interval> csvLengths(List<Interval> in) {
    List<Interval> sorted = new ArrayList<>(in);
    sorted.sort(java.util.Comparator.comparing(Interval::start));
    List<Interval> out = new ArrayList<>(sorted.size());
    Duration last = Duration.ofMinutes(30);
    for (int i = 0; i < sorted.size(); i++) {
      Interval x = sorted.get(i);
      Duration length = i + 1 < sorted.size() ? Duration.between(x.start(), sorted.get(i + 1).start()) : last;
      if (length.isZero()) {
        continue; // a duplicate start: the store keeps one reading per instant anyway
      }
      last = length;
      out.add(new Interval(x.line(), x.start(), length, x.kwh(), x.voltage(), x.current()));
    }
    return out;
  }

  private static Instant localTime(String text, ZoneId zone) {
    String s = unquote(text).replace('T', ' ');
    int dot = s.indexOf('.');
    if (dot > 0) {
      s = s.substring(0, dot);
    }
    DateTimeFormatter f = s.length() <= 16 ? DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm") : DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
    return LocalDateTime.parse(s, f).atZone(zone).toInstant();
  }

  /** A number, or null for an explicit missing marker ({@code ?}, {@code Null}, empty, NA). */
  private static Double value(String field) {
    String f = unquote(field);
    String lower = f.toLowerCase(Locale.ROOT);
    if (f.isEmpty() || f.equals("?") || lower.equals("null") || lower.equals("na") || lower.equals("nan")) {
      return null;
    }
    double v = Double.parseDouble(f);
    if (!Double.isFinite(v)) {
      throw new NumberFormatException("not finite: " + f);
    }
    return v;
  }

  private static double nonNegative(double kwh) {
    if (kwh < 0) {
      throw new IllegalArgumentException("negative energy " + kwh + " kWh");
    }
    return kwh;
  }

  private static boolean isHeader(String l) {
    char c = l.charAt(0);
    return !(Character.isDigit(c) || c == '"' && l.length() > 1 && Character.isDigit(l.charAt(1))) && !l.startsWith("MAC");
  }

  private static String strip(String line) {
    String l = line.strip();
    return !l.isEmpty() && l.charAt(0) == '\uFEFF' ? l.substring(1).strip() : l;
  }

  private static String unquote(String s) {
    String t = s.trim();
    return t.length() >= 2 && t.charAt(0) == '"' && t.charAt(t.length() - 1) == '"' ? t.substring(1, t.length() - 1).trim() : t;
  }
}
