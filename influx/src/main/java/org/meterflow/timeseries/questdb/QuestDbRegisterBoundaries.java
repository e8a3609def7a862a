package org.meterflow.timeseries.questdb;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.time.ZoneId;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import org.meterflow.model.port.IntervalEnergy;
import org.meterflow.model.port.RegisterBoundaries;

/**
 * {@link RegisterBoundaries} on QuestDB: two queries per boundary for all meters at once, streamed
 * as CSV from {@code /exp} (a million rows are ~40 MB, parsed as they arrive), one export at a time:
 * <ul>
 *   <li>before: {@code … WHERE ts > boundary − lookback AND ts <= boundary LATEST ON ts PARTITION BY serial}
 *   <li>after: {@code SELECT serial, first(ts), first(import_kwh), first(export_kwh) … WHERE ts > boundary
 *       AND ts <= boundary + lookahead} (keyed by serial)
 * </ul>
 *
 * <p>Interval energy for time-of-day tariffs ({@link IntervalEnergy}): one query per
 * {@value #SERIALS_PER_QUERY} meters (fewer for long serials), each interval between consecutive readings ({@code lag()}
 * over the meter's readings) summed by the local hour of its start:
 * {@code SELECT serial, hour(to_timezone(pts, zone)) h, sum(import_kwh - pkwh) … GROUP BY serial, h},
 * at most 24 rows per meter whatever the reading rate.
 */
public final class QuestDbRegisterBoundaries implements RegisterBoundaries, IntervalEnergy {

  /** At most this many serials per interval query (the list travels in the URL) ... */
  static final int SERIALS_PER_QUERY = 1000;
  /** ... and at most this many characters of them, so long serials keep the URL within QuestDB's header buffer. */
  static final int SERIAL_CHARS_PER_QUERY = 12_000;

  private final URI expUri;
  private final HttpClient http;
  private final Duration timeout;
  private final Executor parser;
  /** The last export queued: exports run one at a time (QuestDB allows few export connections). */
  private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

  /**
   * @param httpUrl QuestDB's HTTP base URL
   * @param timeout for each query, headers to last row
   * @param parser where the CSV answers are parsed (a blocking-friendly pool, not a dispatcher)
   */
  public QuestDbRegisterBoundaries(String httpUrl, Duration timeout, Executor parser) {
    this.expUri = URI.create(QuestDbExec.stripTrailingSlash(Objects.requireNonNull(httpUrl, "httpUrl")) + "/exp");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.parser = Objects.requireNonNull(parser, "parser");
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
  }

  @Override
  public CompletionStage<Map<String, Bracket>> around(Instant boundary, Duration lookback, Duration lookahead) {
    String b = ReadingSql.timestamp(boundary);
    String before = "SELECT serial, ts, import_kwh, export_kwh FROM " + ReadingSql.TABLE
        + " WHERE ts > '" + ReadingSql.timestamp(boundary.minus(lookback)) + "' AND ts <= '" + b + "'"
        + " LATEST ON ts PARTITION BY serial";
    String after = "SELECT serial, first(ts) ts, first(import_kwh) import_kwh, first(export_kwh) export_kwh FROM "
        + ReadingSql.TABLE + " WHERE ts > '" + b + "' AND ts <= '" + ReadingSql.timestamp(boundary.plus(lookahead)) + "'";
    Map<String, Register> beforeRows = new HashMap<>();
    Map<String, Register> afterRows = new HashMap<>();
    CompletableFuture<Void> q1 = export(before, registers(before, beforeRows::put));
    CompletableFuture<Void> q2 = export(after, registers(after, afterRows::put));
    return q1.thenCombineAsync(q2, (x, y) -> {
      Map<String, Bracket> out = new HashMap<>(Math.max(16, (beforeRows.size() + afterRows.size()) * 4 / 3));
      beforeRows.forEach((serial, r) -> out.put(serial, new Bracket(r, afterRows.get(serial))));
      afterRows.forEach((serial, r) -> out.putIfAbsent(serial, new Bracket(null, r)));
      return out;
    }, parser);
  }

