package org.meterflow.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Map;

/**
 * Loads the configuration: JVM system properties, then command-line options, then
 * {@code application.conf} (whose keys take {@code METERFLOW_*} environment overrides), then the
 * libraries' reference.conf.
 */
public final class MeterflowConfig {

  private MeterflowConfig() {}

  public static Config load(Map<String, ?> commandLine) {
    ConfigFactory.invalidateCaches();
    return ConfigFactory.defaultOverrides()
        .withFallback(ConfigFactory.parseMap(commandLine, "command line"))
        .withFallback(ConfigFactory.parseResources("application.conf"))
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }
}
