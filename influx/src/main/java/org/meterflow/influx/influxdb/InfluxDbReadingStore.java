package org.meterflow.influx.influxdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import com.influxdb.client.WriteApiBlocking;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.service.InfluxQLQueryService;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import java.util.concurrent.TimeUnit;

import java.util.function.Function;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import org.meterflow.influx.BatchWriters;
import org.meterflow.influx.lineprotocol.ReadingLineProtocol;
import org.meterflow.model.meter.MeterLocation;
import org.meterflow.model.port.LoadPoint;
import org.meterflow.model.port.NetworkLevel;
import org.meterflow.model.port.ReadingStore;
import org.meterflow.model.reading.AcceptedReading;
import org.meterflow.model.reading.Reading;
import org.meterflow.model.reading.ReadingPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import retrofit2.Call;
import retrofit2.Callback;
import retrofit2.Response;

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
 * <p><b>Reads</b> are InfluxQL ({@link InfluxQl}) through the client's {@link InfluxQLQueryService}
 * ({@code /query}, JSON, epoch ms), parsed here rather than by {@code InfluxQLQueryApi}, which
 * drops the per-statement {@code "error"} that InfluxDB returns with HTTP 200 (e.g. "database not
 * found") and would turn it into an empty answer.
 */
public final class InfluxDbReadingStore implements ReadingStore {

  private static final Logger log = LoggerFactory.getLogger(InfluxDbReadingStore.class);
  private static final MediaType LINE_PROTOCOL = MediaType.get("text/plain; charset=utf-8");
  private static final int ERROR_EXCERPT = 300;

  private final InfluxDbSettings settings;
  private final InfluxDBClient influx;
  private final WriteApiBlocking writeApi;
  private final OkHttpClient v1Http;
  private final HttpUrl v1WriteUrl;
  private final InfluxQLQueryService queries;
  private final ObjectMapper json = new ObjectMapper();
  private final BatchWriters writers;

  /** Connects lazily: no I/O happens before {@link #start()} or the first call. */
  public InfluxDbReadingStore(InfluxDbSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    String url = settings.url().endsWith("/") ? settings.url().substring(0, settings.url().length() - 1) : settings.url();
    OkHttpClient.Builder http = new OkHttpClient.Builder()
        .connectTimeout(settings.writeTimeout())
        .readTimeout(settings.writeTimeout().compareTo(settings.queryTimeout()) > 0 ? settings.writeTimeout() : settings.queryTimeout())
        .writeTimeout(settings.writeTimeout());
    if (settings.version() == 1 && !settings.user().isEmpty()) {
      String basic = Credentials.basic(settings.user(), settings.password());
      http.addInterceptor(chain -> chain.proceed(chain.request().newBuilder().header("Authorization", basic).build()));
    }
    InfluxDBClientOptions.Builder options = InfluxDBClientOptions.builder()
        .url(url)
        .okHttpClient(http)
        .precision(WritePrecision.MS);
    if (settings.version() == 2) {
      options.org(settings.org()).bucket(settings.bucket());
      if (!settings.token().isEmpty()) {
        options.authenticateToken(settings.token().toCharArray());
      }
    }
    this.influx = InfluxDBClientFactory.create(options.build());
    this.queries = influx.getService(InfluxQLQueryService.class);
    if (settings.version() == 2) {
      this.writeApi = influx.getWriteApiBlocking();
      this.v1Http = null;
      this.v1WriteUrl = null;
    } else {
      this.writeApi = null;
      this.v1Http = http.callTimeout(settings.writeTimeout()).build();
      HttpUrl.Builder write = Objects.requireNonNull(HttpUrl.parse(url + "/write"), "url").newBuilder()
          .addQueryParameter("db", settings.database())
          .addQueryParameter("precision", "ms");
      if (!settings.retentionPolicy().isEmpty()) {
        write.addQueryParameter("rp", settings.retentionPolicy());
      }
      this.v1WriteUrl = write.build();
    }
    this.writers = new BatchWriters("influxdb", settings.writeThreads(), settings.writeQueueCapacity());
  }

  /**
   * Version 1 with {@code createDatabase}: creates the database (idempotent). Then checks that the
   * query database exists (version 2: that the bucket is mapped to it), so a typo fails the start
   * instead of answering every query with nothing.
   */
  public CompletionStage<Void> start() {
    String db = settings.queryDatabase();
    CompletionStage<Result> created = settings.version() == 1 && settings.createDatabase()
        ? query("CREATE DATABASE \"" + db + "\"", null)
        : CompletableFuture.completedFuture(Result.EMPTY);
    return created
        .thenCompose(r -> query("SHOW RETENTION POLICIES ON \"" + db + "\"", null))
        .thenAccept(policies -> {
          if (policies.rows().isEmpty()) {
            throw new InfluxDbException("InfluxDB at " + settings.url() + " has no database '" + db + "'"
                + (settings.version() == 2 ? " (no DBRP mapping for bucket '" + settings.bucket() + "')" : ""));
          }
          String rp = settings.retentionPolicy();
          if (!rp.isEmpty() && policies.rows().stream().noneMatch(row -> rp.equals(policies.cell(row, "name").asText()))) {
            throw new InfluxDbException("InfluxDB database '" + db + "' has no retention policy '" + rp + "'");
          }
          log.info("InfluxDB {} ready: database '{}' at {}", settings.version() == 1 ? "1.x" : "2.x/3.x", db, settings.url());
        });
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
    List<String> lines = org.meterflow.influx.lineprotocol.EventLineProtocol.lines(events);
    return writers.submit(lines.size(), () -> post(lines));
  }

  @Override
  public CompletionStage<Optional<AcceptedReading>> latest(String serial) {
    return guarded(() -> InfluxQl.latest(serial))
        .thenCompose(q -> query(q, settings.retentionPolicy()))
        .thenApply(result -> result.rows().stream().findFirst().map(row -> toAccepted(result, row)));
  }

  @Override
  public CompletionStage<List<ReadingPoint>> range(String serial, Instant from, Instant to, Duration step) {
    return guarded(() -> InfluxQl.range(serial, Objects.requireNonNull(from, "from"), Objects.requireNonNull(to, "to"), step))
        .thenCompose(q -> from.isBefore(to) ? query(q, settings.retentionPolicy()) : CompletableFuture.completedFuture(Result.EMPTY))
        .thenApply(InfluxDbReadingStore::toPoints);
  }

  @Override
  public CompletionStage<Long> count(String serial, Instant from, Instant to) {
    return guarded(() -> InfluxQl.count(serial, Objects.requireNonNull(from, "from"), Objects.requireNonNull(to, "to")))
        .thenCompose(q -> from.isBefore(to) ? query(q, settings.retentionPolicy()) : CompletableFuture.completedFuture(Result.EMPTY))
        .thenApply(result -> result.rows().isEmpty() ? 0L : result.cell(result.rows().get(0), "n").asLong());
  }

  @Override
  public CompletionStage<List<LoadPoint>> load(NetworkLevel level, String id, Instant from, Instant to, Duration step) {
    return guarded(() -> InfluxQl.load(level, id, Objects.requireNonNull(from, "from"), Objects.requireNonNull(to, "to"), step))
        .thenCompose(q -> from.isBefore(to) ? query(q, settings.retentionPolicy()) : CompletableFuture.completedFuture(Result.EMPTY))
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
    return settings;
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
      writers.close(settings.writeTimeout());
    } finally {
      influx.close();
      if (v1Http != null) {
        v1Http.dispatcher().executorService().shutdown();
        v1Http.connectionPool().evictAll();
      }
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

  /**
   * Runs one InfluxQL statement asynchronously (OkHttp's dispatcher) and returns its first series.
   * A statement error inside a 200 answer fails the stage like an HTTP error does.
   */
  CompletionStage<Result> query(String statement, String retentionPolicy) {
    CompletableFuture<Result> done = new CompletableFuture<>();
    Call<ResponseBody> call = queries.query(statement, settings.queryDatabase(),
        retentionPolicy == null || retentionPolicy.isEmpty() ? null : retentionPolicy, "ms", null, "application/json");
    call.timeout().timeout(settings.queryTimeout().toMillis(), TimeUnit.MILLISECONDS);
    call.enqueue(new Callback<>() {
      @Override
      public void onResponse(Call<ResponseBody> c, Response<ResponseBody> response) {
        try {
          done.complete(parse(statement, response));
        } catch (RuntimeException | IOException e) {
          done.completeExceptionally(e);
        }
      }

      @Override
      public void onFailure(Call<ResponseBody> c, Throwable t) {
        done.completeExceptionally(new InfluxDbException("InfluxQL query failed: " + t, t));
      }
    });
    return done;
  }

  private Result parse(String statement, Response<ResponseBody> response) throws IOException {
    if (!response.isSuccessful()) {
      String body;
      try (ResponseBody error = response.errorBody()) {
        body = error == null ? "" : error.string();
      }
      throw new InfluxDbException("InfluxDB answered " + response.code() + " to '" + statement + "': " + excerpt(body));
    }
    JsonNode root;
    try (ResponseBody body = response.body()) {
      root = body == null ? json.createObjectNode() : json.readTree(body.byteStream());
    }
    if (root.hasNonNull("error")) {
      throw new InfluxDbException("InfluxDB refused '" + statement + "': " + root.get("error").asText());
    }
    JsonNode result = root.path("results").path(0);
    if (result.hasNonNull("error")) {
      throw new InfluxDbException("InfluxDB refused '" + statement + "': " + result.get("error").asText());
    }
    JsonNode series = result.path("series");
    if (series.size() > 1) {
      throw new InfluxDbException("expected one series from '" + statement + "', got " + series.size());
    }
    if (series.isEmpty()) {
      return Result.EMPTY;
    }
    JsonNode only = series.get(0);
    Map<String, Integer> columns = new HashMap<>();
    JsonNode names = only.path("columns");
    for (int i = 0; i < names.size(); i++) {
      columns.put(names.get(i).asText(), i);
    }
    List<JsonNode> rows = new ArrayList<>();
    only.path("values").forEach(rows::add);
    Map<String, String> tags = new HashMap<>();
    only.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
    return new Result(columns, rows, tags);
  }

  private static String excerpt(String body) {
    String oneLine = body.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= ERROR_EXCERPT ? oneLine : oneLine.substring(0, ERROR_EXCERPT) + "…";
  }

  /** The first series of an InfluxQL answer: column positions, rows, and the series' tags (GROUP BY tag). */
  record Result(Map<String, Integer> columns, List<JsonNode> rows, Map<String, String> tags) {
    static final Result EMPTY = new Result(Map.of(), List.of(), Map.of());

    /** The cell, or a JSON null where the column is absent or the value missing. */
    JsonNode cell(JsonNode row, String column) {
      Integer i = columns.get(column);
      if (i == null) {
        return com.fasterxml.jackson.databind.node.NullNode.getInstance();
      }
      return row.path(i);
    }

    <T> List<T> map(Function<JsonNode, T> f) {
      List<T> out = new ArrayList<>(rows.size());
      rows.forEach(r -> out.add(f.apply(r)));
      return out;
    }
  }

  /** One blocking write of a batch as line protocol (2.x/3.x client API, or 1.x {@code /write}). */
  private void writeLines(List<AcceptedReading> readings) throws IOException {
    List<String> lines = new ArrayList<>(readings.size());
    StringBuilder sb = new StringBuilder(256);
    for (AcceptedReading a : readings) {
      lines.add(line(a, sb));
    }
    post(lines);
  }

  /** One blocking write of line protocol: the 2.x/3.x client API, or 1.x {@code /write}. */
  private void post(List<String> lines) throws IOException {
    if (writeApi != null) {
      writeApi.writeRecords(WritePrecision.MS, lines);
    } else {
      writeV1(lines);
    }
  }

  private void writeV1(List<String> lines) throws IOException {
    RequestBody body = RequestBody.create(String.join("\n", lines), LINE_PROTOCOL);
    Request request = new Request.Builder().url(v1WriteUrl).post(body).build();
    try (okhttp3.Response response = v1Http.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        ResponseBody error = response.body();
        throw new InfluxDbException("InfluxDB /write answered " + response.code() + ": "
            + excerpt(error == null ? "" : error.string()));
      }
    }
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
