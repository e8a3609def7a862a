package org.meterflow.timeseries.questdb;

import io.questdb.Bootstrap;
import io.questdb.PropBootstrapConfiguration;
import io.questdb.ServerMain;
import io.questdb.cairo.CairoEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * QuestDB running inside this JVM: the zero-setup time-series store of a single-box MeterFlow.
 *
 * <p>Only the HTTP server is opened (REST {@code /exec}, InfluxDB line protocol over HTTP on
 * {@code /api/v2/write}, web console), bound to {@link QuestDbSettings#host()}. PostgreSQL wire,
 * line protocol over TCP and UDP, the "min" health server, telemetry and the HTTP query cache are
 * switched off; worker pools are sized for a 2-core machine; native memory is capped, and each HTTP
 * connection's buffers are small (docs/timeseries.md, "Memory of the embedded store").
 *
 * <p>Configuration goes through QuestDB's own mechanism: {@code QDB_*} environment entries handed
 * to {@link Bootstrap} (each equals a {@code server.conf} key, e.g. {@code QDB_HTTP_BIND_TO} is
 * {@code http.bind.to}). The process environment is read too, so an operator can tune any other
 * QuestDB key with a {@code QDB_*} variable; the settings made here win over it. QuestDB's own
 * log goes to stdout through {@code ROOT/conf/log.conf}, which is written (errors only) when
 * absent and may be edited.
 *
 * <pre>{@code
 * try (EmbeddedQuestDb db = EmbeddedQuestDb.start(QuestDbSettings.loopback(dir, EmbeddedQuestDb.freePort()))) {
 *   ... new QuestDbReadingStore(db.httpUrl(), QuestDbStoreSettings.defaults()) ...
 * }
 * }</pre>
 */
public final class EmbeddedQuestDb implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedQuestDb.class);

  /** Errors only: QuestDB logs every query at INFO, and ~25 advisory lines at each start. */
  private static final String QUIET_LOG_CONF =
      "# Written by MeterFlow when absent. Levels: DEBUG, INFO, ERROR, CRITICAL, ADVISORY.\n"
          + "writers=stdout\n"
          + "w.stdout.class=io.questdb.log.LogConsoleWriter\n"
          + "w.stdout.level=ERROR,CRITICAL\n";

  /** QuestDB's send and receive buffer per HTTP connection (its default: 2 MB each). */
  static final int HTTP_BUFFER_BYTES = 64 * 1024;

  private final QuestDbSettings settings;
  private final ServerMain server;
  private final int httpPort;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedQuestDb(QuestDbSettings settings, ServerMain server, int httpPort) {
    this.settings = settings;
    this.server = server;
    this.httpPort = httpPort;
  }

  /**
   * Starts QuestDB and returns once its HTTP server accepts connections.
   *
   * @throws IllegalStateException if QuestDB cannot start (e.g. the port is taken or another
   *     QuestDB already holds {@code root})
   */
  public static EmbeddedQuestDb start(QuestDbSettings settings) {
    Objects.requireNonNull(settings, "settings");
    Path root = settings.root().toAbsolutePath();
    prepareRoot(root);
    Map<String, String> env = environment(settings);
    long startedNanos = System.nanoTime();
    ServerMain server = null;
    try {
      // "-n": do not install a SIGHUP handler in the host JVM (QuestDB's own launcher does).
      Bootstrap bootstrap = new Bootstrap(new EnvBootstrapConfiguration(env), "-d", root.toString(), "-n");
      server = new ServerMain(bootstrap);
      server.start(); // start(false): no JVM shutdown hook, our owner closes us
      int port = server.getHttpServerPort();
      log.info(
          "QuestDB started in {} ms: http://{}:{} root={} ramLimit={} MiB",
          (System.nanoTime() - startedNanos) / 1_000_000,
          settings.host(),
          port,
          root,
          settings.ramLimitBytes() / (1024 * 1024));
      return new EmbeddedQuestDb(settings, server, port);
    } catch (RuntimeException e) {
      if (server != null) {
        server.close();
      }
      throw new IllegalStateException("QuestDB failed to start in " + root, e);
    }
  }

  /**
   * The {@code QDB_*} settings that make QuestDB an embedded, loopback-only, small-footprint store.
   * Exposed for documentation and tests; {@link #start} applies them over the process environment.
   */
  public static Map<String, String> environment(QuestDbSettings settings) {
    Map<String, String> env = new HashMap<>();
    env.put("QDB_HTTP_ENABLED", "true");
    env.put("QDB_HTTP_BIND_TO", settings.host() + ":" + settings.httpPort());
    env.put("QDB_LINE_HTTP_ENABLED", "true"); // ILP over HTTP: /write and /api/v2/write
    env.put("QDB_HTTP_MIN_ENABLED", "false"); // health server, would bind a fixed port (9003)
    env.put("QDB_PG_ENABLED", "false");
    env.put("QDB_LINE_TCP_ENABLED", "false");
    env.put("QDB_LINE_UDP_ENABLED", "false");
    env.put("QDB_TELEMETRY_ENABLED", "false");
    env.put("QDB_TELEMETRY_DISABLE_COMPLETELY", "true");
    env.put("QDB_METRICS_ENABLED", "false");
    env.put("QDB_RAM_USAGE_LIMIT_BYTES", Long.toString(settings.ramLimitBytes()));
    // No HTTP query cache. It keeps each compiled SELECT, keyed by its SQL text, with the native
    // buffers of its last run (~3 MB for a SAMPLE BY, NATIVE_OFFLOAD), up to 32 x 4 entries.
    // MeterFlow's queries carry their time bounds in the text (QuestDB's /exec and /exp take no
    // bind variables), so an entry is never used again: measured, 300 distinct range queries kept
    // 360 MB until the RAM cap failed every query; with the cache off, 9 KB (docs/timeseries.md).
    env.put("QDB_HTTP_QUERY_CACHE_ENABLED", "false");
    // Each open HTTP connection holds a send and a receive buffer of native memory, 2 MB each by
    // default, for as long as the client keeps it alive: measured, a burst of 32 concurrent queries
    // left 146 MB behind, so ~120 would fill the RAM cap. 64 KB each: ~0.15 MB per connection, and
    // neither line-protocol batches of 5,000 readings nor 2,880-row answers got slower.
    env.put("QDB_HTTP_SEND_BUFFER_SIZE", Integer.toString(HTTP_BUFFER_BYTES));
    env.put("QDB_HTTP_RECV_BUFFER_SIZE", Integer.toString(HTTP_BUFFER_BYTES));
    // Worker pools for a 2-core box that also runs the broker, the actors and the HTTP API.
    env.put("QDB_SHARED_WORKER_COUNT", "2");
    env.put("QDB_SHARED_NETWORK_WORKER_COUNT", "2");
    env.put("QDB_SHARED_QUERY_WORKER_COUNT", "1");
    env.put("QDB_SHARED_WRITE_WORKER_COUNT", "1");
    env.put("QDB_WAL_APPLY_WORKER_COUNT", "1");
    env.put("QDB_MAT_VIEW_REFRESH_WORKER_COUNT", "1");
    env.put("QDB_VIEW_COMPILER_WORKER_COUNT", "1");
    env.put("QDB_EXPORT_WORKER_COUNT", "1");
    return Collections.unmodifiableMap(env);
  }

  /**
   * A port that was free on 127.0.0.1 a moment ago (bound to port 0, then released). Another
   * process may take it before QuestDB binds it; callers that cannot retry may pass port 0 to
   * {@link QuestDbSettings} instead and read {@link #httpPort()}.
   */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(QuestDbSettings.LOOPBACK))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    }
  }

  /** The base URL of the HTTP server, e.g. {@code http://127.0.0.1:9000} (no trailing slash). */
  public String httpUrl() {
    String host = settings.host();
    String literal = host.indexOf(':') >= 0 ? "[" + host + "]" : host; // IPv6 literal
    return "http://" + literal + ":" + httpPort;
  }

  /** The port the HTTP server listens on (the OS-assigned one if the settings said 0). */
  public int httpPort() {
    return httpPort;
  }

  public QuestDbSettings settings() {
    return settings;
  }

  /**
   * QuestDB's storage engine, for writing rows without a network hop ({@link WalReadingAppender}).
   * Valid until {@link #close()}; after that, taking a writer from it fails.
   */
  public CairoEngine engine() {
    return server.getEngine();
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed.get();
  }

  /** Stops the servers and workers and releases the tables; idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      server.close();
      log.info("QuestDB stopped: root={}", settings.root());
    }
  }

  private static void prepareRoot(Path root) {
    try {
      Path conf = Files.createDirectories(root.resolve("conf"));
      Path logConf = conf.resolve("log.conf");
      if (Files.notExists(logConf)) {
        Files.writeString(logConf, QUIET_LOG_CONF, StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare QuestDB root " + root, e);
    }
  }

  /** Hands QuestDB the process environment overlaid with ours. */
  private static final class EnvBootstrapConfiguration extends PropBootstrapConfiguration {
    private final Map<String, String> env;

    EnvBootstrapConfiguration(Map<String, String> overrides) {
      Map<String, String> merged = new HashMap<>(System.getenv());
      merged.putAll(overrides);
      this.env = Collections.unmodifiableMap(merged);
    }

    @Override
    public Map<String, String> getEnv() {
      return env;
    }
  }
}
