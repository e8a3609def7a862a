package org.meterflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterflow.mysql.billing.MariaDbServer;

/**
 * The journal's migrations on a real MariaDB (Debian's mariadb-server, started by the test): a
 * database of its own, one shared with the registry, and the same database by a jdbc:mysql: URL.
 */
class JournalSchemaOnMariaDbIT extends JournalSchemaContract {

  private static MariaDbServer server;
  private static int databases;

  @TempDir
  Path dir;

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

  @Override
  Config freshJournal() throws Exception {
    return journalAt(newDatabase());
  }

  @Override
  String freshRegistryUrl() throws Exception {
    return newDatabase();
  }

  @Override
  String user() {
    return "root";
  }

  @Override
  String password() {
    return "";
  }

  @Override
  Config sharedWith(String registryUrl) {
    return MeterJournal.app(dir, registryKeys(registryUrl, user(), password()));
  }

  @Test
  void aJdbcMysqlUrlReachesTheSameJournal() throws Exception {
    String mariadb = newDatabase();
    Config mysql = journalAt(mariadb.replace("jdbc:mariadb:", "jdbc:mysql:"));
    assertThat(MeterJournal.migrate(mysql)).isEqualTo(1);
    try (MeterJournal journal = new MeterJournal(mysql, 100)) {
      journal.register();
    }
    Config same = journalAt(mariadb);
    assertThat(MeterJournal.migrate(same)).isZero();
    try (MeterJournal journal = new MeterJournal(same, 100)) {
      assertThat(journal.state().registration()).isEqualTo(MeterJournal.REGISTRATION);
    }
  }

  @Test
  void theMigrationMakesTheTablesSchemaUtilsMade() throws Exception {
    Config migrated = freshJournal();
    MeterJournal.migrate(migrated);
    Config old = freshJournal();
    MeterJournal.createSchemaTheOldWay(old);
    for (String table : new String[] {"event_journal", "event_tag", "snapshot"}) {
      assertThat(showCreate(migrated, table)).as(table).isEqualTo(showCreate(old, table));
    }
  }

  private static String showCreate(Config app, String table) throws Exception {
    try (Connection c = DriverManager.getConnection(app.getString("meterflow.journal.url"), "root", "");
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW CREATE TABLE " + table)) {
      rs.next();
      return rs.getString(2);
    }
  }

  private Config journalAt(String url) {
    return MeterJournal.app(dir, Map.of("meterflow.journal.url", url, "meterflow.journal.user", user(),
        "meterflow.journal.password", password()));
  }

  private static String newDatabase() throws Exception {
    String name = "meterflow_journal_" + ++databases;
    try (Connection c = DriverManager.getConnection(server.jdbcUrl(""), "root", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
    }
    return server.jdbcUrl(name);
  }
}
