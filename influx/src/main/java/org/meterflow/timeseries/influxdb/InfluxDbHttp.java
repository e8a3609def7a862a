package org.meterflow.timeseries.influxdb;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import com.influxdb.client.WriteApiBlocking;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.service.InfluxQLQueryService;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import retrofit2.Call;
import retrofit2.Callback;
import retrofit2.Response;
import retrofit2.http.Field;
import retrofit2.http.FormUrlEncoded;
import retrofit2.http.Header;
import retrofit2.http.POST;
import retrofit2.http.Query;
import retrofit2.http.Streaming;

/**
 * The HTTP side of the InfluxDB adapters, shared by {@link InfluxDbReadingStore},
 * {@link InfluxDbRegisterBoundaries} and {@link InfluxDbForecastStore}: one influxdb-client-java
 * client per instance, built from {@link InfluxDbSettings}.
 *
 * <ul>
 *   <li><b>writes</b> of line protocol, precision ms: version 2 through the client's
 *       {@code WriteApiBlocking} ({@code /api/v2/write}); version 1 as a plain POST to
 *       {@code /write?db=&rp=} on the client's HTTP stack (InfluxDB 1.6/1.7 have no
 *       {@code /api/v2/write});
 *   <li><b>queries</b> of one series: InfluxQL through the client's {@link InfluxQLQueryService}
 *       ({@code /query}, JSON, epoch ms), parsed here so that the per-statement {@code "error"}
 *       InfluxDB returns with HTTP 200 fails the stage;
 *   <li><b>streamed queries</b> of many series: {@code chunked=true}, read chunk by chunk as the
 *       server sends them, so a group-by over many meters never becomes one JSON document in memory.
 * </ul>
 */
