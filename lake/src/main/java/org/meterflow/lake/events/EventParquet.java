package org.meterflow.lake.events;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.List;
import org.meterflow.lake.parquet.DuckDb;

/** Writes a day's events as one Parquet file (ZSTD), through an in-memory DuckDB. */
public final class EventParquet {

  /** The lake's event columns, for an empty lake and for the file. */
  static final String COLUMNS = "id VARCHAR, event_type VARCHAR, cause VARCHAR, meter VARCHAR, area VARCHAR, "
      + "region VARCHAR, feeder VARCHAR, dt VARCHAR, raised_at TIMESTAMP, cleared_at TIMESTAMP, ev_min DOUBLE, "
      + "ev_max DOUBLE, ev_unit VARCHAR, ev_duration_ms BIGINT, ev_samples BIGINT, ev_note VARCHAR";

  private EventParquet() {}

  /** Writes {@code rows} to {@code file} (replaced), using {@code tmp} for DuckDB's spill files. */
  public static void write(List<EventRow> rows, Path file, Path tmp) throws IOException, SQLException {
    Files.createDirectories(tmp);
    Files.createDirectories(file.getParent());
    Files.deleteIfExists(file);
    try (Connection db = DuckDb.open(1, 64L << 20, tmp)) {
      try (Statement s = db.createStatement()) {
        s.execute("CREATE TABLE events (" + COLUMNS + ")");
      }
      try (PreparedStatement insert = db.prepareStatement("INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
        for (EventRow r : rows) {
          insert.setString(1, r.id());
          insert.setString(2, r.type());
          insert.setString(3, r.cause());
          insert.setString(4, r.meter());
          insert.setString(5, r.area());
          insert.setString(6, r.region());
          insert.setString(7, r.feeder());
          insert.setString(8, r.dt());
          insert.setTimestamp(9, Timestamp.from(r.raisedAt()));
          insert.setTimestamp(10, r.clearedAt() == null ? null : Timestamp.from(r.clearedAt()));
          setDouble(insert, 11, r.evidenceMin());
          setDouble(insert, 12, r.evidenceMax());
          insert.setString(13, r.evidenceUnit());
          insert.setLong(14, r.durationMs());
          insert.setLong(15, r.samples());
          insert.setString(16, r.note());
          insert.addBatch();
        }
        insert.executeBatch();
      }
      try (Statement s = db.createStatement()) {
        s.execute("COPY (SELECT * FROM events ORDER BY raised_at, id) TO " + DuckDb.literal(file.toString())
            + " (FORMAT PARQUET, COMPRESSION ZSTD)");
      }
    }
  }

  private static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.DOUBLE);
    } else {
      ps.setDouble(i, v);
    }
  }
}
