package org.meterflow.lake.query;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.meterflow.lake.parquet.DuckDb;

/**
 * The views SQL over the lake sees.
 *
 * <ul>
 *   <li>{@code readings_all}: every row of every Parquet file under {@code readings/}, with the
 *       Hive partition columns ({@code date}, and {@code region} when partitioned by it);</li>
 *   <li>{@code readings}: the same, each (serial, ts) once (the first received), because a reading
 *       redelivered by MQTT after a crash or a retry can sit in two files.</li>
 * </ul>
 */
final class ReadingsViews {

  /** The columns of the lake's readings, for an empty lake (no file yet). */
  private static final String EMPTY = "SELECT NULL::VARCHAR AS serial, NULL::BIGINT AS seq, NULL::TIMESTAMP AS ts, "
      + "NULL::DOUBLE AS import_kwh, NULL::DOUBLE AS export_kwh, NULL::DOUBLE AS voltage_v, NULL::DOUBLE AS current_a, "
      + "NULL::DOUBLE AS frequency_hz, NULL::DOUBLE AS power_factor, NULL::TIMESTAMP AS received_at, "
      + "NULL::VARCHAR AS region, NULL::VARCHAR AS substation, NULL::VARCHAR AS feeder, NULL::VARCHAR AS dt, NULL::DATE AS date WHERE false";

  private ReadingsViews() {}

  /** The columns of the lake's events, for a lake without events. */
  private static final String EMPTY_EVENTS = "SELECT NULL::VARCHAR AS id, NULL::VARCHAR AS event_type, NULL::VARCHAR AS cause, "
      + "NULL::VARCHAR AS meter, NULL::VARCHAR AS area, NULL::VARCHAR AS region, NULL::VARCHAR AS feeder, NULL::VARCHAR AS dt, "
      + "NULL::TIMESTAMP AS raised_at, NULL::TIMESTAMP AS cleared_at, NULL::DOUBLE AS ev_min, NULL::DOUBLE AS ev_max, "
      + "NULL::VARCHAR AS ev_unit, NULL::BIGINT AS ev_duration_ms, NULL::BIGINT AS ev_samples, NULL::VARCHAR AS ev_note, "
      + "NULL::DATE AS date WHERE false";

  /** {@code events}: every event, latest state, one file per day raised (see {@code EventParquet}). */
  static String events(Path eventsDir) throws IOException {
    return "CREATE VIEW events AS " + (hasParquet(eventsDir)
        ? "SELECT * FROM read_parquet(" + DuckDb.literal(eventsDir.resolve("**").resolve("*.parquet").toString())
            + ", hive_partitioning = true, union_by_name = true)"
        : EMPTY_EVENTS);
  }

  static String[] create(Path readingsDir) throws IOException {
    String all = hasParquet(readingsDir)
        ? "SELECT * FROM read_parquet(" + DuckDb.literal(readingsDir.resolve("**").resolve("*.parquet").toString())
            + ", hive_partitioning = true, union_by_name = true)"
        : EMPTY;
    return new String[] {
        "CREATE VIEW readings_all AS " + all,
        "CREATE VIEW readings AS SELECT * FROM readings_all "
            + "QUALIFY row_number() OVER (PARTITION BY serial, ts, date ORDER BY received_at) = 1"
    };
  }

  private static boolean hasParquet(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.anyMatch(p -> p.getFileName().toString().endsWith(".parquet"));
    }
  }
}