final class InfluxDbHttp implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(InfluxDbHttp.class);
  private static final MediaType LINE_PROTOCOL = MediaType.get("text/plain; charset=utf-8");
  private static final int ERROR_EXCERPT = 300;

  /** {@code /query} with {@code chunked=true}, its body handed over unbuffered ({@link Streaming}). */
  interface ChunkedQueryService {
    @Streaming
    @FormUrlEncoded
    @POST("query")
    Call<ResponseBody> query(@Field("q") String query, @Query("db") String db, @Query("rp") String retentionPolicy,
        @Query("epoch") String epoch, @Query("chunked") String chunked, @Query("chunk_size") Integer chunkSize,
        @Header("Accept") String accept);
  }

  private final InfluxDbSettings settings;
  private final Duration queryTimeout;
  private final InfluxDBClient influx;
  private final WriteApiBlocking writeApi;
  private final OkHttpClient v1Http;
  private final HttpUrl v1WriteUrl;
  private final InfluxQLQueryService queries;
  private final ChunkedQueryService chunkedQueries;
  private final ObjectMapper json = new ObjectMapper();

  /** Connects lazily; {@code queryTimeout} bounds each query, headers to last row. */
  InfluxDbHttp(InfluxDbSettings settings, Duration queryTimeout) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.queryTimeout = Objects.requireNonNull(queryTimeout, "queryTimeout");
    String url = settings.url().endsWith("/") ? settings.url().substring(0, settings.url().length() - 1) : settings.url();
    OkHttpClient.Builder http = new OkHttpClient.Builder()
        .connectTimeout(settings.writeTimeout())
        .readTimeout(settings.writeTimeout().compareTo(queryTimeout) > 0 ? settings.writeTimeout() : queryTimeout)
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
    this.chunkedQueries = influx.getService(ChunkedQueryService.class);
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
  }

  InfluxDbSettings settings() {
    return settings;
  }

  /**
   * Version 1 with {@code createDatabase}: creates the database (idempotent). Then checks that the
   * query database exists (version 2: that the bucket is mapped to it) and has the configured
   * retention policy, so a typo fails the start instead of answering every query with nothing.
   */
  CompletionStage<Void> ensureDatabase() {
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

  /**
   * Runs one InfluxQL statement asynchronously (OkHttp's dispatcher) and returns its only series.
   * A statement error inside a 200 answer fails the stage like an HTTP error does.
   */
  CompletionStage<Result> query(String statement, String retentionPolicy) {
    CompletableFuture<Result> done = new CompletableFuture<>();
    Call<ResponseBody> call = queries.query(statement, settings.queryDatabase(), blankToNull(retentionPolicy), "ms",
        null, "application/json");
    call.timeout().timeout(queryTimeout.toMillis(), TimeUnit.MILLISECONDS);
    call.enqueue(new Callback<>() {
      @Override
      public void onResponse(Call<ResponseBody> c, Response<ResponseBody> response) {
        try (ResponseBody body = successful(statement, response); InputStream in = body.byteStream()) {
          List<Result> series = new ArrayList<>();
          series(statement, json.readTree(in), series::add);
          if (series.size() > 1) {
            throw new InfluxDbException("expected one series from '" + statement + "', got " + series.size());
          }
          done.complete(series.isEmpty() ? Result.EMPTY : series.get(0));
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

  /**
   * Runs one InfluxQL statement with {@code chunked=true} on the calling thread (blocking) against
   * the configured retention policy, handing each series — or each part of a series longer than
   * {@code chunkSize} rows — to {@code sink} as it arrives, in the order InfluxDB sends them.
   * At most one chunk is in memory at a time. An error chunk, even after others, throws.
   */
  void stream(String statement, int chunkSize, Consumer<Result> sink) throws IOException {
    Call<ResponseBody> call = chunkedQueries.query(statement, settings.queryDatabase(),
        blankToNull(settings.retentionPolicy()), "ms", "true", chunkSize, "application/json");
    call.timeout().timeout(queryTimeout.toMillis(), TimeUnit.MILLISECONDS);
    Response<ResponseBody> response;
    try {
      response = call.execute();
    } catch (IOException e) {
      throw new InfluxDbException("InfluxQL query failed: " + e, e);
    }
    try (ResponseBody body = successful(statement, response);
         JsonParser parser = json.getFactory().createParser(body.byteStream());
         MappingIterator<JsonNode> chunks = json.readValues(parser, JsonNode.class)) {
      while (chunks.hasNextValue()) {
        series(statement, chunks.nextValue(), sink);
      }
    }
  }

  /** One blocking write of line protocol: the 2.x/3.x client API, or 1.x {@code /write}. */
  void post(List<String> lines) throws IOException {
    if (writeApi != null) {
      writeApi.writeRecords(WritePrecision.MS, lines);
      return;
    }
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

  /** Closes the HTTP clients; calls in flight fail. */
  @Override
  public void close() {
    influx.close();
    if (v1Http != null) {
      v1Http.dispatcher().executorService().shutdown();
      v1Http.connectionPool().evictAll();
    }
  }

  private static ResponseBody successful(String statement, Response<ResponseBody> response) throws IOException {
    if (!response.isSuccessful()) {
      String body;
      try (ResponseBody error = response.errorBody()) {
        body = error == null ? "" : error.string();
      }
      throw new InfluxDbException("InfluxDB answered " + response.code() + " to '" + statement + "': " + excerpt(body));
    }
    ResponseBody body = response.body();
    return body != null ? body : ResponseBody.create("{}", MediaType.get("application/json"));
  }

  /** The series of the first statement's result in one answer (or chunk); its error, if any, thrown. */
  private static void series(String statement, JsonNode root, Consumer<Result> sink) {
    if (root.hasNonNull("error")) {
      throw new InfluxDbException("InfluxDB refused '" + statement + "': " + root.get("error").asText());
    }
    JsonNode result = root.path("results").path(0);
    if (result.hasNonNull("error")) {
      throw new InfluxDbException("InfluxDB refused '" + statement + "': " + result.get("error").asText());
    }
    for (JsonNode series : result.path("series")) {
      Map<String, Integer> columns = new HashMap<>();
      JsonNode names = series.path("columns");
      for (int i = 0; i < names.size(); i++) {
        columns.put(names.get(i).asText(), i);
      }
      List<JsonNode> rows = new ArrayList<>(series.path("values").size());
      series.path("values").forEach(rows::add);
      Map<String, String> tags = new HashMap<>();
      series.path("tags").properties().forEach(e -> tags.put(e.getKey(), e.getValue().asText()));
      sink.accept(new Result(columns, rows, tags));
    }
  }

  private static String blankToNull(String retentionPolicy) {
    return retentionPolicy == null || retentionPolicy.isEmpty() ? null : retentionPolicy;
  }

  static String excerpt(String body) {
    String oneLine = body.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= ERROR_EXCERPT ? oneLine : oneLine.substring(0, ERROR_EXCERPT) + "…";
  }

  /** One series of an InfluxQL answer: column positions, rows, and the series' tags (GROUP BY tag). */
  record Result(Map<String, Integer> columns, List<JsonNode> rows, Map<String, String> tags) {
    static final Result EMPTY = new Result(Map.of(), List.of(), Map.of());

    /** The cell, or a JSON null where the column is absent or the value missing. */
    JsonNode cell(JsonNode row, String column) {
      Integer i = columns.get(column);
      return i == null ? NullNode.getInstance() : row.path(i);
    }

    <T> List<T> map(Function<JsonNode, T> f) {
      List<T> out = new ArrayList<>(rows.size());
      rows.forEach(r -> out.add(f.apply(r)));
      return out;
    }
  }
}
