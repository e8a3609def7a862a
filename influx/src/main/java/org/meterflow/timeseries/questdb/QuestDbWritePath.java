package org.meterflow.timeseries.questdb;

import java.util.Locale;

/**
 * How {@link QuestDbReadingStore} puts readings into an <em>embedded</em> QuestDB
 * ({@code meterflow.questdb.write-path}). An external QuestDB (by URL) is always written with line
 * protocol over HTTP: there is no other way in from another process.
 */
public enum QuestDbWritePath {

  /**
   * Rows appended through QuestDB's own WAL writer in this JVM ({@link WalReadingAppender}): no
   * text, no HTTP, no parsing. The default.
   */
  WAL("wal"),

  /** InfluxDB line protocol posted to the embedded server's {@code /api/v2/write}, as for an external one. */
  LINE_PROTOCOL("line-protocol");

  private final String configValue;

  QuestDbWritePath(String configValue) {
    this.configValue = configValue;
  }

  /** The spelling in configuration: {@code wal} or {@code line-protocol}. */
  public String configValue() {
    return configValue;
  }

  /**
   * Reads {@code wal} or {@code line-protocol} (case and surrounding blanks ignored).
   *
   * @throws IllegalArgumentException for anything else, naming the accepted values
   */
  public static QuestDbWritePath parse(String text) {
    String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    for (QuestDbWritePath path : values()) {
      if (path.configValue.equals(value)) {
        return path;
      }
    }
    throw new IllegalArgumentException(
        "meterflow.questdb.write-path must be wal or line-protocol: '" + text + "'");
  }
}
