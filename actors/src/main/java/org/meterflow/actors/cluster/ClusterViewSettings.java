package org.meterflow.actors.cluster;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What {@link ClusterView} needs from configuration: the {@code meterflow.cluster} view keys
 * ({@code cluster-view.conf}) and, to say who downs members and where singletons may run, the
 * relevant {@code pekko.cluster} keys.
 *
 * @param timeout      how long the view waits for the shard regions and the singleton look-ups
 * @param historySize  membership changes kept (the oldest is dropped first)
 * @param singletons   the names of the platform's cluster singletons ({@code SingletonActor.of(…, name)})
 * @param singletonRole the role a member needs to host a singleton, if any ({@code pekko.cluster.singleton.role})
 * @param downing      who downs unreachable members
 */
public record ClusterViewSettings(
    Duration timeout,
    int historySize,
    List<String> singletons,
    Optional<String> singletonRole,
    Downing downing) {

  /** The downing provider; {@code strategy} and {@code stableAfter} are set for the split-brain resolver only. */
  public record Downing(String provider, String strategy, String stableAfter) {

    /** Who a down is attributed to in the history, e.g. {@code split-brain-resolver (keep-majority, stable-after 20s)}. */
    public String by() {
      return strategy == null ? provider : provider + " (" + strategy + ", stable-after " + stableAfter + ")";
    }
  }

  static final String SBR_PROVIDER = "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider";

  public ClusterViewSettings {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("meterflow.cluster.view-timeout must be positive, was " + timeout);
    }
    if (historySize < 1) {
      throw new IllegalArgumentException("meterflow.cluster.view-history must be at least 1, was " + historySize);
    }
    singletons = List.copyOf(singletons);
  }

  /** From the whole configuration (both {@code meterflow.cluster} and {@code pekko.cluster}). */
  public static ClusterViewSettings fromConfig(Config config) {
    Config view = config.getConfig("meterflow.cluster");
    Config pekko = config.getConfig("pekko.cluster");
    String role = pekko.hasPath("singleton.role") ? pekko.getString("singleton.role") : "";
    return new ClusterViewSettings(view.getDuration("view-timeout"), view.getInt("view-history"),
        view.getStringList("singletons"), role.isBlank() ? Optional.empty() : Optional.of(role), downing(pekko));
  }

  private static Downing downing(Config pekko) {
    String provider = pekko.hasPath("downing-provider-class") ? pekko.getString("downing-provider-class") : "";
    if (provider.isBlank()) {
      return new Downing("none (members are downed by hand)", null, null);
    }
    if (!provider.equals(SBR_PROVIDER)) {
      return new Downing(provider, null, null);
    }
    Config sbr = pekko.getConfig("split-brain-resolver");
    return new Downing("split-brain-resolver", sbr.getString("active-strategy"), human(sbr.getDuration("stable-after")));
  }

  /** 20s, 1500ms. */
  static String human(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
