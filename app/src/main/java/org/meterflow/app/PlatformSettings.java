package org.meterflow.app;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.meterflow.app.cluster.ClusterSettings;
import org.meterflow.timeseries.questdb.QuestDbWritePath;

/**
 * The {@code meterflow} block, typed, one nested record per adapter. Sub-blocks with settings
 * classes of their own (ingest, billing, lake, time series, analytics …) are read where they are used.
 *
 * @param dataDir    where the platform keeps its data (absolute)
 * @param secretsDir where the CA and the admin token are (the data dir unless set; shared in a cluster)
 * @param cluster    how this node forms or joins a cluster
 * @param zone    the utility's time zone (billing periods, load shapes)
 */
public record PlatformSettings(Path dataDir, Path secretsDir, ClusterSettings cluster, ZoneId zone, Http http, Mqtt mqtt, QuestDb questDb, Registry registry,
    Live live) {

  /** {@code meterflow.http}: where the API and pages listen. */
  public record Http(String host, int port, Duration shutdownDeadline) {}

  /**
   * {@code meterflow.mqtt}: the embedded broker, or an external one ({@code embedded = false}).
   *
   * @param serverHosts names the broker's server certificate is issued for
   */
  public record Mqtt(String host, int port, List<String> serverHosts, int maxPayload, long maxQueuedMessages,
      String persistence, boolean embedded, External external) {}

  /**
   * {@code meterflow.mqtt.external}: the Mosquitto the platform writes TLS files, ACL and CRL for.
   *
   * @param pidFile where SIGHUP goes after each CRL rewrite; empty: the operator reloads it
   */
  public record External(String url, Path filesDir, Optional<Path> pidFile, Duration crlValidity) {}

  /** {@code meterflow.questdb}: the embedded QuestDB ({@code url} empty) or an external one. */
  public record QuestDb(int port, String url, long ramLimit, Duration writeTimeout, Duration queryTimeout,
      QuestDbWritePath writePath) {}

  /** {@code meterflow.registry}: the registry database's JDBC URL (empty: H2 in the data dir). */
  public record Registry(String url, String user, String password) {}

  /** {@code meterflow.live}: the live feed's buffers. */
  public record Live(int publishBuffer, int subscriberBuffer) {}

  public static PlatformSettings fromConfig(Config root) {
    Config c = root.getConfig("meterflow");
    Path dataDir = Path.of(c.getString("data-dir")).toAbsolutePath();
    Config mqtt = c.getConfig("mqtt");
    Config external = mqtt.getConfig("external");
    Config questDb = c.getConfig("questdb");
    return new PlatformSettings(
        dataDir,
        c.getString("secrets-dir").isBlank() ? dataDir : Path.of(c.getString("secrets-dir")).toAbsolutePath(),
        ClusterSettings.fromConfig(root),
        ZoneId.of(c.getString("zone")),
        new Http(c.getString("http.host"), c.getInt("http.port"), c.getDuration("http.shutdown-deadline")),
        new Mqtt(mqtt.getString("host"), mqtt.getInt("port"), hostList(mqtt, "server-hosts"),
            (int) mqtt.getBytes("max-payload").longValue(), mqtt.getLong("max-queued-messages"),
            mqtt.getString("persistence"), mqtt.getBoolean("embedded"),
            new External(external.getString("url"),
                external.getString("files-dir").isBlank() ? dataDir.resolve("mosquitto")
                    : Path.of(external.getString("files-dir")).toAbsolutePath(),
                external.getString("pid-file").isBlank() ? Optional.empty()
                    : Optional.of(Path.of(external.getString("pid-file")).toAbsolutePath()),
                external.getDuration("crl-validity"))),
        new QuestDb(questDb.getInt("http-port"), questDb.getString("url"), questDb.getBytes("ram-limit"),
            questDb.getDuration("write-timeout"), questDb.getDuration("query-timeout"),
            QuestDbWritePath.parse(questDb.getString("write-path"))),
        new Registry(c.getString("registry.url"), c.getString("registry.user"), c.getString("registry.password")),
        new Live(c.getInt("live.publish-buffer"), c.getInt("live.subscriber-buffer")));
  }

  /**
   * A list of host names: a HOCON list in a file, or comma-separated text from an environment key
   * ({@code METERFLOW_MQTT_SERVER_HOSTS=mqtt.example.com,10.0.0.5}).
   */
  static List<String> hostList(Config c, String key) {
    if (c.getValue(key).valueType() == com.typesafe.config.ConfigValueType.LIST) {
      return c.getStringList(key);
    }
    List<String> hosts = java.util.Arrays.stream(c.getString(key).replaceAll("[\\[\\]\"]", "").split(","))
        .map(String::trim).filter(h -> !h.isEmpty()).toList();
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException("meterflow.mqtt." + key + " names no host");
    }
    return hosts;
  }
}
