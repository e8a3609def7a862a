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

  /** For logs: {@code /var/lib/meterflow/lake} or {@code s3://bucket/prefix}. */
  String describe();

  @Override
  default void close() {}
}
