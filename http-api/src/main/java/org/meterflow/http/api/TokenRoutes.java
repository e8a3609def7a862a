package org.meterflow.http.api;

import static org.meterflow.http.api.RouteCatalog.Access.TOKEN;

import java.util.Locale;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code POST /api/v1/tokens}, {@code GET /api/v1/tokens} and {@code DELETE /api/v1/tokens/{id}}: admin only. */
final class TokenRoutes extends RouteSupport {

  /** Body of {@code POST /api/v1/tokens}. */
  record TokenRequest(String role, String consumerId) {}

  private final TokenManagement tokens;

  TokenRoutes(TokenManagement tokens) {
    this.tokens = tokens;
  }

  void declare(RouteCatalog routes) {
    routes.post("/api/v1/tokens", TOKEN, (caller, p) -> adminOnly(caller,
            () -> entity(Json.unmarshaller(TokenRequest.class), this::issue)))
        .get("/api/v1/tokens", TOKEN, (caller, p) -> adminOnly(caller, () -> onComplete(tokens.list(), result -> result.isSuccess()
            ? ok(result.get())
            : problem(StatusCodes.SERVICE_UNAVAILABLE, "Service Unavailable", "token store unavailable"))))
        .delete("/api/v1/tokens/{id}", TOKEN, (caller, p) -> adminOnly(caller, () -> revoke(p.get("id"))));
  }

  private Route adminOnly(Caller caller, Supplier<Route> inner) {
    return caller.role() != Caller.Role.ADMIN
        ? problem(StatusCodes.FORBIDDEN, "Forbidden", "only admins manage tokens")
        : inner.get();
  }

  private Route revoke(String id) {
    return onComplete(tokens.revoke(id), result -> {
      if (result.isFailure()) {
        return problem(StatusCodes.SERVICE_UNAVAILABLE, "Service Unavailable", "token store unavailable");
      }
      return result.get() ? complete(StatusCodes.NO_CONTENT) : notFound("no active token " + id);
    });
  }

  private Route issue(TokenRequest request) {
    Caller.Role role;
    try {
      role = Caller.Role.valueOf(String.valueOf(request.role()).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return badRequest("role must be admin, operator or consumer");
    }
    boolean hasConsumer = request.consumerId() != null && !request.consumerId().isBlank();
    if ((role == Caller.Role.CONSUMER) != hasConsumer) {
      return badRequest("consumerId is required for consumer tokens and not allowed for others");
    }
    return onComplete(tokens.issue(role, hasConsumer ? request.consumerId() : null), result -> result.isSuccess()
        ? complete(StatusCodes.CREATED, result.get(), Json.marshaller())
        : problem(StatusCodes.SERVICE_UNAVAILABLE, "Service Unavailable", "token store unavailable"));
  }
}
