package org.meterflow.lake.target;

import java.io.IOException;
import java.nio.file.Path;

/** Where finished Parquet files go: a local folder, or an S3 bucket (plus the local folder). */
public interface LakeTarget extends AutoCloseable {

  /**
   * Publishes a finished file under {@code key} (e.g. {@code readings/date=2026-11-26/part-….parquet}),
   * durably, replacing a file of the same key; the staged {@code file} may be moved away.
   */
  void publish(Path file, String key) throws IOException;

  /**
   * Removes the file under {@code key} durably (a missing file is not an error): the compactor
   * calls it for files whose rows it has already published in a bigger file.
   */
  void delete(String key) throws IOException;

  /**
   * Whether every published file is also in the local lake folder (what the compactor and SQL
   * over the lake read); false for S3 without {@code keep-local}.
   */
  default boolean keepsLocalCopy() {
    return true;
  }

  /** For logs: {@code /var/lib/meterflow/lake} or {@code s3://bucket/prefix}. */
  String describe();

  @Override
  default void close() {}
}
