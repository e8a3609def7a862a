package org.meterflow.http.api;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import java.util.Map;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The routes behind the built-in pages: {@code GET /api/v1/me} (who the token is),
 * {@code GET /api/v1/consumers/{id}/usage} (staff, or the consumer themself; others 404) and
 * {@code GET /api/v1/meters?q=&limit=} (staff).
 */
final class DashboardRoutes extends RouteSupport {

  static final int MAX_HITS = 100;

  private final DashboardQueries queries;

  DashboardRoutes(DashboardQueries queries) {
    this.queries = queries;
  }

  void declare(RouteCatalog routes) {
    routes.get("/api/v1/me", RouteCatalog.Access.TOKEN, (caller, p) -> me(caller))
        .get("/api/v1/consumers/{id}/usage", RouteCatalog.Access.TOKEN, (caller, p) -> usage(caller, p.get("id")))
        .get("/api/v1/meters", RouteCatalog.Access.TOKEN, (caller, p) -> search(caller));
  }

  /** {@code GET /api/v1/me}. */
  Route me(Caller caller) {
    return ok(new Me(caller.tokenId(), caller.role().name().toLowerCase(java.util.Locale.ROOT), caller.consumerId()));
  }

  /** {@code GET /api/v1/consumers/{id}/usage}. */
  Route usage(Caller caller, String id) {
    return get(() -> {
      if (!caller.isStaff() && !id.equals(caller.consumerId())) {
        return notFound("no consumer " + id);
      }
      return onComplete(queries.usage(id), r -> {
        if (r.isFailure()) {
          return problem(StatusCodes.SERVICE_UNAVAILABLE, "Service Unavailable",
              "usage unavailable: " + unwrap(r.failed().get()).getMessage());
        }
        if (r.get().meters().isEmpty()) {
          return notFound("consumer " + id + " has no meters");
        }
        return ok(r.get());
      });
    });
  }

  /** {@code GET /api/v1/meters?q=&limit=}: meter search for staff. */
  Route search(Caller caller) {
    return parameterOptional("q", q -> parameterOptional("limit", limit -> {
      if (!caller.isStaff()) {
        return problem(StatusCodes.FORBIDDEN, "Forbidden", "meter search is for utility staff");
      }
      int max;
      try {
        max = limit.map(Integer::parseInt).orElse(20);
      } catch (NumberFormatException e) {
        return badRequest("limit must be a whole number");
      }
      if (max < 1 || max > MAX_HITS) {
        return badRequest("limit must be between 1 and " + MAX_HITS);
      }
      String query = q.orElse("").trim();
      if (query.length() > 64) {
        return badRequest("q is at most 64 characters");
      }
      return onComplete(queries.searchMeters(query, max), r -> r.isFailure()
          ? problem(StatusCodes.SERVICE_UNAVAILABLE, "Service Unavailable", "meter registry unavailable")
          : ok(Map.of("query", query, "meters", r.get())));
    }));
  }

  /** Body of {@code GET /api/v1/me}; {@code consumerId} null for staff. */
  record Me(String tokenId, String role, String consumerId) {}
}
