package org.meterflow.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal's schema on H2, and beside the registry's in one database (H2 in MySQL mode, as with
 * an explicit H2 METERFLOW_DB_URL). The journal's events on it: app's JournalSchemaTest; MariaDB:
 * app's JournalSchemaOnMariaDbIT.
 */
class JournalMigrationsTest {

  private static final String USER = "meterflow";

  @TempDir
  Path dir;

  @Test
  void aFreshDatabaseGetsThePluginsTablesAndItsOwnHistory() throws SQLException {
    String url = "jdbc:h2:file:" + dir.resolve("journal") + ";DB_CLOSE_ON_EXIT=FALSE";
    assertThat(JournalMigrations.migrate(url, USER, "")).isEqualTo(1);
    assertThat(JournalMigrations.migrate(url, USER, "")).as("idempotent").isZero();
    assertThat(tables(url)).contains("event_journal", "event_tag", "snapshot", "durable_state", "flyway_journal_history")
        .doesNotContain("flyway_schema_history");
    assertThat(history(url, "flyway_journal_history")).containsExactly("1 SQL");
  }

  @Test
  void journalAndRegistryShareOneDatabaseInEitherOrder() throws SQLException {
    String registryFirst = registryUrl("first");
    assertThat(Migrations.apply(dataSource(registryFirst))).isPositive();
    assertThat(JournalMigrations.migrate(registryFirst, USER, "")).isEqualTo(1);
    assertThat(Migrations.apply(dataSource(registryFirst))).as("the registry's history is untouched").isZero();
    assertThat(JournalMigrations.migrate(registryFirst, USER, "")).isZero();
    assertThat(history(registryFirst, "flyway_journal_history")).containsExactly("0 BASELINE", "1 SQL");

    String journalFirst = registryUrl("second");
    assertThat(JournalMigrations.migrate(journalFirst, USER, "")).isEqualTo(1);
    assertThat(Migrations.apply(dataSource(journalFirst))).as("every registry migration runs beside the journal")
        .isEqualTo(Migrations.apply(dataSource(registryUrl("alone"))));
    assertThat(tables(journalFirst)).contains("meters", "event_journal", "flyway_schema_history", "flyway_journal_history");
    assertThat(JournalMigrations.migrate(journalFirst, USER, "")).isZero();
  }

  @Test
  void theUrlChoosesTheScriptsAndMysqlUrlsGoThroughTheMariaDbDriver() {
    assertThat(JournalMigrations.location("jdbc:h2:file:/x;MODE=MySQL")).isEqualTo("classpath:db/journal/h2");
    assertThat(JournalMigrations.location("jdbc:mariadb://db:3306/m")).isEqualTo("classpath:db/journal/mysql");
    assertThat(JournalMigrations.location("JDBC:MYSQL://db:3306/m")).isEqualTo("classpath:db/journal/mysql");
    assertThat(JournalMigrations.driverUrl("jdbc:mysql://db:3306/m?useSSL=false"))
        .isEqualTo("jdbc:mariadb://db:3306/m?useSSL=false");
    assertThat(JournalMigrations.driverUrl("jdbc:mariadb://db:3306/m")).isEqualTo("jdbc:mariadb://db:3306/m");
    assertThatThrownBy(() -> JournalMigrations.location("jdbc:postgresql://db/m"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jdbc:mysql:");
  }

  /** The registry's URL form (StorageWiring): H2 in MySQL mode. */
  private String registryUrl(String name) {
    return "jdbc:h2:file:" + dir.resolve(name) + ";MODE=MySQL;NON_KEYWORDS=VALUE,YEAR;DB_CLOSE_ON_EXIT=FALSE";
  }

  private static JdbcDataSource dataSource(String url) {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL(url);
    ds.setUser(USER);
    ds.setPassword("");
    return ds;
  }

  private static List<String> tables(String url) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url, USER, "");
        ResultSet rs = c.getMetaData().getTables(null, "PUBLIC", "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        names.add(rs.getString("TABLE_NAME").toLowerCase(java.util.Locale.ROOT));
      }
    }
    return names;
  }

  /** "version type" per version in a Flyway history table, in order (not H2's table-created marker). */
  private static List<String> history(String url, String table) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url, USER, "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT \"version\", \"type\" FROM \"" + table
            + "\" WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
      while (rs.next()) {
        rows.add(rs.getString(1) + " " + rs.getString(2));
      }
    }
    return rows;
  }
}
