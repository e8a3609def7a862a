package org.meterflow.simulator.fault;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads faults written as text. A schedule line (file or {@code --fault}) is
 * {@code START DURATION KIND TARGET [VALUE]}, e.g. {@code +6h 2h silent dt:north-F1-DT3} or
 * {@code 2026-11-20T18:00:00Z 5m sag feeder:south-F2 0.6}; START is an offset from the simulated
 * start ({@code +1d6h}) or an instant. A command typed while running is
 * {@code KIND TARGET [DURATION] [VALUE]} and starts at the simulated now. Durations are simulated
 * time: {@code 90s}, {@code 15m}, {@code 2h}, {@code 1d6h} or ISO-8601 ({@code PT15M}). Lines
 * starting with {@code #} are comments.
 */
public final class FaultParser {

  private static final Pattern SHORT = Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

  private FaultParser() {}

  /** One schedule line; {@code start} is the simulated start that {@code +…} offsets count from. */
  public static Fault scheduleLine(String line, Instant start) {
    String[] f = line.trim().split("\\s+");
    if (f.length < 4 || f.length > 5) {
      throw new IllegalArgumentException("fault '" + line + "': expected START DURATION KIND TARGET [VALUE]");
    }
    Instant from = f[0].startsWith("+") ? start.plus(duration(f[0].substring(1))) : instant(f[0]);
    return fault(FaultKind.parse(f[2]), FaultTarget.parse(f[3]), from, duration(f[1]), f.length == 5 ? f[4] : null);
  }

  /** A command typed while running, starting at {@code now}; default duration 15 simulated minutes. */
  public static Fault command(String line, Instant now) {
    String[] f = line.trim().split("\\s+");
    if (f.length < 2 || f.length > 4) {
      throw new IllegalArgumentException("fault command '" + line + "': expected KIND TARGET [DURATION] [VALUE]");
    }
    Duration length = f.length >= 3 ? duration(f[2]) : Duration.ofMinutes(15);
    return fault(FaultKind.parse(f[0]), FaultTarget.parse(f[1]), now, length, f.length == 4 ? f[3] : null);
  }

  /** Every non-blank, non-comment line of a schedule file. */
  public static List<Fault> file(Path file, Instant start) throws IOException {
    List<Fault> faults = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = in.readLine()) != null) {
        n++;
        String l = line.strip();
        if (l.isEmpty() || l.startsWith("#")) {
          continue;
        }
        try {
          faults.add(scheduleLine(l, start));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(file + " line " + n + ": " + e.getMessage(), e);
        }
      }
    }
    return faults;
  }

  private static Fault fault(FaultKind kind, FaultTarget target, Instant from, Duration length, String value) {
    if (length.isZero() || length.isNegative()) {
      throw new IllegalArgumentException("a fault lasts a positive duration, not " + length);
    }
    double v;
    if (value == null) {
      v = kind.defaultValue();
    } else if (kind == FaultKind.CLOCK_SKEW && !value.matches("[-+]?\\d+(\\.\\d+)?")) {
      boolean negative = value.startsWith("-");
      Duration skew = duration(value.replaceFirst("^[-+]", ""));
      v = (negative ? -1 : 1) * skew.toMillis() / 1000.0;
    } else {
      try {
        v = Double.parseDouble(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("fault value '" + value + "' is not a number");
      }
    }
    if ((kind == FaultKind.SAG && (v < 0.1 || v >= 0.9)) || (kind == FaultKind.SWELL && (v <= 1.1 || v > 1.8))) {
      throw new IllegalArgumentException(kind.cliName() + " of " + v + " pu is outside its band ("
          + (kind == FaultKind.SAG ? "0.1–0.9" : "1.1–1.8") + ")");
    }
    return new Fault(kind, target, from, from.plus(length), v);
  }

  /** {@code 90s}, {@code 15m}, {@code 2h}, {@code 1d6h} or ISO-8601. */
  public static Duration duration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.startsWith("p")) {
      try {
        return Duration.parse(t.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("duration '" + text + "' is not ISO-8601");
      }
    }
    Matcher m = SHORT.matcher(t);
    if (t.isEmpty() || !m.matches()) {
      throw new IllegalArgumentException("duration '" + text + "': expected e.g. 90s, 15m, 2h, 1d6h or PT15M");
    }
    Duration d = Duration.ZERO;
    d = m.group(1) != null ? d.plusDays(Long.parseLong(m.group(1))) : d;
    d = m.group(2) != null ? d.plusHours(Long.parseLong(m.group(2))) : d;
    d = m.group(3) != null ? d.plusMinutes(Long.parseLong(m.group(3))) : d;
    return m.group(4) != null ? d.plusSeconds(Long.parseLong(m.group(4))) : d;
  }

  private static Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("start '" + text + "' is neither +OFFSET nor an ISO-8601 instant");
    }
  }
}
