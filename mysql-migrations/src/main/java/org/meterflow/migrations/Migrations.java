package org.meterflow.migrations;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Applies the MeterFlow schema (classpath:db/migration) to MySQL, MariaDB or H2 in MySQL mode. */
public final class Migrations {

  private Migrations() {}

  /** Migrates {@code dataSource} to the newest schema version; returns how many migrations ran. */
  public static int apply(DataSource dataSource) {
    return Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .load()
        .migrate()
        .migrationsExecuted;
  }
}
