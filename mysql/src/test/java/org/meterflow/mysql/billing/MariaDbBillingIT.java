package org.meterflow.mysql.billing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.mariadb.jdbc.MariaDbDataSource;
import org.meterflow.model.port.BillingStore;
import org.meterflow.migrations.Migrations;

/**
 * The Flyway migrations and the billing store on a real MariaDB 10.11 (Debian's mariadb-server,
 * started by the test): the same contract as on H2, through r2dbc-mysql. Integration profile.
 */
class MariaDbBillingIT extends BillingStoreContract {

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static MariaDbServer server;

  private MariaDbDataSource jdbc;
  private R2dbcBillingStore store;

  @BeforeAll
  static void startServer() throws Exception {
    server = MariaDbServer.start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void freshDatabase() throws Exception {
    String name = "meterflow_it_" + DATABASES.incrementAndGet();
    try (Connection c = DriverManager.getConnection(server.jdbcUrl(""), "root", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
    }
    jdbc = new MariaDbDataSource(server.jdbcUrl(name));
    jdbc.setUser("root");
    jdbc.setPassword("");
    Migrations.apply(jdbc);
    store = new R2dbcBillingStore(BillingDatabase.fromJdbcUrl(server.jdbcUrl(name), "root", "", Duration.ofSeconds(10)), CLOCK);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Override
  Unmigrated unmigrated() throws Exception {
    String name = "meterflow_it_" + DATABASES.incrementAndGet();
    try (Connection c = DriverManager.getConnection(server.jdbcUrl(""), "root", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
    }
    MariaDbDataSource other = new MariaDbDataSource(server.jdbcUrl(name));
    other.setUser("root");
    other.setPassword("");
    return new Unmigrated(other, server.jdbcUrl(name), "root");
  }

  @Override
  DataSource jdbc() {
    return jdbc;
  }

  @Override
  BillingStore store() {
    return store;
  }
}
