package org.meterflow.lake.spool;

import java.nio.file.Path;

/**
 * A closed spool file, waiting to become Parquet. Its id is unique across restarts and nodes and
 * names the Parquet files made from it, so converting the same segment again (after a crash
 * between publishing and deleting it) replaces those files instead of adding copies.
 *
 * @param id    {@code <epoch millis>-<random hex>}, from the file name
 * @param file  the segment file, {@code <spool>/<id>.csv}
 * @param bytes its length
 */
public record SpoolSegment(String id, Path file, long bytes) {

  static final String SUFFIX = ".csv";

  static String idOf(Path file) {
    String name = file.getFileName().toString();
    return name.substring(0, name.length() - SUFFIX.length());
  }
}
