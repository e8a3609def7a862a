package org.meterflow.app.cluster;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The {@code meterflow.cluster} block with this node's remoting address: how this node finds the
 * others (seed nodes, or Kubernetes discovery) and what it is called.
 *
 * @param seeds     {@code host:port} of the seed nodes; empty: this node alone
 * @param bootstrap how the cluster forms
 * @param host      this node's canonical remoting host
 * @param port      this node's remoting port (0 = any free port: a single node only)
 * @param nodeName  a stable name for this node ({@code host:port} unless set)
 * @param roles     every role of this node: {@code meterflow}, {@code node-<name>} and extra ones
 * @param liveBatch how long live readings and events are collected before they go to the other nodes
 */
public record ClusterSettings(List<String> seeds, Bootstrap bootstrap, String host, int port, String nodeName,
    List<String> roles, Duration liveBatch) {

  /** The actor system's name: every node of one cluster must use it. */
  public static final String SYSTEM_NAME = "meterflow";
  /** The role every MeterFlow node has. */
  public static final String ROLE = "meterflow";
  /** Prefix of the role that carries a node's name. */
  public static final String NODE_ROLE_PREFIX = "node-";
  /** Where the cluster options are set, for messages. */
  public static final String SETTING =
      "--cluster-seeds / METERFLOW_CLUSTER_SEEDS, METERFLOW_CLUSTER_BOOTSTRAP (meterflow.cluster)";

  public enum Bootstrap { SEEDS, KUBERNETES }

  public ClusterSettings {
    seeds = List.copyOf(seeds);
    roles = List.copyOf(roles);
  }

  /** Reads {@code meterflow.cluster} and {@code pekko.remote.artery.canonical} from the root config. */
  public static ClusterSettings fromConfig(Config root) {
    Config c = root.getConfig("meterflow.cluster");
    String host = root.getString("pekko.remote.artery.canonical.hostname");
    int port = root.getInt("pekko.remote.artery.canonical.port");
    List<String> seeds = split(c.getString("seeds"));
    for (String seed : seeds) {
      int colon = seed.lastIndexOf(':');
      if (colon <= 0 || !seed.substring(colon + 1).matches("\\d{1,5}")) {
        throw new IllegalArgumentException("meterflow.cluster.seeds: '" + seed + "' is not host:port");
      }
    }
    Bootstrap bootstrap;
    try {
      bootstrap = Bootstrap.valueOf(c.getString("bootstrap").trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "meterflow.cluster.bootstrap must be seeds or kubernetes: '" + c.getString("bootstrap") + "'");
    }
    String name = c.getString("node-name").isBlank() ? host + ":" + port : c.getString("node-name").trim();
    if (!name.matches("[A-Za-z0-9._:-]{1,64}")) {
      throw new IllegalArgumentException("meterflow.cluster.node-name: letters, digits, . _ : - only (at most 64): '"
          + name + "'");
    }
    List<String> roles = new ArrayList<>(List.of(ROLE, NODE_ROLE_PREFIX + name));
    split(c.getString("roles")).stream().filter(r -> !roles.contains(r)).forEach(roles::add);
    return new ClusterSettings(seeds, bootstrap, host, port, name, roles, c.getDuration("live-batch"));
  }

  /**
   * Whether this node expects other nodes: discovery by Kubernetes, or a seed other than itself.
   * Such a node refuses the single-node embedded components ({@link SingleNodeComponents}).
   */
  public boolean multiNode() {
    return bootstrap == Bootstrap.KUBERNETES || seeds.stream().anyMatch(s -> !isSelf(s));
  }

  /** The seed nodes' actor-system addresses, for {@code pekko.cluster.seed-nodes}. */
  public List<String> seedNodeAddresses() {
    return seeds.stream().map(s -> "pekko://" + SYSTEM_NAME + "@" + s).toList();
  }

  private boolean isSelf(String seed) {
    return seed.equals(host + ":" + port)
        || (port != 0 && seed.endsWith(":" + port) && isLoopbackName(seed.substring(0, seed.lastIndexOf(':')))
            && isLoopbackName(host));
  }

  private static boolean isLoopbackName(String host) {
    return host.equals("127.0.0.1") || host.equals("localhost");
  }

  private static List<String> split(String text) {
    return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
