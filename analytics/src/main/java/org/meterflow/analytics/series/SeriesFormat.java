package org.meterflow.analytics.series;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The load-file layouts MeterFlow reads, with the facts each layout implies. */
public enum SeriesFormat {
  /**
   * Taylor (2003) England &amp; Wales demand: {@code period,nominal_start,demand_MW}, half-hourly,
   * interval-start timestamps in UK local time.
   */
  TAYLOR("taylor", Duration.ofMinutes(30), ZoneId.of("Europe/London")),
  /**
   * Low Carbon London smart meters: {@code LCLid,tstp,energy(kWh/hh)}, half-hourly, interval-start
   * timestamps in GMT, values space-padded, {@code Null} or empty when missing; one file may hold
   * several households.
   */
  LONDON("london", Duration.ofMinutes(30), ZoneId.of("Europe/London")),
  /**
   * Hourly utility load ({@code Datetime,<NAME>_MW}, the PJM layout): local wall-clock
   * timestamps, hour-ending, rows in any order, daylight-saving gaps and duplicates.
   */
  HOURLY_MW("hourly-mw", Duration.ofHours(1), ZoneId.of("America/New_York"));

  private final String cliName;
  private final Duration step;
  private final ZoneId defaultZone;

  SeriesFormat(String cliName, Duration step, ZoneId defaultZone) {
    this.cliName = cliName;
    this.step = step;
    this.defaultZone = defaultZone;
  }

  /** The name used on the command line. */
  public String cliName() {
    return cliName;
  }

  /** The interval length of the layout. */
  public Duration step() {
    return step;
  }

  /** The local time zone of the data (of its timestamps, or for London of its customers). */
  public ZoneId defaultZone() {
    return defaultZone;
  }

  /** The format named {@code name} on the command line. */
  public static SeriesFormat fromCliName(String name) {
    String wanted = name.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(f -> f.cliName.equals(wanted) || f.name().equalsIgnoreCase(wanted))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown format '" + name + "'; expected one of "
            + Arrays.stream(values()).map(SeriesFormat::cliName).collect(Collectors.joining(", "))));
  }

  @Override
  public String toString() {
    return cliName;
  }
}
