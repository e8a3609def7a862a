package org.meterflow.lake.query;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.meterflow.lake.LakeSettings;
import org.meterflow.lake.parquet.DuckDb;
import org.meterflow.model.port.LakeQueries;

/**
 * Read-only SQL over the local lake with DuckDB. Each query gets a fresh in-memory database whose
 * only window on the file system is the lake's {@code readings/} folder ({@code allowed_directories},
 * external access off, configuration locked), so a query can neither write nor read other files.
 * Only one {@code SELECT} / {@code WITH … SELECT} statement is accepted (checked by DuckDB's own
 * parser), the result is cut at the row limit, and a query running past the timeout is cancelled.
 */
public final class LakeSql implements LakeQueries, AutoCloseable {

  private final Path readingsDir;
  private final LakeSettings.Query limits;
  private final Path tempDir;
  private final ThreadPoolExecutor workers;
  private final ScheduledExecutorService timer;

  public LakeSql(LakeSettings settings) {
    this(settings.readingsDir(), settings.query(), settings.dir().resolve("query-tmp"));
  }

  public LakeSql(Path readingsDir, LakeSettings.Query limits, Path tempDir) {
    this.readingsDir = readingsDir.toAbsolutePath().normalize();
    this.limits = limits;
    this.tempDir = tempDir;
    AtomicInteger n = new AtomicInteger();
    this.workers = new ThreadPoolExecutor(limits.parallelism(), limits.parallelism(), 1, TimeUnit.MINUTES,
        new ArrayBlockingQueue<>(Math.max(1, limits.queue())), r -> {
          Thread t = new Thread(r, "lake-query-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    this.workers.allowCoreThreadTimeOut(true);
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "lake-query-timer");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public CompletionStage<Table> query(String sql) {
    try {
      return CompletableFuture.supplyAsync(() -> run(sql), workers);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(new Refused("the lake is busy with other queries; try again shortly"));
    }
  }

  /** Runs a query on the calling thread (the command line). */
  public Table run(String sql) {
    String statement = ReadOnlySql.strip(sql);
    try {
      Files.createDirectories(tempDir);
      try (Connection db = DuckDb.open(limits.threads(), limits.memory(), tempDir)) {
        ReadOnlySql.requireSingleSelect(db, statement);
        sandbox(db);
        return execute(db, statement);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot prepare the lake query: " + e.getMessage(), e);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open DuckDB: " + e.getMessage(), e);
    }
  }

  private void sandbox(Connection db) throws SQLException, IOException {
    try (Statement s = db.createStatement()) {
      for (String view : ReadingsViews.create(readingsDir)) {
        s.execute(view);
      }
      Path eventsDir = readingsDir.resolveSibling("events");
      s.execute(ReadingsViews.events(eventsDir));
      s.execute("SET allowed_directories = [" + DuckDb.literal(readingsDir + "/") + ", "
          + DuckDb.literal(eventsDir + "/") + "]");
      s.execute("SET enable_external_access = false");
      s.execute("SET lock_configuration = true");
    }
  }

  private Table execute(Connection db, String sql) {
    AtomicBoolean timedOut = new AtomicBoolean();
    try (PreparedStatement statement = db.prepareStatement(sql)) {
      statement.setMaxRows(limits.rowLimit() + 1);
      ScheduledFuture<?> cancel = timer.schedule(() -> {
        timedOut.set(true);
        try {
          statement.cancel();
        } catch (SQLException e) {
          // the query ended meanwhile
        }
      }, limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
      try (ResultSet rs = statement.executeQuery()) {
        return read(rs);
      } finally {
        cancel.cancel(false);
      }
    } catch (SQLException e) {
      if (timedOut.get()) {
        throw new TimedOut("the query ran longer than " + limits.timeout().toSeconds() + " s and was cancelled");
      }
      throw new Refused(message(e));
    }
  }

  private Table read(ResultSet rs) throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    int n = meta.getColumnCount();
    List<Column> columns = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) {
      columns.add(new Column(meta.getColumnLabel(i), meta.getColumnTypeName(i)));
    }
    List<List<Object>> rows = new ArrayList<>();
    boolean truncated = false;
    while (rs.next()) {
      if (rows.size() == limits.rowLimit()) {
        truncated = true;
        break;
      }
      List<Object> row = new ArrayList<>(n);
      for (int i = 1; i <= n; i++) {
        row.add(value(rs, meta, i));
      }
      rows.add(row);
    }
    return new Table(columns, rows, truncated);
  }

  /** Numbers and booleans as they are; timestamps as ISO-8601 UTC; everything else as DuckDB prints it. */
  private static Object value(ResultSet rs, ResultSetMetaData meta, int i) throws SQLException {
    Object v = rs.getObject(i);
    if (v == null) {
      return null;
    }
    switch (meta.getColumnType(i)) {
      case Types.BOOLEAN, Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.FLOAT, Types.DOUBLE,
          Types.REAL, Types.DECIMAL, Types.NUMERIC -> {
        return v;
      }
      case Types.TIMESTAMP -> {
        return rs.getObject(i, java.time.LocalDateTime.class).toInstant(java.time.ZoneOffset.UTC).toString();
      }
      default -> {
        return v instanceof Number ? v : rs.getString(i);
      }
    }
  }

  /** DuckDB's message without its internal prefix noise, for the caller. */
  private static String message(SQLException e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    return m.length() > 2000 ? m.substring(0, 2000) + "…" : m;
  }

  @Override
  public void close() {
    workers.shutdownNow();
    timer.shutdownNow();
  }
}
