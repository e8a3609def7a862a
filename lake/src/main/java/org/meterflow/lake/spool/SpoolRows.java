package org.meterflow.lake.spool;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.meterflow.model.meter.MeterLocation;
import org.meterflow.model.reading.AcceptedReading;
import org.meterflow.model.reading.Reading;

/**
 * The spool's row format: one CSV line per reading, no header, instants as epoch microseconds
 * (UTC), text quoted only when it needs to be. {@link #DUCKDB_COLUMNS} tells DuckDB's
 * {@code read_csv} the same layout.
 */
public final class SpoolRows {

  /** The columns of a spool line, in order, with their DuckDB types ({@code read_csv(columns = …)}). */
  public static final String DUCKDB_COLUMNS = "{"
      + "'serial': 'VARCHAR', 'seq': 'BIGINT', 'ts_us': 'BIGINT', 'import_kwh': 'DOUBLE', 'export_kwh': 'DOUBLE', "
      + "'voltage_v': 'DOUBLE', 'current_a': 'DOUBLE', 'frequency_hz': 'DOUBLE', 'power_factor': 'DOUBLE', "
      + "'received_us': 'BIGINT', 'region': 'VARCHAR', 'substation': 'VARCHAR', 'feeder': 'VARCHAR', 'dt': 'VARCHAR'}";

  private SpoolRows() {}

  /** The lines of a batch, ready to append to a segment. */
  public static byte[] encode(List<AcceptedReading> batch) {
    StringBuilder lines = new StringBuilder(batch.size() * 128);
    for (AcceptedReading accepted : batch) {
      append(lines, accepted);
    }
    return lines.toString().getBytes(StandardCharsets.UTF_8);
  }

  static void append(StringBuilder line, AcceptedReading accepted) {
    Reading r = accepted.reading();
    text(line, r.serial()).append(',')
        .append(r.seq()).append(',')
        .append(micros(r.ts())).append(',');
    decimal(line, r.importKwh()).append(',');
    decimal(line, r.exportKwh()).append(',');
    decimal(line, r.voltage()).append(',');
    decimal(line, r.current()).append(',');
    decimal(line, r.frequency()).append(',');
    if (r.powerFactor() != null) {
      decimal(line, r.powerFactor());
    }
    line.append(',').append(micros(accepted.receivedAt())).append(',');
    location(line, accepted);
    line.append('\n');
  }

  /** Region, substation, feeder and DT of the meter when the reading was accepted. */
  private static void location(StringBuilder line, AcceptedReading accepted) {
    MeterLocation at = accepted.location();
    text(line, at.region()).append(',');
    text(line, at.substation()).append(',');
    text(line, at.feeder()).append(',');
    text(line, at.dt());
  }

  private static final double[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};
  private static final long[] LONG_POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};
  private static final double EXACT_LIMIT = 0x1p53;

  /**
   * Appends a double as the shortest decimal of at most six places that reads back as exactly the
   * same double ({@code 1234.567}, {@code 230}); anything else as {@link Double#toString}. Meter
   * values have a few decimals, and this avoids {@code Double.toString}'s cost (a tenth of the
   * ingest's CPU at 100k readings/s). Exact because {@code m / 10^k} of two exact doubles is
   * rounded once, to the double nearest the decimal text, which is what a reader parses it to.
   */
  static StringBuilder decimal(StringBuilder line, double value) {
    if (value == 0.0 && Double.doubleToRawLongBits(value) != 0L) {
      return line.append(value); // -0.0
    }
    for (int places = 0; places < POWERS_OF_TEN.length; places++) {
      double scaled = Math.rint(value * POWERS_OF_TEN[places]);
      if (Math.abs(scaled) >= EXACT_LIMIT) {
        break;
      }
      if (scaled / POWERS_OF_TEN[places] == value) {
        long units = (long) scaled;
        if (units < 0) {
          line.append('-');
          units = -units;
        }
        line.append(units / LONG_POWERS_OF_TEN[places]);
        if (places > 0) {
          line.append('.');
          long fraction = units % LONG_POWERS_OF_TEN[places];
          for (long p = LONG_POWERS_OF_TEN[places] / 10; p > fraction && p > 1; p /= 10) {
            line.append('0');
          }
          line.append(fraction);
        }
        return line;
      }
    }
    return line.append(value);
  }

  static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
  }

  /** Appends a text field; empty and null both read back as NULL. */
  static StringBuilder text(StringBuilder line, String value) {
    if (value == null || value.isEmpty()) {
      return line;
    }
    boolean quote = false;
    for (int i = 0; i < value.length() && !quote; i++) {
      char c = value.charAt(i);
      quote = c == ',' || c == '"' || c == '\n' || c == '\r';
    }
    if (!quote) {
      return line.append(value);
    }
    line.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"') {
        line.append('"');
      }
      line.append(c);
    }
    return line.append('"');
  }
}
