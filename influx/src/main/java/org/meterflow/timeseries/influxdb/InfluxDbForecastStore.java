package org.meterflow.timeseries.influxdb;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.meterflow.timeseries.lineprotocol.ForecastLineProtocol;
import org.meterflow.model.forecast.DayAheadForecast;
import org.meterflow.model.port.ForecastStore;

/**
 * {@link ForecastStore} on InfluxDB 1.x, 2.x or 3.x: measurement {@value ForecastLineProtocol#MEASUREMENT}
 * beside the readings (same database or bucket, same retention policy), tags {@code level},
 * {@code id}, {@code quantity}, fields {@code point}, {@code lo80}, {@code hi80}, {@code lo95},
 * {@code hi95}, {@code issued_at_ms} — the lines of {@link ForecastLineProtocol}, written like the
 * readings (1.x {@code /write}, 2.x/3.x {@code /api/v2/write}, precision ms).
 *
 * <p>InfluxDB keys a point by measurement, tag set and timestamp, and a later write of the same
 * key replaces its fields: a newer run replaces the older run's forecast interval by interval, as
 * QuestDB's {@code DEDUP UPSERT KEYS(ts, level, id, quantity)} does for {@code QuestDbForecastStore}.
 *
 * <p>Reads are one InfluxQL query per series and window:
 * {@code SELECT point, lo80, hi80, lo95, hi95, issued_at_ms FROM forecasts WHERE level = … AND
 * id = … AND quantity = … AND time >= from AND time < to}. Writes block one thread of the executor
 * given (a few hundred lines a day per series).
 */
public final class InfluxDbForecastStore implements ForecastStore, AutoCloseable {

  private final InfluxDbHttp http;
  private final Executor executor;

  /** Connects lazily: no I/O happens before {@link #start()} or the first call. */
  public InfluxDbForecastStore(InfluxDbSettings settings, Executor executor) {
    this.http = new InfluxDbHttp(Objects.requireNonNull(settings, "settings"), settings.queryTimeout());
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  /**
   * As {@link InfluxDbReadingStore#start()}: creates the 1.x database if configured, then checks
   * that the database and retention policy exist. Idempotent; the measurement needs no creation.
   */
  public CompletionStage<Void> start() {
    return http.ensureDatabase();
  }

  @Override
  public CompletionStage<Void> write(String level, String id, String quantity, DayAheadForecast forecast,
      Instant issuedAt) {
    List<String> lines;
    try {
      lines = ForecastLineProtocol.lines(level, id, quantity, forecast, issuedAt);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (lines.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return CompletableFuture.runAsync(() -> {
      try {
        http.post(lines);
      } catch (IOException e) {
        throw new UncheckedIOException("writing " + lines.size() + " forecast intervals to InfluxDB failed", e);
      }
    }, executor);
  }

  @Override
  public CompletionStage<List<StoredPoint>> read(String level, String id, String quantity, Instant from, Instant to) {
    String statement;
    try {
      statement = "SELECT point, lo80, hi80, lo95, hi95, issued_at_ms FROM " + ForecastLineProtocol.MEASUREMENT
          + " WHERE level = '" + ForecastLineProtocol.name(level) + "' AND id = '" + ForecastLineProtocol.name(id)
          + "' AND quantity = '" + ForecastLineProtocol.name(quantity) + "'"
          + " AND time >= " + InfluxQl.epochNs(Objects.requireNonNull(from, "from"))
          + " AND time < " + InfluxQl.epochNs(Objects.requireNonNull(to, "to"));
    } catch (IllegalArgumentException | NullPointerException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (!from.isBefore(to)) {
      return CompletableFuture.completedFuture(List.of());
    }
    return http.query(statement, http.settings().retentionPolicy()).thenApplyAsync(result -> result.map(row ->
        new StoredPoint(Instant.ofEpochMilli(result.cell(row, "time").asLong()), number(result.cell(row, "point")),
            number(result.cell(row, "lo80")), number(result.cell(row, "hi80")), number(result.cell(row, "lo95")),
            number(result.cell(row, "hi95")), Instant.ofEpochMilli(result.cell(row, "issued_at_ms").asLong()))),
        executor);
  }

  private static double number(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode() ? Double.NaN : node.asDouble();
  }

  /** Closes the HTTP client; writes and reads in flight fail. */
  @Override
  public void close() {
    http.close();
  }
}
