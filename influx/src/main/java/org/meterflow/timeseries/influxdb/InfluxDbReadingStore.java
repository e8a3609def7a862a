package org.meterflow.timeseries.influxdb;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.meterflow.timeseries.BatchWriters;
import org.meterflow.timeseries.influxdb.InfluxDbHttp.Result;
import org.meterflow.timeseries.lineprotocol.ReadingLineProtocol;
import org.meterflow.model.meter.MeterLocation;
import org.meterflow.model.port.LoadPoint;
import org.meterflow.model.port.NetworkLevel;
import org.meterflow.model.port.ReadingStore;
import org.meterflow.model.reading.AcceptedReading;
import org.meterflow.model.reading.Reading;
import org.meterflow.model.reading.ReadingPoint;

/**
 * {@link ReadingStore} on InfluxDB 1.x, 2.x or 3.x through influxdb-client-java.
 *
 * <p><b>Writes</b> are the pre-built line protocol of {@link ReadingLineProtocol} plus the fields
 * {@code active_w} and {@code apparent_va} (see {@link #line}), precision ms:
 * version 2 through the client's {@code WriteApiBlocking} ({@code /api/v2/write}, org, bucket,
 * token); version 1 as a plain POST to {@code /write?db=&rp=} on the client's HTTP stack, since
 * influxdb-client-java only speaks {@code /api/v2/write} (its {@code createV1} targets the 1.8+
 * compatibility endpoint, which InfluxDB 1.6/1.7 answer with 404). Writes run on a small bounded
 * pool of writer threads; a write's stage completes once InfluxDB answered 2xx (the batch is in
 * its WAL), which is when the MQTT ack may go. A full queue fails the write at once
 * (back-pressure: the readings stay unacked and the broker redelivers them).
 *
 * <p><b>Idempotency</b>: InfluxDB keys a point by (measurement, tag set, timestamp); the tag set
 * holds the serial, so a redelivered reading overwrites its twin.
 *
 * <p><b>Reads</b> are InfluxQL ({@link InfluxQl}) through the client's {@code InfluxQLQueryService}
 * ({@code /query}, JSON, epoch ms), parsed by {@link InfluxDbHttp} rather than by
 * {@code InfluxQLQueryApi}, which drops the per-statement {@code "error"} that InfluxDB returns
 * with HTTP 200 (e.g. "database not found") and would turn it into an empty answer.
 */
public final class InfluxDbReadingStore implements ReadingStore {

  private final InfluxDbHttp http;
  private final BatchWriters writers;

  /** Connects lazily: no I/O happens before {@link #start()} or the first call. */
  public InfluxDbReadingStore(InfluxDbSettings settings) {
    this.http = new InfluxDbHttp(Objects.requireNonNull(settings, "settings"), settings.queryTimeout());
    this.writers = new BatchWriters("influxdb", settings.writeThreads(), settings.writeQueueCapacity());
  }

  /**
   * Version 1 with {@code createDatabase}: creates the database (idempotent). Then checks that the
   * query database exists (version 2: that the bucket is mapped to it), so a typo fails the start
   * instead of answering every query with nothing.
   */
  public CompletionStage<Void> start() {
    return http.ensureDatabase();
  }

  @Override
  public CompletionStage<Void> write(List<AcceptedReading> batch) {
    Objects.requireNonNull(batch, "batch");
    if (batch.isEmpty() && !writers.isClosed()) {
      return CompletableFuture.completedFuture(null);
    }
    List<AcceptedReading> readings = List.copyOf(batch);
    return writers.submit(readings.size(), () -> writeLines(readings));
  }

