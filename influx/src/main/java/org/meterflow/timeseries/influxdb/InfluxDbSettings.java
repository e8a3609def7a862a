package org.meterflow.timeseries.influxdb;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and how {@link InfluxDbReadingStore} reaches an InfluxDB server.
 *
 * <p><b>Version 2</b> (InfluxDB 2.x, 3.x, Cloud): writes go to {@code /api/v2/write} with
 * {@code org}, {@code bucket} and {@code token}. Queries are InfluxQL on {@code /query} against
 * {@code database} (default: the bucket name, which InfluxDB 2.x maps to the bucket through its
 * virtual DBRP mapping, and which is the database name on 3.x) and {@code retentionPolicy}.
 *
 * <p><b>Version 1</b> (InfluxDB 1.x, which has no {@code /api/v2/write} before 1.8): writes go to
 * {@code /write?db=&rp=}, queries to {@code /query?db=&rp=}; {@code user}/{@code password}, when
 * set, are sent as HTTP Basic credentials (what 1.x accepts; the {@code Token} scheme came in 1.8).
 *
 * @param url                base URL, e.g. {@code http://127.0.0.1:8086}
 * @param version            1 or 2 (2 also serves 3.x)
 * @param org                version 2: the organisation (InfluxDB 3 ignores it)
 * @param bucket             version 2: the bucket written to
 * @param token              version 2: the API token (may be empty where auth is off)
 * @param database           the InfluxQL database; version 1: written to as well. Empty with
 *                           version 2 means the bucket name
 * @param retentionPolicy    the retention policy written to and queried; empty = the database's default
 * @param user               version 1: user name, empty = no authentication
 * @param password           version 1: password
 * @param createDatabase     version 1: {@code CREATE DATABASE} at start (idempotent; needs admin
 *                           rights when auth is on). Version 2 buckets are created by the operator
 * @param writeTimeout       how long one batch write may take before its stage fails
 * @param queryTimeout       how long one InfluxQL query may take
 * @param writeThreads       concurrent HTTP writes in flight
 * @param writeQueueCapacity batches waiting for a writer; beyond it {@code write} fails at once
 *                           (back-pressure: the readings stay un-acked and are redelivered)
 */
public record InfluxDbSettings(
    String url,
    int version,
    String org,
    String bucket,
    String token,
    String database,
    String retentionPolicy,
    String user,
    String password,
    boolean createDatabase,
    Duration writeTimeout,
    Duration queryTimeout,
    int writeThreads,
    int writeQueueCapacity) {

  /** Database, retention-policy, bucket and org names this adapter puts into URLs and InfluxQL. */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

  public InfluxDbSettings {
    Objects.requireNonNull(url, "url");
    org = Objects.requireNonNullElse(org, "");
    bucket = Objects.requireNonNullElse(bucket, "");
    token = Objects.requireNonNullElse(token, "");
    database = Objects.requireNonNullElse(database, "");
    retentionPolicy = Objects.requireNonNullElse(retentionPolicy, "");
    user = Objects.requireNonNullElse(user, "");
    password = Objects.requireNonNullElse(password, "");
    Objects.requireNonNull(writeTimeout, "writeTimeout");
    Objects.requireNonNull(queryTimeout, "queryTimeout");
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      throw new IllegalArgumentException("influxdb.url must be an http(s) URL: '" + url + "'");
    }
    if (version != 1 && version != 2) {
      throw new IllegalArgumentException("influxdb.version must be 1 or 2 (2 also serves 3.x): " + version);
    }
    if (version == 1) {
      requireName("database", database);
    } else {
      requireName("org", org);
      requireName("bucket", bucket);
      if (!database.isEmpty()) {
        requireName("database", database);
      }
    }
    if (!retentionPolicy.isEmpty()) {
      requireName("retention-policy", retentionPolicy);
    }
    if (writeTimeout.isNegative() || writeTimeout.isZero() || queryTimeout.isNegative() || queryTimeout.isZero()) {
      throw new IllegalArgumentException("influxdb write-timeout and query-timeout must be positive");
    }
    if (writeThreads < 1 || writeQueueCapacity < 1) {
      throw new IllegalArgumentException("influxdb write-threads and write-queue must be >= 1");
    }
  }

  /** InfluxDB 1.x at {@code url}, database {@code database}, no auth, default retention policy. */
  public static InfluxDbSettings v1(String url, String database) {
    return new InfluxDbSettings(url, 1, "", "", "", database, "", "", "", true,
        Duration.ofSeconds(10), Duration.ofSeconds(10), 2, 64);
  }

  /** The database InfluxQL queries run against. */
  public String queryDatabase() {
    return database.isEmpty() ? bucket : database;
  }

  private static void requireName(String key, String value) {
    if (!NAME.matcher(value).matches()) {
      throw new IllegalArgumentException("influxdb." + key + " must match " + NAME.pattern() + ": '" + value + "'");
    }
  }

  /** Secrets masked: settings get logged. */
  @Override
  public String toString() {
    return "InfluxDbSettings[url=" + url + ", version=" + version + ", org=" + org + ", bucket=" + bucket
        + ", token=" + (token.isEmpty() ? "" : "***") + ", database=" + database + ", retentionPolicy="
        + retentionPolicy + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "***")
        + ", createDatabase=" + createDatabase + ", writeTimeout=" + writeTimeout + ", queryTimeout="
        + queryTimeout + ", writeThreads=" + writeThreads + ", writeQueueCapacity=" + writeQueueCapacity + "]";
  }
}
