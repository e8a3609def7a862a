package org.meterflow.mysql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.Locale;

/**
 * The relational databases MeterFlow runs on, told apart by their JDBC URL alone: the embedded H2
 * file (MySQL mode) and MySQL 8 / MariaDB 10.11, both through the MariaDB driver that ships in the
 * jar. One URL picks the driver, the pool and the journal's Slick profile, so there are no separate
 * driver settings to get wrong.
 */
public final class SqlDatabase {

  private SqlDatabase() {}

  /** Which SQL the URL's server speaks, and the classes that speak it. */
  public enum Dialect {
    H2("slick.jdbc.H2Profile$", "org.h2.Driver"),
    MYSQL("slick.jdbc.MySQLProfile$", "org.mariadb.jdbc.Driver");

    private final String slickProfile;
    private final String driverClass;

    Dialect(String slickProfile, String driverClass) {
      this.slickProfile = slickProfile;
      this.driverClass = driverClass;
    }

    public String slickProfile() {
      return slickProfile;
    }

    public String driverClass() {
      return driverClass;
    }

    /** The dialect of {@code jdbcUrl}; a clear error for anything but H2, MySQL and MariaDB. */
    public static Dialect of(String jdbcUrl) {
      String url = jdbcUrl.toLowerCase(Locale.ROOT);
      if (url.startsWith("jdbc:h2:")) {
        return H2;
      }
      if (url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:")) {
        return MYSQL;
      }
      throw new IllegalArgumentException("unsupported database URL '" + redact(jdbcUrl)
          + "': use jdbc:mysql://host:port/db, jdbc:mariadb://host:port/db or jdbc:h2:file:/path");
    }
  }

  /**
   * The URL handed to the driver: {@code jdbc:mysql:} becomes {@code jdbc:mariadb:} (MariaDB's
   * driver speaks to MySQL 8 as well, but takes the mysql scheme only by an explicit option).
   */
  public static String driverUrl(String jdbcUrl) {
    return jdbcUrl.regionMatches(true, 0, "jdbc:mysql:", 0, "jdbc:mysql:".length())
        ? "jdbc:mariadb:" + jdbcUrl.substring("jdbc:mysql:".length())
        : jdbcUrl;
  }

  /**
   * A connection pool on {@code jdbcUrl}. It opens one connection before it returns, and fails
   * after {@code connectTimeout} if the server cannot be reached or refuses the login, so a wrong
   * URL is found at start, not at the first request.
   */
  public static HikariDataSource pool(String name, String jdbcUrl, String user, String password, int maxConnections,
      Duration connectTimeout) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setJdbcUrl(driverUrl(jdbcUrl));
    config.setDriverClassName(Dialect.of(jdbcUrl).driverClass());
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(maxConnections);
    config.setMinimumIdle(1);
    long timeoutMs = Math.max(250, connectTimeout.toMillis());
    config.setConnectionTimeout(timeoutMs);
    config.setInitializationFailTimeout(timeoutMs);
    return new HikariDataSource(config);
  }

  /** {@code jdbcUrl} without a password given in its query string, for messages and logs. */
  public static String redact(String jdbcUrl) {
    return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }
}
