package org.meterflow.app;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.meterflow.influx.questdb.QuestDbWritePath;

/** The {@code meterflow} block, typed. Sub-blocks with their own settings classes are read where used. */
public record PlatformSettings(
    Path dataDir,
    ZoneId zone,
    String httpHost,
    int httpPort,
    Duration httpShutdownDeadline,
    String mqttHost,
    int mqttPort,
    List<String> mqttServerHosts,
    int mqttMaxPayload,
    long mqttMaxQueuedMessages,
    String mqttPersistence,
    boolean mqttEmbedded,
    String mqttExternalUrl,
    Path mqttExternalFilesDir,
    String mqttExternalPidFile,
    Duration mqttExternalCrlValidity,
    int questDbPort,
    String questDbUrl,
    long questDbRamLimit,
    Duration questDbWriteTimeout,
    Duration questDbQueryTimeout,
    QuestDbWritePath questDbWritePath,
    String registryUrl,
    String registryUser,
    String registryPassword,
    int livePublishBuffer,
    int liveSubscriberBuffer) {

  public static PlatformSettings fromConfig(Config root) {
    Config c = root.getConfig("meterflow");
    return new PlatformSettings(
        Path.of(c.getString("data-dir")).toAbsolutePath(),
        ZoneId.of(c.getString("zone")),
        c.getString("http.host"),
        c.getInt("http.port"),
        c.getDuration("http.shutdown-deadline"),
        c.getString("mqtt.host"),
        c.getInt("mqtt.port"),
        c.getStringList("mqtt.server-hosts"),
        (int) c.getBytes("mqtt.max-payload").longValue(),
        c.getLong("mqtt.max-queued-messages"),
        c.getString("mqtt.persistence"),
        c.getBoolean("mqtt.embedded"),
        c.getString("mqtt.external.url"),
        c.getString("mqtt.external.files-dir").isBlank()
            ? Path.of(c.getString("data-dir")).toAbsolutePath().resolve("mosquitto")
            : Path.of(c.getString("mqtt.external.files-dir")).toAbsolutePath(),
        c.getString("mqtt.external.pid-file"),
        c.getDuration("mqtt.external.crl-validity"),
        c.getInt("questdb.http-port"),
        c.getString("questdb.url"),
        c.getBytes("questdb.ram-limit"),
        c.getDuration("questdb.write-timeout"),
        c.getDuration("questdb.query-timeout"),
        QuestDbWritePath.parse(c.getString("questdb.write-path")),
        c.getString("registry.url"),
        c.getString("registry.user"),
        c.getString("registry.password"),
        c.getInt("live.publish-buffer"),
        c.getInt("live.subscriber-buffer"));
  }
}
