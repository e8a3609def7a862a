package org.meterflow.timeseries.questdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import com.influxdb.client.WriteApiBlocking;
import com.influxdb.client.domain.WritePrecision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import okhttp3.OkHttpClient;
import org.meterflow.timeseries.BatchWriters;
import org.meterflow.timeseries.lineprotocol.ReadingLineProtocol;
import org.meterflow.model.meter.MeterLocation;
import org.meterflow.model.port.LoadPoint;
import org.meterflow.model.port.NetworkLevel;
import org.meterflow.model.port.ReadingStore;
import org.meterflow.model.reading.AcceptedReading;
import org.meterflow.model.reading.Reading;
import org.meterflow.model.reading.ReadingPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ReadingStore} on QuestDB: embedded ({@link #QuestDbReadingStore(EmbeddedQuestDb,
 * QuestDbStoreSettings)}) or external over HTTP ({@link #QuestDbReadingStore(String,
 * QuestDbStoreSettings)}).
 *
 * <p><b>Table.</b> {@link #start()} creates {@code readings} if absent: WAL, partitioned by day,
 * {@code DEDUP UPSERT KEYS(ts, serial)}, so a redelivered reading replaces its twin. Call it before
 * the first write; otherwise QuestDB would auto-create a table without dedup from the first line
 * (and the WAL write path refuses to write at all).
 *
 * <p><b>Writes</b> run on a small bounded pool of writer threads; the returned stage completes
 * once the batch is committed to the table's WAL, which is when the MQTT ack may go. It completes
 * on a writer thread: chain heavy work with an {@code …Async} variant. How a batch travels
 * depends on {@link QuestDbStoreSettings#writePath()}:
 * <ul>
 *   <li>{@link QuestDbWritePath#WAL} (embedded only, the default there): rows appended through
 *       QuestDB's WAL writer in this JVM ({@link WalReadingAppender}), one transaction per batch;
 *   <li>{@link QuestDbWritePath#LINE_PROTOCOL} (always for an external QuestDB): InfluxDB line
 *       protocol ({@link ReadingLineProtocol}) posted by influxdb-client-java to
 *       {@code /api/v2/write?precision=ms} (QuestDB ignores org, bucket and token); done at 2xx.
 * </ul>
 * Both store the same rows. Events ({@link #writeEvents}) always go as line protocol: they are
 * few, and their table is created by QuestDB from the first line.
 *
 * <p><b>Reads</b> are SQL on {@code /exec}. WAL tables apply commits asynchronously, so a write
 * becomes visible to queries a few milliseconds after its stage completed.
 */
public final class QuestDbReadingStore implements ReadingStore {

  private static final Logger log = LoggerFactory.getLogger(QuestDbReadingStore.class);

  private final String httpUrl;
  private final QuestDbStoreSettings settings;
  private final InfluxDBClient influx;
  private final WriteApiBlocking writeApi;
  private final BatchWriters writers;
  private final QuestDbExec exec;
  /** Null: readings go as line protocol. */
  private final WalReadingAppender wal;

  /**
   * A QuestDB reached over HTTP only: readings are written as line protocol, whatever
   * {@link QuestDbStoreSettings#writePath()} says. Connects lazily: no I/O happens before
   * {@link #start()} or the first call.
   *
   * @param httpUrl QuestDB's HTTP base URL, e.g. {@code http://127.0.0.1:9000}
   */
  public QuestDbReadingStore(String httpUrl, QuestDbStoreSettings settings) {
    this(httpUrl, settings, null);
  }

  /**
   * The QuestDB embedded in this JVM: readings take {@link QuestDbStoreSettings#writePath()}
   * ({@link QuestDbWritePath#WAL}: straight into the table's WAL); queries and events go over its
   * HTTP server. {@code db} must outlive this store.
   */
  public QuestDbReadingStore(EmbeddedQuestDb db, QuestDbStoreSettings settings) {
    this(db.httpUrl(), settings,
        settings.writePath() == QuestDbWritePath.WAL ? new WalReadingAppender(db) : null);
  }

  private QuestDbReadingStore(String httpUrl, QuestDbStoreSettings settings, WalReadingAppender wal) {
    this.wal = wal;
    this.httpUrl = QuestDbExec.stripTrailingSlash(Objects.requireNonNull(httpUrl, "httpUrl"));
    this.settings = Objects.requireNonNull(settings, "settings");
    this.exec = new QuestDbExec(this.httpUrl, settings.queryTimeout(), new ObjectMapper());
    Duration wt = settings.writeTimeout();
    OkHttpClient.Builder okHttp =
        new OkHttpClient.Builder()
            .connectTimeout(wt)
            .readTimeout(wt)
            .writeTimeout(wt)
            .callTimeout(wt)
            .socketFactory(new NoDelaySocketFactory());
    this.influx =
        InfluxDBClientFactory.create(
            InfluxDBClientOptions.builder()
                .url(this.httpUrl)
                .okHttpClient(okHttp)
                .authenticateToken("questdb-ignores-this".toCharArray())
                .org("meterflow")
                .bucket(ReadingLineProtocol.MEASUREMENT)
                .precision(WritePrecision.MS)
                .build());
    this.writeApi = influx.getWriteApiBlocking();
    this.writers = new BatchWriters("questdb", settings.writeThreads(), settings.writeQueueCapacity());
  }

  /**
   * Creates the {@code readings} table if it does not exist yet (idempotent), and logs a warning if
   * the server is configured so that queries make its memory grow ({@link QuestDbMemoryAdvice}).
   */
  public CompletionStage<Void> start() {
    CompletionStage<Void> ready = exec.query(ReadingSql.CREATE_TABLE).thenApply(r -> null);
    for (String alter : ReadingSql.ADD_LOCATION_COLUMNS) {
      ready = ready.thenCompose(v -> exec.query(alter)).thenApply(r -> null);
    }
    ready = ready.thenCompose(v -> QuestDbMemoryAdvice.check(exec, httpUrl));
    return ready.thenRun(() -> log.info("QuestDB table '{}' ready at {}, readings written {}", ReadingSql.TABLE, httpUrl,
        wal != null ? "through the WAL writer in this JVM" : "as line protocol over HTTP"));
  }

  @Override
  public CompletionStage<Void> write(List<AcceptedReading> batch) {
    Objects.requireNonNull(batch, "batch");
    if (batch.isEmpty() && !writers.isClosed()) {
      return CompletableFuture.completedFuture(null);
    }
    List<AcceptedReading> readings = List.copyOf(batch);
    if (wal != null) {
      return writers.submit(readings.size(), () -> wal.append(readings));
    }
    return writers.submit(readings.size(), () -> writeApi.writeRecords(WritePrecision.MS, ReadingLineProtocol.lines(readings)));
  }

  @Override
  public CompletionStage<Void> writeEvents(List<org.meterflow.model.port.EventPoint> events) {
    if (events.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    List<String> lines = org.meterflow.timeseries.lineprotocol.EventLineProtocol.lines(events);
    return writers.submit(lines.size(), () -> writeApi.writeRecords(WritePrecision.MS, lines));
  }

  @Override
  public CompletionStage<Optional<AcceptedReading>> latest(String serial) {
    String sql;
    try {
      sql = ReadingSql.latest(serial);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    return exec.query(sql).thenApply(result -> result.rows().stream().findFirst().map(row -> toAccepted(result, row)));
  }

  @Override
  public CompletionStage<List<ReadingPoint>> range(String serial, Instant from, Instant to, Duration step) {
    String sql;
    try {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      sql = ReadingSql.range(serial, from, to, step);
    } catch (IllegalArgumentException | NullPointerException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (!from.isBefore(to)) {
      return CompletableFuture.completedFuture(List.of());
    }
    return exec.query(sql).thenApply(QuestDbReadingStore::toPoints);
  }

  @Override
  public CompletionStage<Long> count(String serial, Instant from, Instant to) {
    String sql;
    try {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      sql = ReadingSql.count(serial, from, to);
    } catch (IllegalArgumentException | NullPointerException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (!from.isBefore(to)) {
      return CompletableFuture.completedFuture(0L);
    }
    return exec.query(sql)
        .thenApply(result -> result.rows().isEmpty() ? 0L : result.cell(result.rows().get(0), "n").asLong());
  }

  @Override
  public CompletionStage<List<LoadPoint>> load(NetworkLevel level, String id, Instant from, Instant to, Duration step) {
    String sql;
    try {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      sql = ReadingSql.load(level, id, from, to, step);
    } catch (IllegalArgumentException | NullPointerException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (!from.isBefore(to)) {
      return CompletableFuture.completedFuture(List.of());
    }
    return exec.query(sql).thenApply(QuestDbReadingStore::toLoad);
  }

  /** The HTTP base URL this store talks to. */
  public String httpUrl() {
    return httpUrl;
  }

  public QuestDbStoreSettings settings() {
    return settings;
  }

  /** How readings are written: {@link QuestDbWritePath#WAL} only for an embedded QuestDB that asked for it. */
  public QuestDbWritePath writePath() {
    return wal != null ? QuestDbWritePath.WAL : QuestDbWritePath.LINE_PROTOCOL;
  }

  /**
   * Stops taking writes, lets queued and running ones finish within one write timeout, then
   * closes the HTTP client (WAL writers already went back to QuestDB's pool after each batch).
   * Writes left after that fail with {@link IllegalStateException} (their readings were never
   * acked, so the broker redelivers them).
   */
  @Override
  public void close() {
    if (writers.isClosed()) {
      return;
    }
    try {
      writers.close(settings.writeTimeout());
    } finally {
      influx.close();
    }
  }

  private static AcceptedReading toAccepted(QuestDbExec.Result result, JsonNode row) {
    Reading reading =
        new Reading(
            result.cell(row, "serial").asText(),
            result.cell(row, "seq").asLong(),
            Instant.parse(result.cell(row, "ts").asText()),
            result.cell(row, "import_kwh").asDouble(),
            result.cell(row, "export_kwh").asDouble(),
            result.cell(row, "voltage").asDouble(),
            result.cell(row, "current").asDouble(),
            result.cell(row, "frequency").asDouble(),
            nullableDouble(result.cell(row, "power_factor")));
    MeterLocation location = new MeterLocation(
        textOr(result.cell(row, "region")), "unassigned", textOr(result.cell(row, "feeder")), textOr(result.cell(row, "dt")));
    return new AcceptedReading(reading, Instant.ofEpochMilli(result.cell(row, "received_at_ms").asLong()), location);
  }
  private static List<ReadingPoint> toPoints(QuestDbExec.Result result) {
    List<ReadingPoint> points = new ArrayList<>(result.rows().size());
    for (JsonNode row : result.rows()) {
      points.add(
          new ReadingPoint(
              Instant.parse(result.cell(row, "ts").asText()),
              result.cell(row, "import_kwh").asDouble(),
              result.cell(row, "export_kwh").asDouble(),
              result.cell(row, "voltage").asDouble(),
              result.cell(row, "current").asDouble(),
              result.cell(row, "frequency").asDouble(),
              nullableDouble(result.cell(row, "power_factor")),
              result.cell(row, "samples").asLong()));
    }
    return points;
  }

  private static List<LoadPoint> toLoad(QuestDbExec.Result result) {
    List<LoadPoint> points = new ArrayList<>(result.rows().size());
    for (JsonNode row : result.rows()) {
      points.add(new LoadPoint(
          Instant.parse(result.cell(row, "ts").asText()),
          result.cell(row, "kw").asDouble(),
          result.cell(row, "kva").asDouble(),
          result.cell(row, "meters").asInt()));
    }
    return points;
  }

  private static String textOr(JsonNode node) {
    return node == null || node.isNull() ? "unassigned" : node.asText();
  }

  private static Double nullableDouble(JsonNode node) {
    return node == null || node.isNull() ? null : node.asDouble();
  }

}
