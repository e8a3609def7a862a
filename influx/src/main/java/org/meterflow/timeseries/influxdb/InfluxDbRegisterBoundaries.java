package org.meterflow.timeseries.influxdb;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import org.meterflow.timeseries.HourOfDayEnergy;
import org.meterflow.timeseries.influxdb.InfluxDbHttp.Result;
import org.meterflow.model.port.IntervalEnergy;
import org.meterflow.model.port.RegisterBoundaries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RegisterBoundaries} and {@link IntervalEnergy} on InfluxDB, over the {@code readings}
 * measurement the {@link InfluxDbReadingStore} writes (tag {@code serial}, fields
 * {@code import_kwh}, {@code export_kwh}), with the answers of {@code QuestDbRegisterBoundaries}.
 *
 * <p><b>Around a boundary</b>: two InfluxQL queries for all meters at once, one series per serial:
 * <ul>
 *   <li>before: {@code SELECT import_kwh, export_kwh FROM readings WHERE time > b − lookback AND
 *       time <= b GROUP BY serial ORDER BY time DESC LIMIT 1}
 *   <li>after: the same over {@code time > b AND time <= b + lookahead}, {@code ORDER BY time ASC}
 * </ul>
 *
 * <p><b>Interval energy</b>: InfluxQL has no {@code lag()}, so the import register of up to
 * {@value #SERIALS_PER_QUERY} meters per query ({@code serial = … OR …}, sent in the POST body)
 * in {@code [start, end]} is read oldest first, one series per serial, and
 * {@link HourOfDayEnergy} pairs consecutive readings and sums them by local hour.
 *
 * <p>Every query is streamed ({@code chunked=true}, {@value #CHUNK_ROWS} rows a chunk), so neither
 * side holds more than one chunk of the answer besides the result map; this also keeps 1.x's
 * {@code max-row-limit} from truncating an answer. Queries run one after another on the
 * {@code parser} executor, each blocking one of its threads while it streams. What bounds a fleet
 * is InfluxDB's own memory for a group-by over every meter's series (see docs/timeseries.md).
 */
public final class InfluxDbRegisterBoundaries implements RegisterBoundaries, IntervalEnergy, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(InfluxDbRegisterBoundaries.class);

  /**
   * Meters per interval query. InfluxDB 1.6 takes time growing faster than linearly with the
   * length of an OR list (30,000 meters with 4 readings each: 1,000 serials a query took 1.1 s
   * per query, 25 s in all; 100 a query took 6 ms per query, about 4 s in all).
   */
  static final int SERIALS_PER_QUERY = 100;
  /** Rows per chunk of a streamed answer. */
  static final int CHUNK_ROWS = 10_000;

  private final InfluxDbHttp http;
  private final Executor parser;
  private final int chunkRows;
  private final int serialsPerQuery;

  /**
   * Connects lazily.
   *
   * @param settings the reading store's settings (database, retention policy, credentials)
   * @param timeout  for each query, headers to last row (billing reads whole fleets: allow minutes)
   * @param parser   where answers are streamed and parsed (a blocking-friendly pool, not a dispatcher)
   */
  public InfluxDbRegisterBoundaries(InfluxDbSettings settings, Duration timeout, Executor parser) {
    this(settings, timeout, parser, CHUNK_ROWS, SERIALS_PER_QUERY);
  }

  /** For tests: smaller chunks and queries exercise the same paths with little data. */
  InfluxDbRegisterBoundaries(InfluxDbSettings settings, Duration timeout, Executor parser, int chunkRows,
      int serialsPerQuery) {
    this.http = new InfluxDbHttp(Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(timeout, "timeout"));
    this.parser = Objects.requireNonNull(parser, "parser");
    if (chunkRows < 1 || serialsPerQuery < 1) {
      throw new IllegalArgumentException("chunkRows and serialsPerQuery must be >= 1");
    }
    this.chunkRows = chunkRows;
    this.serialsPerQuery = serialsPerQuery;
  }

  @Override
  public CompletionStage<Map<String, Bracket>> around(Instant boundary, Duration lookback, Duration lookahead) {
    String before;
    String after;
    try {
      before = InfluxQl.registersPerSerial(boundary.minus(lookback), boundary, true);
      after = InfluxQl.registersPerSerial(boundary, boundary.plus(lookahead), false);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return CompletableFuture.supplyAsync(() -> {
      Map<String, Register> beforeRows = new HashMap<>();
      Map<String, Register> afterRows = new HashMap<>();
      stream(before, registers(beforeRows::put));
      stream(after, registers(afterRows::put));
      Map<String, Bracket> out = new HashMap<>(Math.max(16, (beforeRows.size() + afterRows.size()) * 4 / 3));
      beforeRows.forEach((serial, r) -> out.put(serial, new Bracket(r, afterRows.get(serial))));
      afterRows.forEach((serial, r) -> out.putIfAbsent(serial, new Bracket(null, r)));
      log.debug("registers around {}: {} meters before, {} after", boundary, beforeRows.size(), afterRows.size());
      return out;
    }, parser);
  }

  @Override
  public CompletionStage<Map<String, double[]>> importByHourOfDay(Collection<String> serials, Instant start, Instant end,
      ZoneId zone, Duration maxInterval) {
    List<String> statements = new ArrayList<>();
    HourOfDayEnergy energy;
    try {
      energy = new HourOfDayEnergy(zone, maxInterval);
      for (List<String> chunk : chunks(new LinkedHashSet<>(serials), serialsPerQuery)) {
        statements.add(InfluxQl.importPerSerial(chunk, Objects.requireNonNull(start, "start"),
            Objects.requireNonNull(end, "end")));
      }
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (statements.isEmpty() || start.isAfter(end)) {
      return CompletableFuture.completedFuture(new HashMap<>());
    }
    return CompletableFuture.supplyAsync(() -> {
      for (String statement : statements) {
        stream(statement, series -> {
          String serial = serial(series, statement);
          for (JsonNode row : series.rows()) {
            JsonNode kwh = series.cell(row, "import_kwh");
            if (!kwh.isNull() && !kwh.isMissingNode()) {
              energy.reading(serial, series.cell(row, "time").asLong(), kwh.asDouble());
            }
          }
        });
      }
      return energy.sums();
    }, parser);
  }

  /** {@code serials} in lists of at most {@code size}, in order. */
  static List<List<String>> chunks(Collection<String> serials, int size) {
    List<List<String>> out = new ArrayList<>();
    List<String> chunk = new ArrayList<>(Math.min(size, serials.size()));
    for (String serial : serials) {
      if (chunk.size() == size) {
        out.add(chunk);
        chunk = new ArrayList<>(size);
      }
      chunk.add(serial);
    }
    if (!chunk.isEmpty()) {
      out.add(chunk);
    }
    return out;
  }

  /** Closes the HTTP client; queries in flight fail. */
  @Override
  public void close() {
    http.close();
  }

  private void stream(String statement, java.util.function.Consumer<Result> sink) {
    try {
      http.stream(statement, chunkRows, sink);
    } catch (IOException e) {
      throw new UncheckedIOException("reading InfluxDB answer failed [" + statement + "]", e);
    }
  }

  /** Each series' first row as a meter's register reading. */
  private static java.util.function.Consumer<Result> registers(BiConsumer<String, Register> sink) {
    return series -> {
      if (series.rows().isEmpty()) {
        return;
      }
      JsonNode row = series.rows().get(0);
      sink.accept(serial(series, "registers"), new Register(Instant.ofEpochMilli(series.cell(row, "time").asLong()),
          series.cell(row, "import_kwh").asDouble(), series.cell(row, "export_kwh").asDouble()));
    };
  }

  private static String serial(Result series, String what) {
    String serial = series.tags().get("serial");
    if (serial == null) {
      throw new InfluxDbException("InfluxDB answer without a serial tag [" + what + "]");
    }
    return serial;
  }
}
