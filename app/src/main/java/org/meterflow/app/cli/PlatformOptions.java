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

  @Option(names = "--cluster-seeds", paramLabel = "HOST:PORT[,HOST:PORT…]",
      description = "Seed nodes of the cluster to join (default: none, this node alone; docs/cluster.md)")
  String clusterSeeds;

  @Option(names = "--cluster-port", description = "This node's cluster (remoting) port (default 25520)")
  Integer clusterPort;

  @Option(names = "--cluster-host", description = "The host name other nodes reach this node on (default 127.0.0.1)")
  String clusterHost;

  @Option(names = "--node-name", description = "A stable name for this node (default host:port)")
  String nodeName;

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
    if (clusterSeeds != null) {
      map.put("meterflow.cluster.seeds", clusterSeeds);
    }
    if (clusterPort != null) {
      map.put("pekko.remote.artery.canonical.port", clusterPort);
    }
    if (clusterHost != null) {
      map.put("pekko.remote.artery.canonical.hostname", clusterHost);
    }
    if (nodeName != null) {
      map.put("meterflow.cluster.node-name", nodeName);
    }
    if (dataDir != null) {
      map.put("meterflow.data-dir", dataDir.toAbsolutePath().toString());
    }
    return map;
  }
}
