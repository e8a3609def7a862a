package org.meterflow.mysql.billing;

import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.meterflow.model.port.BillingStore;
import org.meterflow.migrations.Migrations;

/** The billing store on the embedded default: an H2 file database in MySQL mode, JDBC and R2DBC side by side. */
class R2dbcBillingStoreTest extends BillingStoreContract {

  @TempDir
  Path dir;

  private JdbcConnectionPool pool;
  private JdbcConnectionPool second;
  private R2dbcBillingStore store;

  @BeforeEach
  void start() {
    String url = "jdbc:h2:file:" + dir.resolve("billing") + ";MODE=MySQL;NON_KEYWORDS=VALUE,YEAR;DB_CLOSE_ON_EXIT=FALSE";
    pool = JdbcConnectionPool.create(url, "sa", "");
    Migrations.apply(pool);
    store = new R2dbcBillingStore(BillingDatabase.fromJdbcUrl(url, "sa", "", Duration.ofSeconds(5)), CLOCK);
  }

  @AfterEach
  void stop() {
    store.close();
    pool.dispose();
    if (second != null) {
      second.dispose();
    }
  }

  @Override
  Unmigrated unmigrated() {
    String url = "jdbc:h2:file:" + dir.resolve("before-v10") + ";MODE=MySQL;NON_KEYWORDS=VALUE,YEAR;DB_CLOSE_ON_EXIT=FALSE";
    second = JdbcConnectionPool.create(url, "sa", "");
    return new Unmigrated(second, url, "sa");
  }

  @Override
  DataSource jdbc() {
    return pool;
  }

  @Override
  BillingStore store() {
    return store;
  }
}
