package org.meterflow.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;
import org.meterflow.actors.meter.MeterEntity;
import org.meterflow.actors.meter.MeterEntitySettings;
import org.meterflow.actors.meter.QualityEventSink;
import org.meterflow.actors.meter.ReadingOutcome;
import org.meterflow.migrations.JournalMigrations;
import org.meterflow.model.meter.MeterRegistration;
import org.meterflow.model.reading.Reading;
import org.meterflow.model.reading.ValidationLimits;
import org.meterflow.mysql.SqlDatabase;

/**
 * One meter entity journaling to the database the app's configuration names (MeterflowConfig settles
 * the journal's URL, Slick profile and driver), in an actor system of its own with the app's
 * persistence and serialization settings. Closing it stops the system; a new one recovers the meter.
 */
final class MeterJournal implements AutoCloseable {

  static final String SERIAL = "M0000001";
  static final MeterRegistration REGISTRATION =
      new MeterRegistration(SERIAL, "C1", "domestic", "north", "SS1", "F1", "DT1", 230, 50, 1, false);
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String SLICK_DB = "pekko-persistence-jdbc.shared-databases.slick.db.";

  private final ActorTestKit kit;
  private final ActorRef<MeterEntity.Command> meter;

  /** The meter, checkpointing every accepted reading, with a snapshot every {@code snapshotEvery} events. */
  MeterJournal(Config app, int snapshotEvery) {
    kit = ActorTestKit.create("journal", actorSystem(app));
    MeterEntitySettings settings = new MeterEntitySettings(ValidationLimits.defaults(), Duration.ZERO, snapshotEvery,
        Clock.systemUTC());
    meter = kit.spawn(MeterEntity.create(SERIAL, settings, QualityEventSink.NONE));
  }

  /** The app's configuration with {@code keys} (meterflow.journal.*, meterflow.registry.*) over a data dir. */
  static Config app(Path dataDir, Map<String, Object> keys) {
    Map<String, Object> all = new LinkedHashMap<>(keys);
    all.put("meterflow.data-dir", dataDir.toString());
    return MeterflowConfig.load(all);
  }

  /** What MetersWiring does at start. */
  static int migrate(Config app) {
    return JournalMigrations.migrate(app.getString("meterflow.journal.url"), app.getString(SLICK_DB + "user"),
        app.getString(SLICK_DB + "password"));
  }

  /** What MeterFlow did at start before the journal had migrations: the plugin's SchemaUtils. */
  static void createSchemaTheOldWay(Config app) throws Exception {
    ActorTestKit old = ActorTestKit.create("schema-utils", actorSystem(app));
    try {
      SchemaUtils.createIfNotExists(old.system()).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } finally {
      old.shutdownTestKit();
    }
  }

  void register() {
    TestProbe<StatusReply<Done>> probe = kit.createTestProbe();
    meter.tell(new MeterEntity.Register(REGISTRATION, probe.ref()));
    StatusReply<Done> reply = probe.receiveMessage(WAIT);
    if (reply.isError()) {
      throw new IllegalStateException("registration refused: " + reply.getError());
    }
  }

  ReadingOutcome.Kind record(Reading reading) {
    TestProbe<StatusReply<ReadingOutcome>> probe = kit.createTestProbe();
    meter.tell(new MeterEntity.RecordReading(reading, Instant.now(), probe.ref()));
    return probe.receiveMessage(WAIT).getValue().kind();
  }

  MeterEntity.State state() {
    TestProbe<StatusReply<MeterEntity.State>> probe = kit.createTestProbe();
    meter.tell(new MeterEntity.GetMeter(probe.ref()));
    return probe.receiveMessage(WAIT).getValue();
  }

  /** A plausible reading of the meter, {@code minutesAgo} before now. */
  static Reading reading(long seq, long minutesAgo, double importKwh) {
    return new Reading(SERIAL, seq, Instant.now().minus(Duration.ofMinutes(minutesAgo)).truncatedTo(
        java.time.temporal.ChronoUnit.SECONDS), importKwh, 0.0, 231.4, 4.2, 50.01, 0.97);
  }

  /** Rows of a journal table, read with plain JDBC. */
  static long rows(Config app, String table) throws SQLException {
    try (Connection c = connect(app); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + quoted(app, table))) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * "version type" of each version in the journal's Flyway history, in order (without the marker row
   * Flyway adds on some databases when it creates the table).
   */
  static List<String> history(Config app) throws SQLException {
    String sql = "SELECT " + quoted(app, "version") + ", " + quoted(app, "type") + " FROM "
        + quoted(app, JournalMigrations.HISTORY_TABLE) + " WHERE " + quoted(app, "version") + " IS NOT NULL ORDER BY "
        + quoted(app, "installed_rank");
    List<String> rows = new ArrayList<>();
    try (Connection c = connect(app); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(rs.getString(1) + " " + rs.getString(2));
      }
    }
    return rows;
  }

  @Override
  public void close() {
    kit.shutdownTestKit();
  }

  private static Connection connect(Config app) throws SQLException {
    return DriverManager.getConnection(SqlDatabase.driverUrl(app.getString("meterflow.journal.url")),
        app.getString(SLICK_DB + "user"), app.getString(SLICK_DB + "password"));
  }

  /** H2's tables are named in lower case, quoted (the plugin's H2 script); MySQL's are not quoted. */
  private static String quoted(Config app, String name) {
    return SqlDatabase.Dialect.of(app.getString("meterflow.journal.url")) == SqlDatabase.Dialect.H2
        ? "\"" + name + "\"" : name;
  }

  /** The journal's part of the app's configuration, in a local (non-cluster) actor system. */
  private static Config actorSystem(Config app) {
    Config system = ConfigFactory.parseString("pekko.actor.provider = local");
    for (String path : List.of("pekko.persistence", "pekko.actor.serialization-bindings", "pekko-persistence-jdbc",
        "jdbc-journal", "jdbc-snapshot-store", "jdbc-read-journal", "pekko.loggers", "pekko.logging-filter")) {
      system = system.withFallback(app.withOnlyPath(path));
    }
    return system.withFallback(ConfigFactory.defaultReference()).resolve();
  }
}
