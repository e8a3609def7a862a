package org.meterflow.timeseries.questdb;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of {@link QuestDbReadingStore}.
 *
 * @param writeTimeout       how long one batch write over HTTP ({@code /api/v2/write}) may take
 *                           before its stage fails; also how long {@code close()} waits for queued
 *                           writes (a WAL-writer write is a local file write and has no timeout)
 * @param queryTimeout       how long one SQL query (HTTP {@code /exec}) may take
 * @param writeThreads       writer threads, i.e. concurrent HTTP writes in flight
 * @param writeQueueCapacity batches waiting for a writer; beyond it {@code write} fails at once
 *                           with {@link java.util.concurrent.RejectedExecutionException}
 *                           (back-pressure: the readings stay un-acked and are redelivered)
 * @param writePath          how readings reach an embedded QuestDB (see
 *                           {@link QuestDbReadingStore#QuestDbReadingStore(EmbeddedQuestDb, QuestDbStoreSettings)});
 *                           a store built on a URL always writes line protocol
 */
public record QuestDbStoreSettings(
    Duration writeTimeout, Duration queryTimeout, int writeThreads, int writeQueueCapacity, QuestDbWritePath writePath) {

  public QuestDbStoreSettings {
    Objects.requireNonNull(writeTimeout, "writeTimeout");
    Objects.requireNonNull(writePath, "writePath");
    Objects.requireNonNull(queryTimeout, "queryTimeout");
    if (writeTimeout.isNegative() || writeTimeout.isZero()) {
      throw new IllegalArgumentException("writeTimeout must be positive");
    }
    if (queryTimeout.isNegative() || queryTimeout.isZero()) {
      throw new IllegalArgumentException("queryTimeout must be positive");
    }
    if (writeThreads < 1) {
      throw new IllegalArgumentException("writeThreads must be >= 1: " + writeThreads);
    }
    if (writeQueueCapacity < 1) {
      throw new IllegalArgumentException("writeQueueCapacity must be >= 1: " + writeQueueCapacity);
    }
  }

  /** The given tuning, writing an embedded QuestDB through its WAL writer. */
  public QuestDbStoreSettings(Duration writeTimeout, Duration queryTimeout, int writeThreads, int writeQueueCapacity) {
    this(writeTimeout, queryTimeout, writeThreads, writeQueueCapacity, QuestDbWritePath.WAL);
  }

  /** These settings with another write path. */
  public QuestDbStoreSettings withWritePath(QuestDbWritePath path) {
    return new QuestDbStoreSettings(writeTimeout, queryTimeout, writeThreads, writeQueueCapacity, path);
  }

  /** 10 s per write, 5 s per query, 2 writers, 64 queued batches, the WAL write path. */
  public static QuestDbStoreSettings defaults() {
    return of(Duration.ofSeconds(10), Duration.ofSeconds(5));
  }

  /** The given timeouts with 2 writers and 64 queued batches. */
  public static QuestDbStoreSettings of(Duration writeTimeout, Duration queryTimeout) {
    return new QuestDbStoreSettings(writeTimeout, queryTimeout, 2, 64);
  }
}
