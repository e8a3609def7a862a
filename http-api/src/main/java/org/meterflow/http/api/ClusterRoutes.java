package org.meterflow.http.api;

import static org.meterflow.http.api.RouteCatalog.Access.TOKEN;

import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.meterflow.actors.cluster.ClusterView;

/**
 * {@code GET /api/v1/cluster}, admin only: the cluster as the answering node sees it (members,
 * shards and entities per node, where each singleton runs, the membership changes it observed).
 */
final class ClusterRoutes extends RouteSupport {

  private final ClusterView cluster;

  ClusterRoutes(ClusterView cluster) {
    this.cluster = cluster;
  }

  void declare(RouteCatalog routes) {
    routes.get("/api/v1/cluster", TOKEN, (caller, p) -> caller.role() != Caller.Role.ADMIN
        ? problem(StatusCodes.FORBIDDEN, "Forbidden", "the cluster view is for admins")
        : onComplete(cluster.snapshot(), r -> r.isSuccess()
            ? ok(r.get())
            : problem(StatusCodes.SERVICE_UNAVAILABLE, "Service Unavailable",
                "this node could not gather the cluster view: " + unwrap(r.failed().get()).getMessage())));
  }
}
