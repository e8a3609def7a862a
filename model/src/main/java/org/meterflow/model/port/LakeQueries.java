package org.meterflow.model.port;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Read-only SQL over the data lake (DuckDB over the local Parquet files; Athena in the cloud).
 * The view {@code readings} holds every archived reading once per (serial, ts).
 */
public interface LakeQueries {

  /**
   * Runs one {@code SELECT} (or {@code WITH … SELECT}). Fails with {@link Refused} when the
   * statement is not a single read-only query or is invalid, with {@link TimedOut} when it ran
   * longer than allowed.
   */
  CompletionStage<Table> query(String sql);

  /** A result: column names and types, rows of plain values (String, Long, Double, Boolean, …, null). */
  record Table(List<Column> columns, List<List<Object>> rows, boolean truncated) {

    public Table {
      columns = List.copyOf(Objects.requireNonNull(columns, "columns"));
      rows = List.copyOf(Objects.requireNonNull(rows, "rows"));
    }
  }

  /** A result column: its name and its SQL type as the engine names it. */
  record Column(String name, String type) {}

  /** The statement is not allowed or not valid; the message says why (safe to show the caller). */
  final class Refused extends RuntimeException {
    public Refused(String message) {
      super(message);
    }
  }

  /** The query ran longer than the configured timeout and was cancelled. */
  final class TimedOut extends RuntimeException {
    public TimedOut(String message) {
      super(message);
    }
  }
}
