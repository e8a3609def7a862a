package org.meterflow.migrations;

import java.util.Locale;
import org.flywaydb.core.Flyway;

/**
 * Applies the Pekko journal's schema (pekko-persistence-jdbc: {@code event_journal}, {@code event_tag},
 * {@code snapshot}; on H2 also {@code durable_state}) from {@code classpath:db/journal/<vendor>}.
 *
 * <p>Its Flyway history is its own table, {@value #HISTORY_TABLE}, so that the journal and the
 * registry ({@link Migrations}, {@code flyway_schema_history}) can share one database, each with its
 * own versions. A database that already holds tables but no journal history (the registry's, or a
 * journal an earlier MeterFlow made with the plugin's SchemaUtils) is baselined at version 0, and
 * then V1 runs: it creates only what is missing, so existing events stay as they are.
 */
public final class JournalMigrations {

  /** The journal's Flyway history table. */
  public static final String HISTORY_TABLE = "flyway_journal_history";

  private JournalMigrations() {}

  /**
   * Migrates the journal database at {@code jdbcUrl} ({@code jdbc:h2:}, {@code jdbc:mariadb:} or
   * {@code jdbc:mysql:}, the latter through the MariaDB driver) to the newest journal schema; returns
   * how many migrations ran.
   */
  public static int migrate(String jdbcUrl, String user, String password) {
    return Flyway.configure()
        .dataSource(driverUrl(jdbcUrl), user, password)
        .locations(location(jdbcUrl))
        .table(HISTORY_TABLE)
        .baselineOnMigrate(true)
        .baselineVersion("0")
        // no apostrophe: Flyway 13.12 then loses the baseline row without a word
        .baselineDescription("tables found before the first journal migration")
        .load()
        .migrate()
        .migrationsExecuted;
  }

  /** The scripts for the URL's database: H2's own, or MySQL's (MariaDB runs the same). */
  static String location(String jdbcUrl) {
    String url = jdbcUrl.toLowerCase(Locale.ROOT);
    if (url.startsWith("jdbc:h2:")) {
      return "classpath:db/journal/h2";
    }
    if (url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:")) {
      return "classpath:db/journal/mysql";
    }
    throw new IllegalArgumentException("no journal schema for this database URL: use jdbc:mysql:, jdbc:mariadb: or jdbc:h2:");
  }

  /**
   * {@code jdbc:mysql:} as {@code jdbc:mariadb:}: the MariaDB driver the jar ships takes the mysql
   * scheme only by an explicit option (the same rewrite as the registry's and the journal's pools).
   */
  static String driverUrl(String jdbcUrl) {
    return jdbcUrl.regionMatches(true, 0, "jdbc:mysql:", 0, "jdbc:mysql:".length())
        ? "jdbc:mariadb:" + jdbcUrl.substring("jdbc:mysql:".length())
        : jdbcUrl;
  }
}
