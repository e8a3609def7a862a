package org.meterflow.app.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by the commands that start the platform; each overrides one configuration key. */
public final class PlatformOptions {

  @Option(names = "--http-port", description = "HTTP port of the API and dashboard (default 8080; 0 = any free port)")
  Integer httpPort;

  @Option(names = "--mqtt-port", description = "TLS port of the embedded MQTT broker (default 8883)")
  Integer mqttPort;

  @Option(names = "--questdb-port", description = "HTTP port of the embedded QuestDB (default 9000)")
  Integer questDbPort;

  @Option(names = "--data-dir", description = "Where MeterFlow keeps its data (default ./meterflow-data)")
  Path dataDir;

  /** The configuration keys these options set. */
  public Map<String, Object> overrides() {
    Map<String, Object> map = new LinkedHashMap<>();
    if (httpPort != null) {
      map.put("meterflow.http.port", httpPort);
    }
    if (mqttPort != null) {
      map.put("meterflow.mqtt.port", mqttPort);
    }
    if (questDbPort != null) {
      map.put("meterflow.questdb.http-port", questDbPort);
    }
    if (dataDir != null) {
      map.put("meterflow.data-dir", dataDir.toAbsolutePath().toString());
    }
    return map;
  }
}
