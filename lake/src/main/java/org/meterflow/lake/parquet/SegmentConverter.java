package org.meterflow.lake.parquet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.meterflow.lake.spool.SpoolRows;
import org.meterflow.lake.spool.SpoolSegment;

/**
 * Turns a spool segment into Parquet (ZSTD), partitioned Hive-style by the reading's UTC date
 * (and optionally region), with one embedded DuckDB. Rows are written as they were spooled (in
 * arrival order, which is time order; neither sorted nor de-duplicated here: the query view
 * counts each (serial, ts) once, see docs/decisions.md); the files are named after the segment
 * ({@code part-<segment id>-<n>.parquet}), so no two segments ever write the same name and the
 * same segment converted twice writes the same names.
 */
public final class SegmentConverter implements AutoCloseable {

  private final Path staging;
  private final boolean byRegion;
  private final Connection duckdb;

  /**
   * @param staging where Parquet files are built before they are published
   * @param threads DuckDB threads
   * @param memory  DuckDB memory limit, bytes
   */
  public SegmentConverter(Path staging, int threads, long memory, boolean byRegion) {
    this.staging = staging;
    this.byRegion = byRegion;
    try {
      Files.createDirectories(staging);
      this.duckdb = DuckDb.open(threads, memory, staging.resolve(".tmp"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + staging, e);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot start DuckDB for the lake: " + e.getMessage(), e);
    }
  }

  /** The Parquet files made from {@code segment}; paths are relative to {@link #output(SpoolSegment)}. */
  public List<Path> convert(SpoolSegment segment) throws IOException, SQLException {
    Path out = output(segment);
    deleteRecursively(out);
    String copy = "COPY (SELECT "
        + "serial, seq, make_timestamp(ts_us) AS ts, import_kwh, export_kwh, voltage_v, current_a, frequency_hz, "
        + "power_factor, make_timestamp(received_us) AS received_at, "
        + (byRegion ? "coalesce(region, 'unknown') AS region, " : "region, ")
        + "substation, feeder, dt, CAST(make_timestamp(ts_us) AS DATE) AS date "
        + "FROM read_csv(" + DuckDb.literal(segment.file().toString()) + ", header = false, delim = ',', quote = '\"', "
        + "escape = '\"', auto_detect = false, columns = " + SpoolRows.DUCKDB_COLUMNS + ")) "
        + "TO " + DuckDb.literal(out.toString()) + " (FORMAT PARQUET, COMPRESSION ZSTD, "
        + "PARTITION_BY (" + (byRegion ? "date, region" : "date") + "), "
        + "FILENAME_PATTERN " + DuckDb.literal("part-" + segment.id() + "-{i}") + ")";
    try (Statement statement = duckdb.createStatement()) {
      statement.execute(copy);
    }
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(out)) {
      try (Stream<Path> walk = Files.walk(out)) {
        walk.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().forEach(p -> files.add(out.relativize(p)));
      }
    }
    return files;
  }

  /** The staging folder of a segment's files. */
  public Path output(SpoolSegment segment) {
    return staging.resolve(segment.id());
  }

  /** Removes a segment's staging folder once its files are published. */
  public void clean(SpoolSegment segment) throws IOException {
    deleteRecursively(output(segment));
  }

  /** Removes everything left in staging (by a crash). */
  public void cleanAll() throws IOException {
    try (Stream<Path> entries = Files.list(staging)) {
      for (Path p : (Iterable<Path>) entries::iterator) {
        if (!p.getFileName().toString().equals(".tmp")) {
          deleteRecursively(p);
        }
      }
    }
  }

  @Override
  public void close() {
    try {
      duckdb.close();
    } catch (SQLException e) {
      // closing an embedded in-memory database; nothing to recover
    }
  }

  static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
