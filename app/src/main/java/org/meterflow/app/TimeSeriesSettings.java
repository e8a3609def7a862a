package org.meterflow.app;

import com.typesafe.config.Config;
import java.util.Locale;
import org.meterflow.timeseries.influxdb.InfluxDbSettings;

/**
 * The {@code meterflow.timeseries} block: which time-series store the platform writes readings to.
 * {@code questdb} (the default) is configured by the {@code meterflow.questdb} block (embedded, or
 * external by URL); {@code influxdb} by {@code meterflow.timeseries.influxdb}.
 */
public record TimeSeriesSettings(Kind kind, InfluxDbSettings influxdb) {

  public enum Kind { QUESTDB, INFLUXDB }

  /** Reads the block; the influxdb sub-block is validated only when it is the selected kind. */
  public static TimeSeriesSettings fromConfig(Config c) {
    String kindText = c.getString("kind").trim().toUpperCase(Locale.ROOT);
    Kind kind;
    try {
      kind = Kind.valueOf(kindText);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("meterflow.timeseries.kind must be questdb or influxdb: '" + c.getString("kind") + "'");
    }
    return new TimeSeriesSettings(kind, kind == Kind.INFLUXDB ? influxDb(c.getConfig("influxdb")) : null);
  }

  static InfluxDbSettings influxDb(Config c) {
    int version = c.getInt("version");
    String bucket = c.getString("bucket");
    String database = c.getString("database");
    return new InfluxDbSettings(
        c.getString("url"),
        version,
        c.getString("org"),
        bucket,
        c.getString("token"),
        version == 1 && database.isEmpty() ? bucket : database,
        c.getString("retention-policy"),
        c.getString("user"),
        c.getString("password"),
        c.getBoolean("create-database"),
        c.getDuration("write-timeout"),
        c.getDuration("query-timeout"),
        c.getInt("write-threads"),
        c.getInt("write-queue"));
  }
}