  @Override
  public CompletionStage<Map<String, double[]>> importByHourOfDay(Collection<String> serials, Instant start, Instant end,
      ZoneId zone, Duration maxInterval) {
    Map<String, double[]> out = new ConcurrentHashMap<>();
    List<CompletableFuture<Void>> queries = new ArrayList<>();
    for (List<String> chunk : chunks(serials)) {
      String sql = hourOfDaySql(chunk, start, end, zone, maxInterval);
      queries.add(export(sql, line -> {
        int c1 = line.indexOf(',');
        int c2 = line.indexOf(',', c1 + 1);
        if (c1 < 0 || c2 < 0) {
          throw new QuestDbException("unexpected CSV row from QuestDB: " + line + " [sql: " + sql + "]");
        }
        String h = unquote(line.substring(c1 + 1, c2));
        if (h.isEmpty() || h.equalsIgnoreCase("null")) {
          return;
        }
        out.computeIfAbsent(unquote(line.substring(0, c1)), k -> new double[24])[Integer.parseInt(h)] +=
            number(line.substring(c2 + 1));
      }));
    }
    return CompletableFuture.allOf(queries.toArray(new CompletableFuture[0])).thenApplyAsync(x -> (Map<String, double[]>) out, parser);
  }

  /** {@code serials} in chunks of at most {@link #SERIALS_PER_QUERY} and {@link #SERIAL_CHARS_PER_QUERY}. */
  static List<List<String>> chunks(Collection<String> serials) {
    List<List<String>> out = new ArrayList<>();
    List<String> chunk = new ArrayList<>();
    int chars = 0;
    for (String serial : serials) {
      if (!chunk.isEmpty() && (chunk.size() >= SERIALS_PER_QUERY || chars + serial.length() + 4 > SERIAL_CHARS_PER_QUERY)) {
        out.add(chunk);
        chunk = new ArrayList<>();
        chars = 0;
      }
      chunk.add(serial);
      chars += serial.length() + 4;
    }
    if (!chunk.isEmpty()) {
      out.add(chunk);
    }
    return out;
  }

  /** The interval query for {@code serials} (quoted; a quote in a serial is doubled). */
  static String hourOfDaySql(List<String> serials, Instant start, Instant end, ZoneId zone, Duration maxInterval) {
    StringBuilder in = new StringBuilder(serials.size() * 14);
    for (String serial : serials) {
      in.append(in.isEmpty() ? "'" : ", '").append(serial.replace("'", "''")).append('\'');
    }
    String tz = zone instanceof java.time.ZoneOffset o && o.getTotalSeconds() == 0 ? "UTC" : zone.getId();
    return "SELECT serial, hour(to_timezone(pts, '" + tz.replace("'", "''") + "')) h, sum(import_kwh - pkwh) kwh FROM ("
        + "SELECT serial, ts, import_kwh, lag(import_kwh) OVER (PARTITION BY serial ORDER BY ts) pkwh,"
        + " lag(ts) OVER (PARTITION BY serial ORDER BY ts) pts FROM " + ReadingSql.TABLE
        + " WHERE ts >= '" + ReadingSql.timestamp(start) + "' AND ts <= '" + ReadingSql.timestamp(end) + "'"
        + " AND serial IN (" + in + ")) WHERE pts IS NOT NULL AND datediff('s', pts, ts) <= " + maxInterval.toSeconds()
        + " GROUP BY serial, h";
  }