  @Override
  public CompletionStage<Void> writeEvents(List<org.meterflow.model.port.EventPoint> events) {
    if (events.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    List<String> lines = org.meterflow.timeseries.lineprotocol.EventLineProtocol.lines(events);
    return writers.submit(lines.size(), () -> http.post(lines));
  }

  @Override
  public CompletionStage<Optional<AcceptedReading>> latest(String serial) {
    return guarded(() -> InfluxQl.latest(serial))
        .thenCompose(q -> http.query(q, http.settings().retentionPolicy()))
        .thenApply(result -> result.rows().stream().findFirst().map(row -> toAccepted(result, row)));
  }

  @Override
  public CompletionStage<List<ReadingPoint>> range(String serial, Instant from, Instant to, Duration step) {
    return guarded(() -> InfluxQl.range(serial, Objects.requireNonNull(from, "from"), Objects.requireNonNull(to, "to"), step))
        .thenCompose(q -> from.isBefore(to) ? http.query(q, http.settings().retentionPolicy()) : CompletableFuture.completedFuture(Result.EMPTY))
        .thenApply(InfluxDbReadingStore::toPoints);
  }

  @Override
  public CompletionStage<Long> count(String serial, Instant from, Instant to) {
    return guarded(() -> InfluxQl.count(serial, Objects.requireNonNull(from, "from"), Objects.requireNonNull(to, "to")))
        .thenCompose(q -> from.isBefore(to) ? http.query(q, http.settings().retentionPolicy()) : CompletableFuture.completedFuture(Result.EMPTY))
        .thenApply(result -> result.rows().isEmpty() ? 0L : result.cell(result.rows().get(0), "n").asLong());
  }

  @Override
  public CompletionStage<List<LoadPoint>> load(NetworkLevel level, String id, Instant from, Instant to, Duration step) {
    return guarded(() -> InfluxQl.load(level, id, Objects.requireNonNull(from, "from"), Objects.requireNonNull(to, "to"), step))
        .thenCompose(q -> from.isBefore(to) ? http.query(q, http.settings().retentionPolicy()) : CompletableFuture.completedFuture(Result.EMPTY))
        .thenApply(result -> result.map(row -> new LoadPoint(
            Instant.ofEpochMilli(result.cell(row, "time").asLong()),
            result.cell(row, "w").asDouble() / 1000.0,
            result.cell(row, "va").asDouble() / 1000.0,
            result.cell(row, "meters").asInt())));
  }

  /**
   * The reading's line ({@link ReadingLineProtocol}) with two more fields for load queries:
   * {@code active_w} = V·I·pf (pf = 1 when not reported) and {@code apparent_va} = V·I. InfluxQL
   * cannot compute them at query time where the power factor is missing (see {@link InfluxQl#load}).
   */
  static String line(AcceptedReading accepted, StringBuilder sb) {
    sb.setLength(0);
    ReadingLineProtocol.append(sb, accepted);
    Reading r = accepted.reading();
    double va = r.voltage() * r.current();
    double w = va * (r.powerFactor() == null ? 1.0 : r.powerFactor());
    int timestamp = sb.lastIndexOf(" ");
    sb.insert(timestamp, "," + InfluxQl.APPARENT_VA + "=" + ReadingLineProtocol.plainDecimal(va));
    sb.insert(timestamp, "," + InfluxQl.ACTIVE_W + "=" + ReadingLineProtocol.plainDecimal(w));
    return sb.toString();
  }

  public InfluxDbSettings settings() {
    return http.settings();
  }

  /**
   * Stops taking writes, lets queued and running ones finish within one write timeout, then
   * closes the HTTP clients. Writes left after that fail (their readings were never acked).
   */
  @Override
  public void close() {
    if (writers.isClosed()) {
      return;
    }
    try {
      writers.close(http.settings().writeTimeout());
    } finally {
      http.close();
    }
  }

  /** A statement built from caller input: bad input fails the stage, it does not throw. */
  private static CompletionStage<String> guarded(java.util.function.Supplier<String> statement) {
    try {
      return CompletableFuture.completedFuture(statement.get());
    } catch (IllegalArgumentException | NullPointerException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** One blocking write of a batch as line protocol (2.x/3.x client API, or 1.x {@code /write}). */
  private void writeLines(List<AcceptedReading> readings) throws IOException {
    List<String> lines = new ArrayList<>(readings.size());
    StringBuilder sb = new StringBuilder(256);
    for (AcceptedReading a : readings) {
      lines.add(line(a, sb));
    }
    http.post(lines);
  }

  private static AcceptedReading toAccepted(Result result, JsonNode row) {
    Reading reading = new Reading(
        result.cell(row, "serial").asText(),
        result.cell(row, "seq").asLong(),
        Instant.ofEpochMilli(result.cell(row, "time").asLong()),
        result.cell(row, "import_kwh").asDouble(),
        result.cell(row, "export_kwh").asDouble(),
        result.cell(row, "voltage").asDouble(),
        result.cell(row, "current").asDouble(),
        result.cell(row, "frequency").asDouble(),
        nullableDouble(result.cell(row, "power_factor")));
    MeterLocation location = new MeterLocation(tagOr(result.cell(row, "region")), MeterLocation.UNKNOWN.substation(),
        tagOr(result.cell(row, "feeder")), tagOr(result.cell(row, "dt")));
    return new AcceptedReading(reading, Instant.ofEpochMilli(result.cell(row, "received_at_ms").asLong()), location);
  }

  /** A location tag; points written before readings carried a location have none. */
  private static String tagOr(JsonNode node) {
    return node.isTextual() && !node.asText().isEmpty() ? node.asText() : MeterLocation.UNKNOWN.region();
  }

  private static List<ReadingPoint> toPoints(Result result) {
    return result.map(row -> new ReadingPoint(
        Instant.ofEpochMilli(result.cell(row, "time").asLong()),
        result.cell(row, "import_kwh").asDouble(),
        result.cell(row, "export_kwh").asDouble(),
        result.cell(row, "voltage").asDouble(),
        result.cell(row, "current").asDouble(),
        result.cell(row, "frequency").asDouble(),
        nullableDouble(result.cell(row, "power_factor")),
        result.cell(row, "samples").asLong()));
  }

  private static Double nullableDouble(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode() ? null : node.asDouble();
  }
}
