package org.meterflow.timeseries.lineprotocol;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.meterflow.model.meter.MeterLocation;
import org.meterflow.model.reading.AcceptedReading;
import org.meterflow.model.reading.Reading;

/**
 * Renders accepted readings as InfluxDB line protocol, one line per reading, understood alike by
 * QuestDB ({@code /api/v2/write}, {@code /write}) and InfluxDB 1.x ({@code /write}) and 2.x/3.x
 * ({@code /api/v2/write}). Write with precision {@code ms}:
 *
 * <pre>
 * readings,dt=DT-7,feeder=F-12,region=North,serial=M0000001 seq=42i,import_kwh=1234.567,export_kwh=0.0,voltage=231.4,current=4.2,frequency=50.01,power_factor=0.97,received_at_ms=1795688100250i 1795688100000
 * </pre>
 *
 * <ul>
 *   <li>measurement {@value #MEASUREMENT}; tags, in key order, the meter's {@code dt},
 *       {@code feeder} and {@code region} (so load sums per area) and {@code serial} (the series
 *       key); commas, equals signs and spaces escaped with a backslash;
 *   <li>integer fields ({@code i} suffix): {@code seq}, {@code received_at_ms};
 *   <li>float fields in plain decimal notation: the registers and instantaneous quantities;
 *       {@code power_factor} is left out when the meter did not report one;
 *   <li>timestamp: the reading's {@code ts} in epoch milliseconds.
 * </ul>
 *
 * Floats must be finite and serials free of control characters and backslashes (see
 * {@link #appendTagValue}); validation and registration upstream guarantee both, so a violation is
 * a bug and raises {@link IllegalArgumentException}.
 */
public final class ReadingLineProtocol {

  /** The measurement (QuestDB: the table) every reading goes to. */
  public static final String MEASUREMENT = "readings";

  private ReadingLineProtocol() {}

  /** One line, without a trailing newline. */
  public static String line(AcceptedReading accepted) {
    StringBuilder sb = new StringBuilder(192);
    append(sb, accepted);
    return sb.toString();
  }

  /** One line per reading, in order, ready for {@code WriteApiBlocking.writeRecords}. */
  public static List<String> lines(List<AcceptedReading> batch) {
    List<String> lines = new ArrayList<>(batch.size());
    StringBuilder sb = new StringBuilder(192);
    for (AcceptedReading accepted : batch) {
      sb.setLength(0);
      append(sb, accepted);
      lines.add(sb.toString());
    }
    return lines;
  }

  /** Appends one line (no newline) to {@code sb}. */
  public static void append(StringBuilder sb, AcceptedReading accepted) {
    Reading r = accepted.reading();
    MeterLocation where = accepted.location();
    sb.append(MEASUREMENT).append(",dt=");
    appendLocationTag(sb, where.dt());
    sb.append(",feeder=");
    appendLocationTag(sb, where.feeder());
    sb.append(",region=");
    appendLocationTag(sb, where.region());
    sb.append(",serial=");
    appendTagValue(sb, r.serial());
    sb.append(" seq=").append(r.seq()).append('i');
    appendFloat(sb, ",import_kwh=", r.importKwh());
    appendFloat(sb, ",export_kwh=", r.exportKwh());
    appendFloat(sb, ",voltage=", r.voltage());
    appendFloat(sb, ",current=", r.current());
    appendFloat(sb, ",frequency=", r.frequency());
    if (r.powerFactor() != null) {
      appendFloat(sb, ",power_factor=", r.powerFactor());
    }
    sb.append(",received_at_ms=").append(accepted.receivedAt().toEpochMilli()).append('i');
    sb.append(' ').append(r.ts().toEpochMilli());
  }

  /**
   * Tag value escaping: {@code ,} {@code =} and space get a backslash. Refused: the empty value,
   * control characters (line protocol has no way to carry them) and the backslash itself, on which
   * the servers disagree (QuestDB drops a backslash before any character, InfluxDB 1.x keeps it
   * unless a comma, equals sign or space follows). Registered serials
   * ({@code MeterRegistration.SERIAL}) never contain any of these.
   */
  static void appendTagValue(StringBuilder sb, String value) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException("empty tag value");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ',' || c == '=' || c == ' ') {
        sb.append('\\');
      } else if (c == '\\' || Character.isISOControl(c)) {
        throw new IllegalArgumentException(
            "tag value with a backslash or control character: " + value.replaceAll("\\p{Cntrl}", "?"));
      }
      sb.append(c);
    }
  }

  /**
   * A location name as a tag value. Location names are master data typed by people, so instead of
   * refusing the reading, characters line protocol cannot carry (backslash, control characters)
   * become {@code _} and an empty name becomes {@code unassigned}.
   */
  static void appendLocationTag(StringBuilder sb, String value) {
    if (value == null || value.isBlank()) {
      sb.append("unassigned");
      return;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ',' || c == '=' || c == ' ') {
        sb.append('\\').append(c);
      } else if (c == '\\' || Character.isISOControl(c)) {
        sb.append('_');
      } else {
        sb.append(c);
      }
    }
  }

  /**
   * The location name QuestDB stores for {@code value} when it reads the tag written by
   * {@link #appendLocationTag}: blank becomes {@code unassigned}, a backslash or control character
   * {@code _}; the escapes line protocol needs are not part of the value. For writers that put
   * the tag into the table directly and must store exactly what a line-protocol write stores.
   */
  public static String locationName(String value) {
    if (value == null || value.isBlank()) {
      return "unassigned";
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' || Character.isISOControl(c)) {
        return replaceUnwritable(value);
      }
    }
    return value;
  }

  private static String replaceUnwritable(String value) {
    StringBuilder sb = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      sb.append(c == '\\' || Character.isISOControl(c) ? '_' : c);
    }
    return sb.toString();
  }

  /**
   * Refuses, as {@link #append} does, what line protocol cannot carry: a serial that is empty or
   * holds a backslash or control character, a register or quantity that is not finite. For
   * writers that bypass the text and must refuse the same readings.
   *
   * @throws IllegalArgumentException naming the offending value
   */
  public static void check(AcceptedReading accepted) {
    Reading r = accepted.reading();
    appendTagValue(new StringBuilder(r.serial().length() + 8), r.serial());
    requireFinite("import_kwh", r.importKwh());
    requireFinite("export_kwh", r.exportKwh());
    requireFinite("voltage", r.voltage());
    requireFinite("current", r.current());
    requireFinite("frequency", r.frequency());
    if (r.powerFactor() != null) {
      requireFinite("power_factor", r.powerFactor());
    }
  }

  private static void requireFinite(String name, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " is not finite: " + value);
    }
  }

  /**
   * Appends {@code name} and the value in plain notation ({@code 12000000.0}, not {@code 1.2E7}):
   * both servers read exponents, but plain digits are what every line-protocol parser accepts.
   */
  private static void appendFloat(StringBuilder sb, String prefix, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(prefix.substring(1, prefix.length() - 1) + " is not finite: " + value);
    }
    sb.append(prefix).append(plainDecimal(value));
  }

  /** A finite double in plain decimal notation ({@code 12000000.0}, not {@code 1.2E7}). */
  public static String plainDecimal(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("not finite: " + value);
    }
    String text = Double.toString(value);
    return text.indexOf('E') >= 0 ? BigDecimal.valueOf(value).toPlainString() : text;
  }
}
