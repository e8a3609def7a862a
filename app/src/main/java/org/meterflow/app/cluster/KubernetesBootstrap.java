package org.meterflow.app.cluster;

import com.typesafe.config.Config;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forms the cluster on Kubernetes ({@code meterflow.cluster.bootstrap = kubernetes}): starts
 * pekko-management's HTTP endpoint and Cluster Bootstrap with Kubernetes API discovery
 * ({@code bootstrap.conf}; manifests and RBAC in {@code deploy/k8s/}).
 *
 * <p>The pods of the StatefulSet are listed by label from the API server; each probes the others'
 * management endpoints, and once {@code required-contact-points} of them agree the one with the
 * lowest address forms the cluster and the others join it. A node whose management endpoint
 * cannot bind is never found by the others: it stops (CoordinatedShutdown) so that Kubernetes
 * restarts it, rather than serve alone.
 */
public final class KubernetesBootstrap {

  private static final Logger log = LoggerFactory.getLogger(KubernetesBootstrap.class);

  /**
   * The {@code meterflow.cluster} keys of {@code bootstrap.conf}.
   *
   * @param managementHost    where pekko-management binds and what it announces (the pod IP)
   * @param managementPort    its port; the container port named {@code management}
   * @param serviceName       the service the contact points belong to
   * @param podLabelSelector  the label selector that lists the pods
   * @param requiredContacts  contact points needed before a new cluster forms
   */
  public record Settings(String managementHost, int managementPort, String serviceName, String podLabelSelector,
      int requiredContacts) {

    public static Settings fromConfig(Config root) {
      Config c = root.getConfig("meterflow.cluster");
      return new Settings(c.getString("management.host"), c.getInt("management.port"),
          c.getString("kubernetes.service-name"), c.getString("kubernetes.pod-label-selector"),
          c.getInt("kubernetes.required-contact-points"));
    }
  }

  private KubernetesBootstrap() {}

  /**
   * Starts the management endpoint and Cluster Bootstrap. The node joins (or forms) the cluster
   * asynchronously; call this instead of joining seed nodes.
   *
   * @throws IllegalStateException when seed nodes are configured too (one way to join, not two), or
   *     outside a pod (no service account to ask the API server with)
   */
  public static void start(ActorSystem<?> system, Config config) {
    Settings settings = Settings.fromConfig(config);
    if (!config.getStringList("pekko.cluster.seed-nodes").isEmpty()) {
      throw new IllegalStateException("meterflow.cluster.bootstrap = kubernetes finds the other nodes itself: "
          + "unset the cluster seeds (METERFLOW_CLUSTER_SEEDS / --cluster-seeds)");
    }
    if (settings.requiredContacts() < 1) {
      throw new IllegalStateException("meterflow.cluster.kubernetes.required-contact-points must be at least 1 "
          + "(METERFLOW_K8S_REQUIRED_CONTACTS)");
    }
    log.info("Cluster bootstrap on Kubernetes: management on {}:{}, pods '{}' of service '{}', {} contact points",
        settings.managementHost(), settings.managementPort(), settings.podLabelSelector(), settings.serviceName(),
        settings.requiredContacts());
    PekkoManagement.get(system).start().whenComplete((uri, failure) -> {
      if (failure != null) {
        log.error("pekko-management could not bind {}:{} (METERFLOW_MANAGEMENT_HOST / METERFLOW_MANAGEMENT_PORT); "
            + "without it no other node finds this one: stopping", settings.managementHost(),
            settings.managementPort(), failure);
        CoordinatedShutdown.get(system).run(CoordinatedShutdown.unknownReason());
      } else {
        log.info("pekko-management listening on {}", uri);
      }
    });
    try {
      ClusterBootstrap.get(system).start();
    } catch (Exception e) { // also the checked IOException Scala throws when the service account is missing
      PekkoManagement.get(system).stop();
      throw new IllegalStateException("meterflow.cluster.bootstrap = kubernetes runs only in a Kubernetes pod with "
          + "a service account (deploy/k8s/): " + e.getMessage() + "; elsewhere use the cluster seeds "
          + "(METERFLOW_CLUSTER_BOOTSTRAP=seeds, METERFLOW_CLUSTER_SEEDS)", e);
    }
  }
}
