package org.meterflow.timeseries.questdb;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to run the embedded QuestDB.
 *
 * @param root          QuestDB's root directory (holds {@code conf/}, {@code db/}, {@code public/});
 *                      created if absent
 * @param host          the address the HTTP server binds to, normally {@code 127.0.0.1}
 * @param httpPort      the HTTP port (REST {@code /exec}, ILP {@code /api/v2/write}, web console);
 *                      0 lets the OS pick one, see {@link EmbeddedQuestDb#httpPort()}
 * @param ramLimitBytes cap on QuestDB's native memory ({@code ram.usage.limit.bytes})
 */
public record QuestDbSettings(Path root, String host, int httpPort, long ramLimitBytes) {

  /** Loopback only: the embedded store is not meant to be reached from other machines. */
  public static final String LOOPBACK = "127.0.0.1";

  /** 512 MiB: enough for a single-box deployment, leaves room for the JVM heap on a small machine. */
  public static final long DEFAULT_RAM_LIMIT_BYTES = 512L * 1024 * 1024;

  public QuestDbSettings {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (httpPort < 0 || httpPort > 65_535) {
      throw new IllegalArgumentException("httpPort out of range: " + httpPort);
    }
    if (ramLimitBytes <= 0) {
      throw new IllegalArgumentException("ramLimitBytes must be positive: " + ramLimitBytes);
    }
  }

  /** Loopback on {@code httpPort} with the default RAM cap. */
  public static QuestDbSettings loopback(Path root, int httpPort) {
    return new QuestDbSettings(root, LOOPBACK, httpPort, DEFAULT_RAM_LIMIT_BYTES);
  }
}
