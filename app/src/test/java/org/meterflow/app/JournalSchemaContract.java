package org.meterflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.Map;
import org.meterflow.actors.meter.ReadingOutcome;
import org.meterflow.migrations.Migrations;
import org.meterflow.model.reading.Reading;
import org.meterflow.mysql.SqlDatabase;
import org.junit.jupiter.api.Test;

/**
 * The journal's schema comes from its Flyway migrations (JournalMigrations, as MetersWiring runs
 * them at start), and a meter's events survive restarts on it: on a fresh database, on a journal an
 * earlier MeterFlow made with the plugin's SchemaUtils, and in a database shared with the registry.
 * On H2 ({@link JournalSchemaTest}) and on MariaDB ({@link JournalSchemaOnMariaDbIT}).
 */
abstract class JournalSchemaContract {

  /** The app's configuration with the journal in an empty database of its own. */
  abstract Config freshJournal() throws Exception;

  /** An empty database in the registry's URL form (METERFLOW_DB_URL), with its user and password. */
  abstract String freshRegistryUrl() throws Exception;

  abstract String user();

  abstract String password();

  /** The app's configuration with only the registry's URL set: the journal goes to the same database. */
  abstract Config sharedWith(String registryUrl) throws Exception;

  @Test
  void aMetersEventsAndSnapshotsSurviveARestartOnAFreshlyMigratedJournal() throws Exception {
    Config app = freshJournal();
    assertThat(MeterJournal.migrate(app)).isEqualTo(1);
    Reading first = MeterJournal.reading(1, 10, 100.0);
    try (MeterJournal journal = new MeterJournal(app, 1)) {
      journal.register();
      assertThat(journal.record(first)).isEqualTo(ReadingOutcome.Kind.ACCEPTED);
    }
    assertThat(MeterJournal.rows(app, "event_journal")).as("registered, checkpointed").isEqualTo(2);
    assertThat(MeterJournal.rows(app, "snapshot")).isPositive();

    assertThat(MeterJournal.migrate(app)).as("the next start").isZero();
    try (MeterJournal journal = new MeterJournal(app, 1)) {
      assertThat(journal.state().registration()).isEqualTo(MeterJournal.REGISTRATION);
      assertThat(journal.state().checkpoint()).isEqualTo(first);
      assertThat(journal.record(first)).as("known from the journal").isEqualTo(ReadingOutcome.Kind.REDELIVERED);
    }
  }

  @Test
  void aJournalMadeBySchemaUtilsKeepsItsEventsThroughTheMigration() throws Exception {
    Config app = freshJournal();
    MeterJournal.createSchemaTheOldWay(app);
    Reading before = MeterJournal.reading(1, 10, 100.0);
    try (MeterJournal journal = new MeterJournal(app, 100)) {
      journal.register();
      assertThat(journal.record(before)).isEqualTo(ReadingOutcome.Kind.ACCEPTED);
    }

    assertThat(MeterJournal.migrate(app)).as("V1 runs over the existing tables").isEqualTo(1);
    assertThat(MeterJournal.history(app)).containsExactly("0 BASELINE", "1 SQL");
    Reading after = MeterJournal.reading(2, 5, 100.5);
    try (MeterJournal journal = new MeterJournal(app, 100)) {
      assertThat(journal.state().registration()).as("replayed").isEqualTo(MeterJournal.REGISTRATION);
      assertThat(journal.state().checkpoint()).as("replayed").isEqualTo(before);
      assertThat(journal.record(before)).isEqualTo(ReadingOutcome.Kind.REDELIVERED);
      assertThat(journal.record(after)).isEqualTo(ReadingOutcome.Kind.ACCEPTED);
    }
    assertThat(MeterJournal.migrate(app)).isZero();
    try (MeterJournal journal = new MeterJournal(app, 100)) {
      assertThat(journal.state().checkpoint()).as("old and new events replayed").isEqualTo(after);
    }
    assertThat(MeterJournal.rows(app, "event_journal")).isEqualTo(3);
  }

  @Test
  void journalAndRegistryShareOneDatabaseEachWithItsOwnHistory() throws Exception {
    String url = freshRegistryUrl();
    Config app = sharedWith(url);
    assertThat(app.getString("meterflow.journal.url")).isEqualTo(url);
    try (HikariDataSource registry = registry(url)) {
      int registryMigrations = Migrations.apply(registry);
      assertThat(registryMigrations).isPositive();
      assertThat(MeterJournal.migrate(app)).isEqualTo(1);
      assertThat(MeterJournal.history(app)).containsExactly("0 BASELINE", "1 SQL");
      try (MeterJournal journal = new MeterJournal(app, 100)) {
        journal.register();
      }
      assertThat(Migrations.apply(registry)).as("the registry's history is its own").isZero();
      assertThat(MeterJournal.migrate(app)).isZero();
      try (MeterJournal journal = new MeterJournal(app, 100)) {
        assertThat(journal.state().registration()).isEqualTo(MeterJournal.REGISTRATION);
      }

      // the other order: the journal's tables first, then every registry migration beside them
      String other = freshRegistryUrl();
      assertThat(MeterJournal.migrate(sharedWith(other))).isEqualTo(1);
      try (HikariDataSource second = registry(other)) {
        assertThat(Migrations.apply(second)).isEqualTo(registryMigrations);
      }
    }
  }

  private HikariDataSource registry(String url) {
    return SqlDatabase.pool("registry", url, user(), password(), 2, Duration.ofSeconds(10));
  }

  static Map<String, Object> registryKeys(String url, String user, String password) {
    return Map.of("meterflow.registry.url", url, "meterflow.registry.user", user, "meterflow.registry.password", password);
  }
}
