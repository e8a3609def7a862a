package org.meterflow.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.meterflow.app.cluster.ClusterSettings;
import org.meterflow.timeseries.questdb.EmbeddedQuestDb;
import org.meterflow.mysql.SqlDatabase;

/**
 * Loads the configuration: JVM system properties, then command-line options, then
 * {@code application.conf} (whose keys take {@code METERFLOW_*} environment overrides), then the
 * libraries' reference.conf.
 *
 * <p>Two things are settled here, once, before anything reads the configuration:
 * <ul>
 *   <li>every configured path is made absolute against the working directory ({@link #PATH_KEYS}),
 *       so that the H2 journal URL, the lake and the broker's folders never see a relative path;
 *   <li>the event journal's database: {@code meterflow.journal.url} if set, else the registry's
 *       {@code meterflow.registry.url} (MySQL/MariaDB: journal and registry on the same server),
 *       else an H2 file in the data dir; its Slick profile and JDBC driver follow from the URL;
 *   <li>the cluster's seed nodes and this node's roles, from {@code meterflow.cluster}.
 * </ul>
 */
public final class MeterflowConfig {

  /** Configuration keys that hold file-system paths ("" = unset, left as it is). */
  static final List<String> PATH_KEYS = List.of("meterflow.data-dir", "meterflow.secrets-dir", "meterflow.lake.dir",
      "meterflow.mqtt.external.files-dir", "meterflow.mqtt.external.pid-file");

  private MeterflowConfig() {}

  /**
   * Keys for a self-contained platform in {@code dataDir} on free loopback ports (benchmarks,
   * tests): nothing collides with a running demo or another run.
   */
  public static Map<String, Object> isolated(Path dataDir) {
    Map<String, Object> overrides = new LinkedHashMap<>();
    overrides.put("meterflow.data-dir", dataDir.toAbsolutePath().toString());
    overrides.put("meterflow.http.port", 0);
    overrides.put("meterflow.mqtt.port", 0);
    overrides.put("meterflow.questdb.http-port", EmbeddedQuestDb.freePort());
    overrides.put("pekko.remote.artery.canonical.port", 0);
    return overrides;
  }

  public static Config load(Map<String, ?> commandLine) {
    ConfigFactory.invalidateCaches();
    Config layered = ConfigFactory.defaultOverrides()
        .withFallback(ConfigFactory.parseMap(commandLine, "command line"))
        .withFallback(ConfigFactory.parseResources("application.conf"))
        .withFallback(ConfigFactory.defaultReference());
    Config first = layered.resolve();
    Map<String, Object> settled = new LinkedHashMap<>();
    for (String key : PATH_KEYS) {
      if (first.hasPath(key) && !first.getString(key).isBlank()) {
        settled.put(key, Path.of(first.getString(key)).toAbsolutePath().normalize().toString());
      }
    }
    settled.putAll(journal(first, Path.of(first.getString("meterflow.data-dir")).toAbsolutePath().normalize()));
    ClusterSettings cluster = ClusterSettings.fromConfig(first);
    settled.put("pekko.cluster.seed-nodes", cluster.seedNodeAddresses());
    settled.put("pekko.cluster.roles", cluster.roles());
    if (cluster.multiNode()) { // every node's ingest clients need their own ids on a shared broker
      settled.put("meterflow.ingest.client-id-prefix", first.getString("meterflow.ingest.client-id-prefix") + "-"
          + cluster.nodeName().replaceAll("[^A-Za-z0-9_.-]", "-"));
    }
    return ConfigFactory.parseMap(settled, "settled at start").withFallback(layered).resolve();
  }

  /** The journal's Slick database block, from one URL. */
  private static Map<String, Object> journal(Config config, Path dataDir) {
    String url = config.getString("meterflow.journal.url");
    String user = config.getString("meterflow.journal.user");
    String password = config.getString("meterflow.journal.password");
    if (url.isBlank() && !config.getString("meterflow.registry.url").isBlank()) {
      url = config.getString("meterflow.registry.url");
      user = config.getString("meterflow.registry.user");
      password = config.getString("meterflow.registry.password");
    } else if (url.isBlank()) {
      url = "jdbc:h2:file:" + dataDir.resolve("journal").resolve("meters") + ";DB_CLOSE_ON_EXIT=FALSE";
    }
    SqlDatabase.Dialect dialect = SqlDatabase.Dialect.of(url);
    Map<String, Object> keys = new LinkedHashMap<>();
    String prefix = "pekko-persistence-jdbc.shared-databases.slick.";
    keys.put("meterflow.journal.url", url);
    keys.put(prefix + "profile", dialect.slickProfile());
    keys.put(prefix + "db.url", SqlDatabase.driverUrl(url));
    keys.put(prefix + "db.driver", dialect.driverClass());
    keys.put(prefix + "db.user", user);
    keys.put(prefix + "db.password", password);
    return keys;
  }
}
