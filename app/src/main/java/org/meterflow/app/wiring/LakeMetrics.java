package org.meterflow.app.wiring;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.meterflow.lake.Lake;

/** The lake's counters and gauges on {@code /metrics}. */
final class LakeMetrics {

  private LakeMetrics() {}

  static void register(Lake lake, PrometheusMeterRegistry metrics) {
    FunctionCounter.builder("meterflow.lake.rows.appended", lake, l -> l.status().rowsAppended())
        .description("Readings appended (fsync'd) to the lake spool").register(metrics);
    FunctionCounter.builder("meterflow.lake.parquet.bytes", lake, l -> l.status().parquetBytes())
        .description("Bytes of Parquet published to the lake").register(metrics);
    FunctionCounter.builder("meterflow.lake.segments.published", lake, l -> l.status().segmentsPublished())
        .description("Spool segments turned into Parquet and published").register(metrics);
    Gauge.builder("meterflow.lake.segments.waiting", lake, l -> l.status().segmentsWaiting())
        .description("Sealed spool segments not yet published (grows while the target is unreachable)").register(metrics);
    FunctionCounter.builder("meterflow.lake.segments.quarantined", lake, l -> l.status().segmentsQuarantined())
        .description("Spool segments DuckDB could not read, set aside in <lake>/quarantine").register(metrics);
    FunctionCounter.builder("meterflow.lake.compaction.files.compacted", lake, l -> l.compaction().filesCompacted())
        .description("Small Parquet files merged into bigger ones and deleted").register(metrics);
    FunctionCounter.builder("meterflow.lake.compaction.files.written", lake, l -> l.compaction().filesWritten())
        .description("Compacted Parquet files published").register(metrics);
    FunctionCounter.builder("meterflow.lake.compaction.bytes.before", lake, l -> l.compaction().bytesBefore())
        .description("Bytes of the small files compaction deleted").register(metrics);
    FunctionCounter.builder("meterflow.lake.compaction.bytes.after", lake, l -> l.compaction().bytesAfter())
        .description("Bytes of the compacted files it published").register(metrics);
    FunctionCounter.builder("meterflow.lake.compaction.duplicates.removed", lake, l -> l.compaction().duplicatesRemoved())
        .description("Rows stored twice (redelivered readings) that compaction dropped").register(metrics);
    FunctionCounter.builder("meterflow.lake.compaction.failures", lake, l -> l.compaction().failures())
        .description("Partition groups whose compaction failed (their files stay as they were)").register(metrics);
  }
}
