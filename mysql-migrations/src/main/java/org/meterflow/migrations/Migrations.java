package org.meterflow.migrations;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Applies the MeterFlow schema (classpath:db/migration) to MySQL, MariaDB or H2 in MySQL mode.
 *
 * <p>A database that holds other tables but no registry history yet (the Pekko journal's, when it
 * shares the database, see {@link JournalMigrations}) is baselined at version 0, so every migration
 * still runs; a database migrated before keeps its history as it is.
 */
public final class Migrations {

  private Migrations() {}

  /** Migrates {@code dataSource} to the newest schema version; returns how many migrations ran. */
  public static int apply(DataSource dataSource) {
    return Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .baselineDescription("tables found before the first registry migration")
        .load()
        .migrate()
        .migrationsExecuted;
  }
}
