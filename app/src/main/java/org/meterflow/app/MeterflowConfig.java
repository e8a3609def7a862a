package org.meterflow.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.meterflow.influx.questdb.EmbeddedQuestDb;

/**
 * Loads the configuration: JVM system properties, then command-line options, then
 * {@code application.conf} (whose keys take {@code METERFLOW_*} environment overrides), then the
 * libraries' reference.conf.
 */
public final class MeterflowConfig {

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
    return ConfigFactory.defaultOverrides()
        .withFallback(ConfigFactory.parseMap(commandLine, "command line"))
        .withFallback(ConfigFactory.parseResources("application.conf"))
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }
}
