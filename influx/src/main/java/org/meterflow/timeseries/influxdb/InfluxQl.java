package org.meterflow.timeseries.influxdb;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.regex.Pattern;
import org.meterflow.timeseries.lineprotocol.ReadingLineProtocol;
import org.meterflow.model.port.NetworkLevel;

/**
 * The InfluxQL of the {@code readings} measurement. The same statements run on InfluxDB 1.x
 * ({@code /query}), 2.x (its InfluxQL compatibility API over a DBRP mapping) and 3.x. Values reach
 * the text only in shapes that cannot break out of a literal: serials checked against
 * {@link #SERIAL}, other strings escaped, instants as epoch milliseconds, steps as a number and a
 * unit.
 */
final class InfluxQl {

  /** What a serial may look like before it goes into a query (as for the QuestDB SQL). */
  static final Pattern SERIAL = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

  static final String MEASUREMENT = ReadingLineProtocol.MEASUREMENT;

  /** Field added to each point by the InfluxDB adapter: V·I·pf, pf = 1 when not reported (W). */
  static final String ACTIVE_W = "active_w";
  /** Field added to each point by the InfluxDB adapter: V·I (VA). */
  static final String APPARENT_VA = "apparent_va";

  /** InfluxDB stores int64 nanoseconds: 1677-09-21 .. 2262-04-11. */
  private static final long MIN_MS = Long.MIN_VALUE / 1_000_000 + 1;
  private static final long MAX_MS = Long.MAX_VALUE / 1_000_000 - 1;

  private InfluxQl() {}

  static String requireSerial(String serial) {
    if (serial == null || !SERIAL.matcher(serial).matches()) {
      throw new IllegalArgumentException("invalid serial (expected " + SERIAL.pattern() + ")");
    }
    return serial;
  }

  /** The newest point of a meter, every field and tag ({@code SELECT *}). */
  static String latest(String serial) {
    return "SELECT * FROM " + MEASUREMENT + " WHERE serial = '" + requireSerial(serial) + "'"
        + " ORDER BY time DESC LIMIT 1";
  }

  /**
   * Registers: last value of the interval; instantaneous quantities: mean; plus the sample count.
   * {@code fill(none)} leaves out intervals without readings, as QuestDB's SAMPLE BY does.
   */
  static String range(String serial, Instant from, Instant to, Duration step) {
    return "SELECT last(import_kwh) AS import_kwh, last(export_kwh) AS export_kwh,"
        + " mean(voltage) AS voltage, mean(current) AS current, mean(frequency) AS frequency,"
        + " mean(power_factor) AS power_factor, count(voltage) AS samples"
        + " FROM " + MEASUREMENT
        + where(serial, from, to)
        + " GROUP BY time(" + duration(step) + ") fill(none)";
  }

  /** Every reading has a voltage, so counting it counts the points. */
  static String count(String serial, Instant from, Instant to) {
    return "SELECT count(voltage) AS n FROM " + MEASUREMENT + where(serial, from, to);
  }

  /**
   * Load of one area per step: per meter and step the mean of the {@code active_w} and
   * {@code apparent_va} fields the InfluxDB adapter adds to each point (V·I·pf with pf = 1 when not
   * reported, and V·I), summed over the area's meters, with the number of meters that reported.
   * Plain aggregates over plain fields only: InfluxDB 1.6 mis-aligns subquery results that carry
   * arithmetic or all-null fields, and InfluxQL has no {@code coalesce}.
   */
  static String load(NetworkLevel level, String id, Instant from, Instant to, Duration step) {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(id, "id");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("invalid identifier");
    }
    String every = duration(step);
    String time = " WHERE time >= " + epochMs(from) + "ms AND time < " + epochMs(to) + "ms";
    return "SELECT sum(w) AS w, sum(va) AS va, count(va) AS meters FROM ("
        + "SELECT mean(" + ACTIVE_W + ") AS w, mean(" + APPARENT_VA + ") AS va FROM " + MEASUREMENT
        + time + " AND " + level.tag() + " = " + literal(id)
        + " GROUP BY time(" + every + "), serial fill(none)"
        + ")" + time + " GROUP BY time(" + every + ") fill(none)";
  }

  /**
   * Each meter's last reading in {@code (from, to]} ({@code newest}) or its first ({@code !newest}):
   * one series per serial, one row each. Selectors such as {@code last()} would do only for one
   * field: with two of them InfluxDB returns time 0 instead of the point's time.
   */
  static String registersPerSerial(Instant from, Instant to, boolean newest) {
    return "SELECT import_kwh, export_kwh FROM " + MEASUREMENT
        + " WHERE time > " + epochNs(from) + " AND time <= " + epochNs(to)
        + " GROUP BY serial ORDER BY time " + (newest ? "DESC" : "ASC") + " LIMIT 1";
  }

  /** The import register of the given meters in {@code [from, to]}, oldest first, one series per serial. */
  static String importPerSerial(Collection<String> serials, Instant from, Instant to) {
    StringBuilder sb = new StringBuilder(64 + serials.size() * 24)
        .append("SELECT import_kwh FROM ").append(MEASUREMENT)
        .append(" WHERE time >= ").append(epochNs(from)).append(" AND time <= ").append(epochNs(to)).append(" AND (");
    String or = "";
    for (String serial : serials) {
      sb.append(or).append("serial = ").append(literal(serial));
      or = " OR ";
    }
    return sb.append(") GROUP BY serial").toString();
  }

  /**
   * An instant as an InfluxQL time literal: epoch nanoseconds (a bare integer), exact for any
   * instant InfluxDB can store and clamped to that range otherwise.
   */
  static String epochNs(Instant instant) {
    if (instant.isBefore(Instant.ofEpochMilli(MIN_MS)) || instant.isAfter(Instant.ofEpochMilli(MAX_MS))) {
      return Long.toString(epochMs(instant) * 1_000_000L);
    }
    return Long.toString(instant.toEpochMilli() * 1_000_000L + instant.getNano() % 1_000_000);
  }

  private static String where(String serial, Instant from, Instant to) {
    return " WHERE serial = '" + requireSerial(serial) + "'" + timeRange(from, to);
  }

  static String timeRange(Instant from, Instant to) {
    return " AND time >= " + epochMs(from) + "ms AND time < " + epochMs(to) + "ms";
  }

  /** An InfluxQL string literal: single quotes, backslash and quote escaped. */
  static String literal(String value) {
    StringBuilder sb = new StringBuilder(value.length() + 2).append('\'');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c)) {
        throw new IllegalArgumentException("control character in a query value");
      }
      if (c == '\\' || c == '\'') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.append('\'').toString();
  }

  /** Epoch milliseconds, clamped to the instants InfluxDB can store. */
  static long epochMs(Instant instant) {
    if (instant.isBefore(Instant.ofEpochMilli(MIN_MS))) {
      return MIN_MS;
    }
    if (instant.isAfter(Instant.ofEpochMilli(MAX_MS))) {
      return MAX_MS;
    }
    return instant.toEpochMilli();
  }

  /** A step as an InfluxQL duration in the largest whole unit: {@code 15m}, {@code 1h}, {@code 1d}, {@code 250ms}. */
  static String duration(Duration step) {
    return org.meterflow.timeseries.StepLiteral.of(step, "ms");
  }

}
