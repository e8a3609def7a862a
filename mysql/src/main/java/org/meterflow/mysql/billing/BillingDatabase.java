package org.meterflow.mysql.billing;

import io.asyncer.r2dbc.mysql.MySqlConnectionConfiguration;
import io.asyncer.r2dbc.mysql.MySqlConnectionFactory;
import io.r2dbc.h2.H2ConnectionConfiguration;
import io.r2dbc.h2.H2ConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import java.net.URI;
import java.time.Duration;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The R2DBC connection factory for the registry's JDBC URL: {@code jdbc:h2:…} (embedded, MySQL
 * mode) through r2dbc-h2, {@code jdbc:mysql://…} or {@code jdbc:mariadb://…} through r2dbc-mysql.
 * One URL configures both the JDBC side (Flyway, registry) and the billing side.
 *
 * @param h2Jdbc for H2 only: JDBC connections to the same embedded database, for a run's bulk
 *     writes (r2dbc-h2 prepares the statement again for every row and binds long strings as
 *     CLOBs; H2 runs in this JVM either way, so JDBC blocks no more than r2dbc-h2 does —
 *     docs/decisions.md §28); {@code null} for MySQL/MariaDB
 */
public record BillingDatabase(ConnectionFactory factory, boolean h2, JdbcConnectionPool h2Jdbc) {

  /** Connections of the H2 bulk-write pool (runs write with {@code parallelism} lanes). */
  private static final int H2_JDBC_CONNECTIONS = 4;

  public static BillingDatabase fromJdbcUrl(String jdbcUrl, String user, String password, Duration connectTimeout) {
    if (jdbcUrl.startsWith("jdbc:h2:")) {
      H2ConnectionConfiguration.Builder h2 = H2ConnectionConfiguration.builder()
          .url(jdbcUrl.substring("jdbc:h2:".length()))
          .username(user == null ? "" : user);
      if (password != null && !password.isEmpty()) {
        h2.password(password);
      }
      JdbcConnectionPool jdbc = JdbcConnectionPool.create(jdbcUrl, user == null ? "" : user, password == null ? "" : password);
      jdbc.setMaxConnections(H2_JDBC_CONNECTIONS);
      return new BillingDatabase(new H2ConnectionFactory(h2.build()), true, jdbc);
    }
    if (jdbcUrl.startsWith("jdbc:mysql://") || jdbcUrl.startsWith("jdbc:mariadb://")) {
      URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
      String database = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
      MySqlConnectionConfiguration.Builder mysql = MySqlConnectionConfiguration.builder()
          .host(uri.getHost())
          .port(uri.getPort() < 0 ? 3306 : uri.getPort())
          .database(database)
          .user(user)
          .connectTimeout(connectTimeout);
      if (password != null && !password.isEmpty()) {
        mysql.password(password);
      }
      return new BillingDatabase(MySqlConnectionFactory.from(mysql.build()), false, null);
    }
    throw new IllegalArgumentException("unsupported billing database URL (jdbc:h2:, jdbc:mysql:, jdbc:mariadb:): " + jdbcUrl);
  }

  /** {@code sql} with {@code ?} placeholders in the driver's syntax ({@code $1, $2 …} for H2). */
  String sql(String sql) {
    if (!h2) {
      return sql;
    }
    StringBuilder out = new StringBuilder(sql.length() + 16);
    int n = 0;
    boolean quoted = false;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '\'') {
        quoted = !quoted;
      }
      if (c == '?' && !quoted) {
        out.append('$').append(++n);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
