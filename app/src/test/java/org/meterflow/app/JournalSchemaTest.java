package org.meterflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterflow.actors.meter.ReadingOutcome;
import org.meterflow.model.reading.Reading;

/**
 * The journal's migrations on the embedded H2 file (the default) and an existing data dir from
 * before them: its journal was made by SchemaUtils; the platform starts on it and the events stay.
 */
class JournalSchemaTest extends JournalSchemaContract {

  @TempDir
  Path dir;
  private int databases;

  @Override
  Config freshJournal() throws Exception {
    // no URL: the H2 file in the data dir, as a default installation has it
    return MeterJournal.app(Files.createDirectories(dir.resolve("data-" + ++databases)), Map.of());
  }

  @Override
  String freshRegistryUrl() {
    // the form StorageWiring gives the embedded registry, here named as METERFLOW_DB_URL
    return "jdbc:h2:file:" + dir.resolve("shared-" + ++databases).resolve("meterflow")
        + ";MODE=MySQL;NON_KEYWORDS=VALUE,YEAR;DB_CLOSE_ON_EXIT=FALSE";
  }

  @Override
  String user() {
    return "meterflow";
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
  void anExistingDataDirStartsAndKeepsItsMetersEvents() throws Exception {
    Path dataDir = Files.createDirectories(dir.resolve("installed-before"));
    Config before = MeterflowConfig.load(MeterflowConfig.isolated(dataDir));
    MeterJournal.createSchemaTheOldWay(before);
    Reading reading = MeterJournal.reading(1, 10, 100.0);
    try (MeterJournal journal = new MeterJournal(before, 100)) {
      journal.register();
      assertThat(journal.record(reading)).isEqualTo(ReadingOutcome.Kind.ACCEPTED);
    }

    new PlatformFixture(dataDir).close();

    assertThat(MeterJournal.history(before)).containsExactly("0 BASELINE", "1 SQL");
    try (MeterJournal journal = new MeterJournal(before, 100)) {
      assertThat(journal.state().registration()).isEqualTo(MeterJournal.REGISTRATION);
      assertThat(journal.record(reading)).isEqualTo(ReadingOutcome.Kind.REDELIVERED);
    }
  }
}
