package org.meterflow.http.api;

import java.util.Optional;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.meterflow.model.port.LakeQueries;

/**
 * {@code POST /api/v1/lake/query} with {@code {"sql":"SELECT …"}}: read-only SQL over the data
 * lake (the {@code readings} view), admin only. Answers {@code {"columns":[{"name","type"}],
 * "rows":[[…]],"truncated":false}}; a statement that is not a single SELECT, or is invalid, is a
 * 400 problem, a query cancelled at the timeout a 503.
 */
final class LakeRoutes extends RouteSupport {

  /** Body of {@code POST /api/v1/lake/query}. */
  record QueryRequest(String sql) {}

  private final Optional<LakeQueries> lake;

  LakeRoutes(Optional<LakeQueries> lake) {
    this.lake = lake;
  }

  void declare(RouteCatalog routes) {
    routes.post("/api/v1/lake/query", RouteCatalog.Access.TOKEN, (caller, p) -> query(caller));
  }

  private Route query(Caller caller) {
    if (caller.role() != Caller.Role.ADMIN) {
      return problem(StatusCodes.FORBIDDEN, "Forbidden", "SQL over the lake is for admins");
    }
    if (lake.isEmpty()) {
      return problem(StatusCodes.SERVICE_UNAVAILABLE, "Service Unavailable",
          "the data lake is disabled (meterflow.lake.enabled = false)");
    }
    return entity(Json.unmarshaller(QueryRequest.class), request -> {
      if (request.sql() == null || request.sql().isBlank()) {
        return badRequest("give the query as {\"sql\": \"SELECT …\"}");
      }
      return onComplete(lake.get().query(request.sql()), result -> {
        if (result.isSuccess()) {
          return ok(result.get());
        }
        Throwable e = unwrap(result.failed().get());
        if (e instanceof LakeQueries.Refused) {
          return badRequest(e.getMessage());
        }
        if (e instanceof LakeQueries.TimedOut) {
          return problem(StatusCodes.SERVICE_UNAVAILABLE, "Query Timed Out", e.getMessage());
        }
        throw new IllegalStateException("lake query failed", e);
      });
    });
  }
}
