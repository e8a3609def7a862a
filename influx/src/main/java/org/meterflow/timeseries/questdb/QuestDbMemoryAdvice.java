package org.meterflow.timeseries.questdb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the server settings of a QuestDB that decide whether MeterFlow's queries make its native
 * memory grow (docs/timeseries.md, "Memory of the embedded store"). The embedded QuestDB is set up
 * right ({@link EmbeddedQuestDb#environment}); an external one is configured by its operator, so
 * at start the stores read its settings ({@code SHOW PARAMETERS}) and log a warning per setting to
 * change, once per server. A server that cannot answer (older QuestDB, no permission) is not checked.
 */
final class QuestDbMemoryAdvice {

  private static final Logger log = LoggerFactory.getLogger(QuestDbMemoryAdvice.class);

  static final String CACHE = "http.query.cache.enabled";
  static final String SEND_BUFFER = "http.send.buffer.size";
  static final String RECV_BUFFER = "http.recv.buffer.size";
  /** Above this per HTTP connection (send + receive buffer), a warning: QuestDB's default is 4 MB. */
  static final long MAX_BUFFERS_PER_CONNECTION = 1L << 20;

  static final String QUERY = "SELECT property_path, value FROM (SHOW PARAMETERS) WHERE property_path IN ('"
      + CACHE + "', '" + SEND_BUFFER + "', '" + RECV_BUFFER + "')";

  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

  private QuestDbMemoryAdvice() {}

  /** What to change in {@code settings} (property path to value), as sentences; empty if nothing. */
  static List<String> advice(Map<String, String> settings) {
    List<String> out = new ArrayList<>();
    if ("true".equalsIgnoreCase(settings.get(CACHE))) {
      out.add("QuestDB keeps a compiled query per distinct SQL text with its native buffers (" + CACHE + "=true);"
          + " every MeterFlow query has its own time bounds, so this only fills its memory (~3 MB per query on"
          + " a million readings) until queries fail with 'global RSS memory limit exceeded': set " + CACHE
          + "=false (QDB_HTTP_QUERY_CACHE_ENABLED=false)");
    }
    long perConnection = bytes(settings.get(SEND_BUFFER)) + bytes(settings.get(RECV_BUFFER));
    if (perConnection > MAX_BUFFERS_PER_CONNECTION) {
      out.add("each open HTTP connection holds " + (perConnection >> 10) + " KiB of QuestDB native memory ("
          + SEND_BUFFER + " + " + RECV_BUFFER + "); set both to 65536 (QDB_HTTP_SEND_BUFFER_SIZE,"
          + " QDB_HTTP_RECV_BUFFER_SIZE), or size ram.usage.limit.bytes for every connection its clients keep open");
    }
    return out;
  }

  /** The server's values of the settings checked here (property path to value). */
  static CompletionStage<Map<String, String>> settings(QuestDbExec exec) {
    return exec.query(QUERY).thenApply(result -> {
      Map<String, String> settings = new HashMap<>();
      for (JsonNode row : result.rows()) {
        settings.put(result.cell(row, "property_path").asText(), result.cell(row, "value").asText());
      }
      return settings;
    });
  }

  /** Reads the server's settings and logs a warning for each one to change; never fails. */
  static CompletionStage<Void> check(QuestDbExec exec, String httpUrl) {
    return settings(exec).handle((settings, error) -> {
      if (error != null) {
        log.debug("cannot read the settings of QuestDB at {}: {}", httpUrl, error.toString());
        return null;
      }
      List<String> advice = advice(settings);
      if (!advice.isEmpty() && WARNED.add(httpUrl)) {
        advice.forEach(a -> log.warn("QuestDB at {}: {} (docs/timeseries.md, 'Memory of the embedded store')", httpUrl, a));
      }
      return null;
    });
  }

  private static long bytes(String value) {
    try {
      return value == null ? 0 : Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
