package org.meterflow.lake.spool;

import java.io.ByteArrayOutputStream;
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
    StringBuilder line = new StringBuilder(160);
    ByteArrayOutputStream out = new ByteArrayOutputStream(batch.size() * 128);
    for (AcceptedReading accepted : batch) {
      line.setLength(0);
      append(line, accepted);
      out.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  static void append(StringBuilder line, AcceptedReading accepted) {
    Reading r = accepted.reading();
    text(line, r.serial()).append(',')
        .append(r.seq()).append(',')
        .append(micros(r.ts())).append(',')
        .append(r.importKwh()).append(',')
        .append(r.exportKwh()).append(',')
        .append(r.voltage()).append(',')
        .append(r.current()).append(',')
        .append(r.frequency()).append(',');
    if (r.powerFactor() != null) {
      line.append(r.powerFactor().doubleValue());
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
