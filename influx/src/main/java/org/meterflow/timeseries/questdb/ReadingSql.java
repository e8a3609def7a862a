package org.meterflow.timeseries.questdb;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.meterflow.model.port.NetworkLevel;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;
import org.meterflow.timeseries.lineprotocol.ReadingLineProtocol;

/**
 * The QuestDB SQL of the {@code readings} table. Values reach SQL text only in shapes that cannot
 * break out of a literal: serials checked against {@link #SERIAL}, instants formatted here, steps
 * rendered as a number and a unit.
 */
final class ReadingSql {

  /** What a serial may look like before it goes into a query. */
  static final Pattern SERIAL = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

  static final String TABLE = ReadingLineProtocol.MEASUREMENT;

  /**
   * One row per (ts, serial): DEDUP UPSERT KEYS makes a redelivered reading replace, not add.
   * WAL is required for dedup (and lets concurrent HTTP writers commit without a table lock).
   */
  static final String CREATE_TABLE =
      "CREATE TABLE IF NOT EXISTS " + TABLE + " ("
          + "serial SYMBOL, region SYMBOL, feeder SYMBOL, dt SYMBOL, seq LONG, import_kwh DOUBLE, export_kwh DOUBLE, voltage DOUBLE, "
          + "current DOUBLE, frequency DOUBLE, power_factor DOUBLE, received_at_ms LONG, ts TIMESTAMP"
          + ") TIMESTAMP(ts) PARTITION BY DAY WAL DEDUP UPSERT KEYS(ts, serial)";

  private static final DateTimeFormatter MICROS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final Instant MIN_TS = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant MAX_TS = Instant.parse("9999-12-31T23:59:59.999999Z");

  private ReadingSql() {}

  /** Returns {@code serial} if it matches {@link #SERIAL}, else throws {@link IllegalArgumentException}. */
  static String requireSerial(String serial) {
    if (serial == null || !SERIAL.matcher(serial).matches()) {
      throw new IllegalArgumentException("invalid serial (expected " + SERIAL.pattern() + ")");
    }
    return serial;
  }

  static String latest(String serial) {
    return "SELECT serial, region, feeder, dt, seq, ts, import_kwh, export_kwh, voltage, current, frequency, power_factor, received_at_ms"
        + " FROM " + TABLE
        + " WHERE serial = '" + requireSerial(serial) + "'"
        + " LATEST ON ts PARTITION BY serial";
  }

  /** Registers: last value of the interval; instantaneous quantities: mean; plus the sample count. */
  static String range(String serial, Instant from, Instant to, Duration step) {
    return "SELECT ts, last(import_kwh) import_kwh, last(export_kwh) export_kwh,"
        + " avg(voltage) voltage, avg(current) current, avg(frequency) frequency,"
        + " avg(power_factor) power_factor, count() samples"
        + " FROM " + TABLE
        + where(serial, from, to)
        + " SAMPLE BY " + sampleBy(step) + " ALIGN TO CALENDAR";
  }

  /**
   * Tables created before readings carried their location get the location columns; each
   * statement is idempotent.
   */
  static final List<String> ADD_LOCATION_COLUMNS = List.of(
      "ALTER TABLE " + TABLE + " ADD COLUMN IF NOT EXISTS region SYMBOL",
      "ALTER TABLE " + TABLE + " ADD COLUMN IF NOT EXISTS feeder SYMBOL",
      "ALTER TABLE " + TABLE + " ADD COLUMN IF NOT EXISTS dt SYMBOL");

  /**
   * Load of one area per step: each meter's mean V·I·pf and V·I in the step (kW, kVA), summed over
   * the area's meters, with the number of meters that reported.
   *
   * <p>{@code FILL(PREV)} is there for memory, not for its values. A keyed {@code SAMPLE BY} without
   * fill is run by QuestDB as one hash aggregation over every (step, meter) of the range: ~65 bytes
   * of native memory each, so a 1,000-meter region over 6 months at 15 minutes (5M pairs) took
   * 345-505 MB and failed under the embedded store's 512 MB cap. With {@code FILL(PREV)} QuestDB
   * samples in time order and holds one step's meters at a time (measured: no growth, and faster).
   * The rows the fill adds (a meter silent in a step, carrying its previous step's values and so
   * its previous {@code last_ts}) are dropped by {@code last_ts >= ts}: a meter that reported in the
   * step has a reading at or after the step's start.
   */
  static String load(NetworkLevel level, String id, Instant from, Instant to, Duration step) {
    Objects.requireNonNull(level, "level");
    return "SELECT ts, sum(kw) kw, sum(kva) kva, count() meters FROM ("
        + "SELECT ts, serial, avg(voltage * current * coalesce(power_factor, 1.0)) / 1000.0 kw,"
        + " avg(voltage * current) / 1000.0 kva, max(ts) last_ts"
        + " FROM " + TABLE
        + " WHERE " + level.tag() + " = " + literal(id)
        + " AND ts >= '" + timestamp(from) + "' AND ts < '" + timestamp(to) + "'"
        + " SAMPLE BY " + sampleBy(step) + " FILL(PREV) ALIGN TO CALENDAR"
        + ") WHERE last_ts >= ts ORDER BY ts";
  }

  /** A string as a SQL literal, quotes doubled; control characters refused. */
  static String literal(String text) {
    Objects.requireNonNull(text, "id");
    if (text.isEmpty() || text.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("invalid identifier");
    }
    return "'" + text.replace("'", "''") + "'";
  }

  static String count(String serial, Instant from, Instant to) {
    return "SELECT count() n FROM " + TABLE + where(serial, from, to);
  }

  private static String where(String serial, Instant from, Instant to) {
    return " WHERE serial = '" + requireSerial(serial) + "'"
        + " AND ts >= '" + timestamp(from) + "' AND ts < '" + timestamp(to) + "'";
  }

  /** An instant as a QuestDB timestamp literal (microseconds, UTC), clamped to years 1..9999. */
  static String timestamp(Instant instant) {
    Instant clamped = instant.isBefore(MIN_TS) ? MIN_TS : instant.isAfter(MAX_TS) ? MAX_TS : instant;
    return MICROS.format(clamped);
  }

  /**
   * A step as a SAMPLE BY interval in the largest whole unit: {@code 15m}, {@code 1h}, {@code 1d},
   * {@code 90s}, {@code 250T} (milliseconds).
   */
  static String sampleBy(Duration step) {
    return org.meterflow.timeseries.StepLiteral.of(step, "T");
  }

}