  /** Parses rows of (serial, ts, import, export) into {@code sink}. */
  private static java.util.function.Consumer<String> registers(String sql, BiConsumer<String, Register> sink) {
    return line -> {
      int c1 = line.indexOf(',');
      int c2 = line.indexOf(',', c1 + 1);
      int c3 = line.indexOf(',', c2 + 1);
      if (c1 < 0 || c2 < 0 || c3 < 0) {
        throw new QuestDbException("unexpected CSV row from QuestDB: " + line + " [sql: " + sql + "]");
      }
      String serial = unquote(line.substring(0, c1));
      Instant ts = timestamp(unquote(line.substring(c1 + 1, c2)));
      double imp = number(line.substring(c2 + 1, c3));
      double exp = number(line.substring(c3 + 1));
      sink.accept(serial, new Register(ts, imp, exp));
    };
  }

  /**
   * Runs {@code sql} on /exp after the exports queued before it, and hands each data row (CSV
   * line) to {@code sink} on the parser pool.
   */
  private synchronized CompletableFuture<Void> export(String sql, java.util.function.Consumer<String> sink) {
    CompletableFuture<Void> next = tail.handle((x, e) -> null).thenComposeAsync(x -> exportNow(sql, sink), parser);
    tail = next;
    return next;
  }

  private CompletableFuture<Void> exportNow(String sql, java.util.function.Consumer<String> sink) {
    String encoded = URLEncoder.encode(sql, StandardCharsets.UTF_8).replace("+", "%20");
    HttpRequest request = HttpRequest.newBuilder(URI.create(expUri + "?query=" + encoded))
        .timeout(timeout).header("Accept", "text/csv").GET().build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
        .thenAcceptAsync(response -> parse(sql, response, sink), parser);
  }

  private static void parse(String sql, HttpResponse<InputStream> response, java.util.function.Consumer<String> sink) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8), 1 << 16)) {
      if (response.statusCode() != 200) {
        StringBuilder body = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null && body.length() < 2000) {
          body.append(line);
        }
        throw new QuestDbException("QuestDB HTTP " + response.statusCode() + ": " + body + " [sql: " + sql + "]");
      }
      String header = in.readLine();
      if (header == null) {
        return;
      }
      String line;
      while ((line = in.readLine()) != null) {
        if (!line.isEmpty()) {
          sink.accept(line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading QuestDB export failed [sql: " + sql + "]", e);
    }
  }

  /**
   * QuestDB's {@code 2026-10-01T00:05:00.000000Z} without the formatter machinery (a million rows
   * per query); anything else goes through {@link Instant#parse}.
   */
  static Instant timestamp(String s) {
    int n = s.length();
    if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
        || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z' || (n > 20 && s.charAt(19) != '.')) {
      return Instant.parse(s);
    }
    try {
      long seconds = java.time.LocalDateTime.of(digits(s, 0, 4), digits(s, 5, 7), digits(s, 8, 10), digits(s, 11, 13),
          digits(s, 14, 16), digits(s, 17, 19)).toEpochSecond(java.time.ZoneOffset.UTC);
      int nanos = 0;
      int scale = 100_000_000;
      for (int i = 20; i < n - 1; i++) {
        nanos += digit(s, i) * scale;
        scale /= 10;
      }
      return n - 1 - 20 > 9 ? Instant.parse(s) : Instant.ofEpochSecond(seconds, nanos);
    } catch (NumberFormatException | java.time.DateTimeException e) {
      return Instant.parse(s);
    }
  }

  private static int digits(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      v = v * 10 + digit(s, i);
    }
    return v;
  }

  private static int digit(String s, int i) {
    char c = s.charAt(i);
    if (c < '0' || c > '9') {
      throw new NumberFormatException("not a digit in " + s);
    }
    return c - '0';
  }

  private static String unquote(String s) {
    return s.length() >= 2 && s.charAt(0) == '"' && s.charAt(s.length() - 1) == '"' ? s.substring(1, s.length() - 1) : s;
  }

  private static double number(String s) {
    String v = unquote(s);
    return v.isEmpty() || v.equalsIgnoreCase("null") ? 0.0 : Double.parseDouble(v);
  }
}
