package org.meterflow.app.cli;

import java.io.PrintStream;
import org.meterflow.app.Platform;

/** What a person sees when MeterFlow has started: where to look and how to talk to it. */
final class Banner {

  private Banner() {}

  static void print(Platform platform, String extra) {
    PrintStream out = System.out;
    var dataDir = platform.settings().dataDir();
    out.println();
    out.println("  MeterFlow is running.");
    out.println("  Dashboard   " + platform.baseUrl() + "/#token=" + platform.adminToken());
    out.println("  HTTP API    " + platform.baseUrl() + "/api/v1  (Authorization: Bearer $(cat "
        + platform.settings().secretsDir().resolve("admin-token") + "))");
    out.println("  MQTT (TLS)  " + platform.brokerUrl() + "  CA: " + dataDir.resolve("ca.pem"));
    out.println("  Metrics     " + platform.baseUrl() + "/metrics");
    var cluster = platform.settings().cluster();
    if (cluster.multiNode()) {
      out.println("  Cluster     node " + cluster.nodeName() + " (" + cluster.host() + ":" + cluster.port() + "), seeds "
          + String.join(",", cluster.seeds()) + "  " + platform.baseUrl() + "/api/v1/cluster");
    }
    if (extra != null) {
      out.println("  " + extra);
    }
    out.println("  Stop with Ctrl-C.");
    out.println();
    out.flush();
  }
}
