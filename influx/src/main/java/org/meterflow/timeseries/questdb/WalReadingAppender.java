package org.meterflow.timeseries.questdb;

import io.questdb.cairo.CairoEngine;
import io.questdb.cairo.ColumnType;
import io.questdb.cairo.TableToken;
import io.questdb.cairo.TableWriter;
import io.questdb.cairo.TimestampDriver;
import io.questdb.cairo.sql.TableRecordMetadata;
import io.questdb.cairo.wal.WalWriter;
import java.util.List;
import java.util.Objects;
import org.meterflow.timeseries.lineprotocol.ReadingLineProtocol;
import org.meterflow.model.meter.MeterLocation;
import org.meterflow.model.reading.AcceptedReading;
import org.meterflow.model.reading.Reading;

/**
 * Appends readings to the {@code readings} table of a QuestDB running in this JVM through its WAL
 * writer: the rows a line-protocol write of the same readings would store ({@link
 * ReadingLineProtocol}: same columns and types, tags as QuestDB reads them back, no
 * {@code power_factor} when the meter sent none, the timestamp at millisecond precision), without
 * rendering, sending and parsing text.
 *
 * <p>One {@link #append} is one WAL transaction: it takes a WAL writer from QuestDB's pool, adds
 * the rows, commits and hands the writer back. A WAL writer serves one thread at a time; the pool
 * gives each concurrent caller its own, so {@code append} may be called from several threads.
 * When it returns, the batch is committed to the table's WAL (what a 2xx of {@code /api/v2/write}
 * means); QuestDB applies it to the table asynchronously, de-duplicating on {@code (ts, serial)}.
 * When it throws, nothing of the batch was committed.
 *
 * <p>Column indexes come from the writer's metadata once per metadata version, so columns added
 * later ({@link ReadingSql#ADD_LOCATION_COLUMNS}) are found wherever they sit.
 */
final class WalReadingAppender {

  private final EmbeddedQuestDb db;
  private final CairoEngine engine;
  private volatile Columns columns;

  WalReadingAppender(EmbeddedQuestDb db) {
    this.db = Objects.requireNonNull(db, "db");
    this.engine = db.engine();
  }

  /**
   * Writes {@code batch} as one committed WAL transaction; blocks for the file writes.
   *
   * @throws IllegalArgumentException if a reading cannot be stored (as line protocol would refuse it)
   * @throws IllegalStateException if QuestDB was stopped, or the table is missing or lacks a column
   *     of the expected type
   * @throws io.questdb.cairo.CairoException if QuestDB cannot write (e.g. it was closed, disk full)
   */
  void append(List<AcceptedReading> batch) {
    for (AcceptedReading accepted : batch) {
      ReadingLineProtocol.check(accepted); // before any row: all or nothing
    }
    if (db.isClosed()) { // its engine forgot the tables: say why rather than "no table"
      throw new IllegalStateException("the embedded QuestDB was stopped");
    }
    TableToken table = engine.getTableTokenIfExists(ReadingSql.TABLE);
    if (table == null) {
      throw new IllegalStateException("QuestDB has no table '" + ReadingSql.TABLE + "' (the store was not started)");
    }
    try (WalWriter writer = engine.getWalWriter(table)) { // close: rolls back anything uncommitted, back to the pool
      Columns c = columnsOf(writer);
      for (AcceptedReading accepted : batch) {
        Reading r = accepted.reading();
        MeterLocation where = accepted.location();
        TableWriter.Row row = writer.newRow(c.timestamps.fromMillis(r.ts().toEpochMilli()));
        row.putSym(c.serial, r.serial());
        row.putSym(c.region, ReadingLineProtocol.locationName(where.region()));
        row.putSym(c.feeder, ReadingLineProtocol.locationName(where.feeder()));
        row.putSym(c.dt, ReadingLineProtocol.locationName(where.dt()));
        row.putLong(c.seq, r.seq());
        row.putDouble(c.importKwh, r.importKwh());
        row.putDouble(c.exportKwh, r.exportKwh());
        row.putDouble(c.voltage, r.voltage());
        row.putDouble(c.current, r.current());
        row.putDouble(c.frequency, r.frequency());
        if (r.powerFactor() != null) { // left unset: the row stores null, as when the field is absent
          row.putDouble(c.powerFactor, r.powerFactor());
        }
        row.putLong(c.receivedAtMs, accepted.receivedAt().toEpochMilli());
        row.append();
      }
      writer.commit();
    }
  }

  private Columns columnsOf(WalWriter writer) {
    long version = writer.getMetadataVersion();
    Columns known = columns;
    if (known != null && known.metadataVersion == version) {
      return known;
    }
    Columns fresh = Columns.of(writer.getMetadata(), version);
    columns = fresh;
    return fresh;
  }

  /** Where each column of the table sits, for one metadata version. */
  private record Columns(
      long metadataVersion,
      TimestampDriver timestamps,
      int serial,
      int region,
      int feeder,
      int dt,
      int seq,
      int importKwh,
      int exportKwh,
      int voltage,
      int current,
      int frequency,
      int powerFactor,
      int receivedAtMs) {

    static Columns of(TableRecordMetadata metadata, long version) {
      int ts = metadata.getTimestampIndex();
      if (ts < 0 || !"ts".equals(metadata.getColumnName(ts))) {
        throw new IllegalStateException("table '" + ReadingSql.TABLE + "' is not designated by its ts column");
      }
      return new Columns(
          version,
          ColumnType.getTimestampDriver(metadata.getTimestampType()),
          index(metadata, "serial", ColumnType.SYMBOL),
          index(metadata, "region", ColumnType.SYMBOL),
          index(metadata, "feeder", ColumnType.SYMBOL),
          index(metadata, "dt", ColumnType.SYMBOL),
          index(metadata, "seq", ColumnType.LONG),
          index(metadata, "import_kwh", ColumnType.DOUBLE),
          index(metadata, "export_kwh", ColumnType.DOUBLE),
          index(metadata, "voltage", ColumnType.DOUBLE),
          index(metadata, "current", ColumnType.DOUBLE),
          index(metadata, "frequency", ColumnType.DOUBLE),
          index(metadata, "power_factor", ColumnType.DOUBLE),
          index(metadata, "received_at_ms", ColumnType.LONG));
    }

    private static int index(TableRecordMetadata metadata, String name, short type) {
      int index = metadata.getColumnIndexQuiet(name);
      if (index < 0) {
        throw new IllegalStateException("table '" + ReadingSql.TABLE + "' has no column " + name);
      }
      int actual = metadata.getColumnType(index);
      if (ColumnType.tagOf(actual) != type) {
        throw new IllegalStateException("column " + ReadingSql.TABLE + "." + name + " is "
            + ColumnType.nameOf(actual) + ", expected " + ColumnType.nameOf(type));
      }
      return index;
    }
  }
}
