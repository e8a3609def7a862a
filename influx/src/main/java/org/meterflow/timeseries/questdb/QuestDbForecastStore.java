package org.meterflow.timeseries.questdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import com.influxdb.client.domain.WritePrecision;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import okhttp3.OkHttpClient;
import org.meterflow.timeseries.lineprotocol.ForecastLineProtocol;
import org.meterflow.model.forecast.DayAheadForecast;
import org.meterflow.model.port.ForecastStore;

/**
 * {@link ForecastStore} on QuestDB: table {@value #TABLE}, written as line protocol through
 * influxdb-client-java ({@code /api/v2/write}, precision ms) and read with SQL on {@code /exec}.
 *
 * <pre>
 * forecasts,level=region,id=north,quantity=kw point=412.5,lo80=380.1,hi80=441.0,lo95=361.7,hi95=470.2,issued_at_ms=1795688100000i 1795710600000
 * </pre>
 *
 * {@link #start()} creates the table (WAL, partitioned by month, {@code DEDUP UPSERT KEYS(ts,
 * level, id, quantity)}), so the latest run of a day replaces the earlier one. Writes block one
 * thread of the executor given (forecasts are a few hundred lines a day per series).
 */
public final class QuestDbForecastStore implements ForecastStore, AutoCloseable {

  public static final String TABLE = ForecastLineProtocol.MEASUREMENT;

  static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS " + TABLE + " ("
      + "level SYMBOL, id SYMBOL, quantity SYMBOL, point DOUBLE, lo80 DOUBLE, hi80 DOUBLE, lo95 DOUBLE, hi95 DOUBLE, "
      + "issued_at_ms LONG, ts TIMESTAMP) TIMESTAMP(ts) PARTITION BY MONTH WAL DEDUP UPSERT KEYS(ts, level, id, quantity)";

  private static final DateTimeFormatter MICROS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private final String url;
  private final QuestDbExec exec;
  private final InfluxDBClient influx;
  private final Executor executor;

  public QuestDbForecastStore(String httpUrl, QuestDbStoreSettings settings, Executor executor) {
    String url = QuestDbExec.stripTrailingSlash(Objects.requireNonNull(httpUrl, "httpUrl"));
    this.url = url;
    this.exec = new QuestDbExec(url, settings.queryTimeout(), new ObjectMapper());
    this.executor = Objects.requireNonNull(executor, "executor");
    OkHttpClient.Builder okHttp = new OkHttpClient.Builder()
        .connectTimeout(settings.writeTimeout())
        .readTimeout(settings.writeTimeout())
        .writeTimeout(settings.writeTimeout())
        .callTimeout(settings.writeTimeout());
    this.influx = InfluxDBClientFactory.create(InfluxDBClientOptions.builder()
        .url(url)
        .okHttpClient(okHttp)
        .authenticateToken("questdb-ignores-this".toCharArray())
        .org("meterflow")
        .bucket(TABLE)
        .precision(WritePrecision.MS)
        .build());
  }

  /** Creates the table if absent (idempotent); warns about memory-growing server settings ({@link QuestDbMemoryAdvice}). */
  public CompletionStage<Void> start() {
    return exec.query(CREATE_TABLE).thenCompose(r -> QuestDbMemoryAdvice.check(exec, url));
  }

  @Override
  public CompletionStage<Void> write(String level, String id, String quantity, DayAheadForecast forecast,
      Instant issuedAt) {
    List<String> lines;
    try {
      lines = lines(level, id, quantity, forecast, issuedAt);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (lines.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return CompletableFuture.runAsync(() -> influx.getWriteApiBlocking().writeRecords(WritePrecision.MS, lines), executor);
  }

  @Override
  public CompletionStage<List<StoredPoint>> read(String level, String id, String quantity, Instant from, Instant to) {
    String sql;
    try {
      sql = "SELECT ts, point, lo80, hi80, lo95, hi95, issued_at_ms FROM " + TABLE
          + " WHERE level = '" + name(level) + "' AND id = '" + name(id) + "' AND quantity = '" + name(quantity) + "'"
          + " AND ts >= '" + MICROS.format(from) + "' AND ts < '" + MICROS.format(to) + "' ORDER BY ts";
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    return exec.query(sql).thenApplyAsync(result -> {
      List<StoredPoint> out = new ArrayList<>(result.rows().size());
      for (JsonNode row : result.rows()) {
        out.add(new StoredPoint(Instant.parse(result.cell(row, "ts").asText()), number(result.cell(row, "point")),
            number(result.cell(row, "lo80")), number(result.cell(row, "hi80")), number(result.cell(row, "lo95")),
            number(result.cell(row, "hi95")), Instant.ofEpochMilli(result.cell(row, "issued_at_ms").asLong())));
      }
      return out;
    }, executor);
  }

  /** The line protocol of one forecast ({@link ForecastLineProtocol}); intervals with a NaN point are left out. */
  static List<String> lines(String level, String id, String quantity, DayAheadForecast f, Instant issuedAt) {
    return ForecastLineProtocol.lines(level, id, quantity, f, issuedAt);
  }

  private static String name(String value) {
    return ForecastLineProtocol.name(value);
  }

  private static double number(JsonNode node) {
    return node == null || node.isNull() ? Double.NaN : node.asDouble();
  }

  @Override
  public void close() {
    influx.close();
  }
}
