package org.meterflow.http.api;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the {@code step} query parameter: a whole number and a unit, s, m, h or d (e.g. {@code 15m}). */
public final class Steps {

  private static final Pattern STEP = Pattern.compile("([1-9][0-9]{0,5})([smhd])");

  private Steps() {}

  public static Duration parse(String step) {
    Matcher m = STEP.matcher(step);
    if (!m.matches()) {
      throw new IllegalArgumentException("step must look like 30s, 15m, 1h or 1d, not '" + step + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }
}
