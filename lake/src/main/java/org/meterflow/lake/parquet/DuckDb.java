package org.meterflow.lake.parquet;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens embedded in-memory DuckDB databases the way the lake needs them: offline (no extension is
 * ever downloaded; Parquet and JSON are built in), with bounded threads and memory.
 */
public final class DuckDb {

  private DuckDb() {}

  public static Connection open(int threads, long memoryBytes, Path tempDirectory) throws SQLException {
    try {
      Class.forName("org.duckdb.DuckDBDriver");
    } catch (ClassNotFoundException e) {
      throw new SQLException("DuckDB JDBC driver missing from the class path", e);
    }
    Properties config = new Properties();
    config.setProperty("threads", Integer.toString(Math.max(1, threads)));
    config.setProperty("memory_limit", Math.max(64L << 20, memoryBytes) / (1 << 20) + "MB");
    config.setProperty("autoinstall_known_extensions", "false");
    config.setProperty("autoload_known_extensions", "false");
    config.setProperty("preserve_insertion_order", "false");
    config.setProperty("temp_directory", tempDirectory.toString());
    return DriverManager.getConnection("jdbc:duckdb:", config);
  }

  /** A SQL string literal. */
  public static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
